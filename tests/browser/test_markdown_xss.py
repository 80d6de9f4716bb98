"""Hostile editor Markdown runs nothing in a reader's browser, with or without the CSP.

The payloads try to set ``window.__xss`` or open a dialog; the checks then look for what
would let them: ``<script>`` elements or ``on*`` attributes inside rendered Markdown, and
``javascript:`` URLs anywhere on the page.
"""

import pytest
from django.urls import reverse

from comparisons.models import ArticleSection, AttributeValue, Category, Framework
from comparisons.pages import ARTICLE_SLUG
from tests.test_validity import PUBLIC_PAGES

ARTICLE = reverse("comparisons:article-detail", args=[ARTICLE_SLUG])

PAYLOAD = """\
Marker {marker}.

<script>window.__xss = true; alert("script")</script>

<img src=x onerror="window.__xss = true; alert('img')">

<a href="https://example.org/" onclick="window.__xss = true">an onclick link</a>

<svg onload="window.__xss = true"><circle r="5"/></svg>

<details open ontoggle="window.__xss = true"><summary>x</summary></details>

<iframe src="javascript:window.parent.__xss = true"></iframe>

[a javascript link](javascript:alert(1)) and [another](javascript:window.__xss=true)

[upper case](JAVASCRIPT:alert(1)), [entity](jav&#x61;script:alert(1)),
[tab](java&#9;script:alert(1)), [data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)

![an image](javascript:alert(1))

<javascript:alert(1)>

[title](https://example.org/ "x\\" onmouseover=\\"window.__xss=true")

[reference][evil]

[evil]: javascript:alert(1)
"""

# Every attribute, anywhere on the page, whose value is a script URL (blanks and controls
# removed first, as browsers do).
FIND_JAVASCRIPT_URLS = """() => {
  const found = [];
  for (const element of document.querySelectorAll("*")) {
    for (const attribute of element.attributes) {
      const value = attribute.value.replace(/[\\s\\u0000-\\u001f]/g, "").toLowerCase();
      if (value.startsWith("javascript:") || value.startsWith("vbscript:")) {
        found.push(`<${element.localName} ${attribute.name}="${attribute.value}">`);
      }
    }
  }
  // And links as the browser resolves them, whatever their spelling.
  for (const link of document.querySelectorAll("a[href], area[href]")) {
    if (!["http:", "https:", "mailto:"].includes(link.protocol)) {
      found.push(`<${link.localName} href="${link.getAttribute("href")}"> (${link.protocol})`);
    }
  }
  return found;
}"""
FIND_ACTIVE_MARKUP = """() => {
  const found = [];
  for (const container of document.querySelectorAll(".prose, .cell-note")) {
    for (const element of container.querySelectorAll("*")) {
      if (["script", "iframe", "object", "embed", "svg", "img", "style"].includes(
          element.localName)) {
        found.push(`<${element.localName}>`);
      }
      for (const attribute of element.attributes) {
        if (attribute.name.toLowerCase().startsWith("on") || attribute.name === "style") {
          found.push(`<${element.localName} ${attribute.name}="${attribute.value}">`);
        }
      }
    }
  }
  return found;
}"""


@pytest.fixture
def hostile_markdown(site):
    """The payload saved, as an editor would, in each Markdown field the pages render."""
    flask = Framework.objects.get(slug="flask")
    flask.philosophy = PAYLOAD.format(marker="PHILOSOPHY-PAYLOAD")
    flask.save()

    category = Category.objects.get(slug="key-features")
    category.description = PAYLOAD.format(marker="CATEGORY-PAYLOAD")
    category.save()

    section = ArticleSection.objects.filter(article__slug=ARTICLE_SLUG).first()
    section.body = PAYLOAD.format(marker="SECTION-PAYLOAD")
    section.save()

    cell = AttributeValue.objects.get(framework=flask, attribute__slug="routing")
    cell.note = PAYLOAD.format(marker="NOTE-PAYLOAD")
    cell.save()
    return site


# Where each payload must show (as harmless text), proving that the page rendered it.
EXPECTED_MARKERS = {
    "/frameworks/flask/": {
        ".prose": ["PHILOSOPHY-PAYLOAD", "CATEGORY-PAYLOAD"],
        ".cell-note": ["NOTE-PAYLOAD"],
    },
    ARTICLE: {".prose": ["SECTION-PAYLOAD", "PHILOSOPHY-PAYLOAD"]},
}
PAGES = list(dict.fromkeys([*EXPECTED_MARKERS, *PUBLIC_PAGES]))


@pytest.mark.parametrize("csp", ["with the CSP", "without the CSP"])
def test_hostile_markdown_runs_nothing(browser, hostile_markdown, csp):
    # Without the CSP the sanitizer stands alone: a payload that got through would run.
    context = browser.new_context(bypass_csp=csp == "without the CSP")
    dialogs, errors = [], []
    try:
        page = context.new_page()
        page.add_init_script("window.__xss = false")
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.on("pageerror", lambda error: errors.append(str(error)))
        for url in PAGES:
            response = page.goto(hostile_markdown + url)
            assert response.status == 200, f"{url} answered {response.status}"
            page.wait_for_load_state("load")
            for selector, markers in EXPECTED_MARKERS.get(url, {}).items():
                text = " ".join(page.locator(selector).all_inner_texts())
                for marker in markers:
                    assert marker in text, f"{marker} not rendered in {selector} on {url}"
            # Hovering and clicking what the payloads rendered triggers nothing either.
            for link in page.locator(".prose a, .cell-note a").all()[:20]:
                link.hover()
            assert page.evaluate("window.__xss") is False, f"a payload ran on {url}"
            assert page.evaluate(FIND_ACTIVE_MARKUP) == [], f"active markup in Markdown on {url}"
            assert page.evaluate(FIND_JAVASCRIPT_URLS) == [], f"javascript: URL on {url}"
        assert dialogs == [], f"dialogs opened: {dialogs}"
        assert errors == [], f"JavaScript errors: {errors}"
    finally:
        context.close()
