"""axe-core finds no accessibility violation, of any impact, on any public page; and the
Content-Security-Policy blocks nothing that a public page needs."""

import pytest
from django.urls import reverse

from comparisons.pages import ARTICLE_SLUG
from tests.test_validity import PUBLIC_PAGES

PHONE = {"width": 390, "height": 844}
ARTICLE = reverse("comparisons:article-detail", args=[ARTICLE_SLUG])
PHONE_PAGES = ["/compare/flask-vs-django/", ARTICLE, "/benchmarks/", "/frameworks/"]


def _axe():
    try:
        from axe_playwright_python.sync_playwright import Axe
    except ImportError:
        pytest.skip("axe-playwright-python is not installed: make install-dev")
    return Axe()


def _described(violations) -> str:
    lines = []
    for violation in violations:
        nodes = violation["nodes"]
        target = nodes[0]["target"] if nodes else "?"
        lines.append(
            f"{violation['id']} ({violation['impact']}, {len(nodes)} node(s)), "
            f"first at {target}: {violation['help']}"
        )
    return "\n".join(lines)


def _assert_no_violations(page, url):
    # Every rule axe runs by default (WCAG 2.x A and AA plus best practices), every impact.
    results = _axe().run(page)
    violations = results.response["violations"]
    assert not violations, f"axe violations on {url}:\n{_described(violations)}"


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_public_page_has_no_accessibility_violations(page, site, url):
    response = page.goto(site + url)
    assert response.status == 200, f"{url} answered {response.status}"
    _assert_no_violations(page, url)


@pytest.mark.parametrize("url", PHONE_PAGES)
def test_public_page_has_no_accessibility_violations_on_a_phone(browser, site, url):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    try:
        page = context.new_page()
        response = page.goto(site + url)
        assert response.status == 200, f"{url} answered {response.status}"
        _assert_no_violations(page, url)
    finally:
        context.close()


def test_content_security_policy_blocks_nothing_on_public_pages(page, site):
    """The CSP header is on, and no public page trips it (inline style, script, image...)."""
    reports = []
    page.on(
        "console",
        lambda message: (
            reports.append(f"{page.url}: {message.text}")
            if "Content Security Policy" in message.text
            else None
        ),
    )
    # Violations also reach the page as events, which catch what the console may not log.
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation', event => console.error("
        "`Content Security Policy violation: ${event.violatedDirective} ${event.blockedURI}`))"
    )
    for url in PUBLIC_PAGES:
        response = page.goto(site + url)
        assert response.status == 200, f"{url} answered {response.status}"
        assert "default-src 'self'" in (response.header_value("content-security-policy") or "")
        page.wait_for_load_state("load")
    assert not reports, "CSP violations:\n" + "\n".join(reports)
