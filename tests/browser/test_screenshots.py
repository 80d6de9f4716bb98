"""Full-page screenshots of every public page at desktop and phone widths, for review.

Written to artifacts/screenshots/<name>-<width>.png. The phone run also checks that no
page scrolls sideways: wide tables must scroll inside their own box.
"""

import re

import pytest

from comparisons.models import Release
from comparisons.pages import reader_paths

# Each reader page, named for its path: /compare/flask-vs-django/ is compare-flask-vs-django.
PAGES = {re.sub(r"[^a-z0-9]+", "-", path).strip("-") or "home": path for path in reader_paths()}

VIEWPORTS = {"desktop": (1280, 900), "phone": (390, 844)}

# Elements that stick out past the right edge of the window, outside any scroll box.
OVERFLOWING = """() => {
  const width = window.innerWidth;
  const inScrollBox = node => {
    for (let up = node.parentElement; up; up = up.parentElement) {
      const overflow = getComputedStyle(up).overflowX;
      if (overflow === 'auto' || overflow === 'scroll' || overflow === 'hidden') return true;
    }
    return false;
  };
  return [...document.body.querySelectorAll('*')]
    .filter(node => node.getBoundingClientRect().right > width + 0.5 && !inScrollBox(node))
    .slice(0, 5)
    .map(node => node.tagName.toLowerCase() + (node.className ? '.' + node.className : '')
      + ' (right edge ' + Math.round(node.getBoundingClientRect().right) + 'px)');
}"""


@pytest.fixture
def a_change(site):
    """One recorded edit, so that /changes/ shows an entry."""
    release = Release.objects.get(framework__slug="flask", version="3.1.3")
    release.notes = "Fixes how sessions are signed."
    release.save()


@pytest.mark.parametrize("device", VIEWPORTS)
def test_screenshots_of_every_public_page(new_page, site, artifacts, a_change, device):
    width, height = VIEWPORTS[device]
    page = new_page(width=width, height=height)
    folder = artifacts / "screenshots"
    folder.mkdir(exist_ok=True)
    overflows = {}
    for name, path in PAGES.items():
        response = page.goto(site + path)
        assert response.ok, f"{path} answered {response.status}"
        page.screenshot(path=folder / f"{name}-{width}.png", full_page=True)
        scroll_width, inner_width = page.evaluate(
            "[document.documentElement.scrollWidth, window.innerWidth]"
        )
        if scroll_width > inner_width:
            overflows[path] = (scroll_width, page.evaluate(OVERFLOWING))
    assert not overflows, f"Pages wider than the {width}px window: {overflows}"


def test_short_tables_fit_a_phone_without_sideways_scrolling(new_page, site):
    """Wide tables may scroll in their box; a table of two or three columns must not."""
    page = new_page(width=390, height=844)
    page.goto(site + "/frameworks/flask/")
    boxes = page.evaluate(
        """[...document.querySelectorAll('.table-scroll')]
          .filter(box => box.querySelectorAll('thead th').length <= 3)
          .map(box => [box.getAttribute('aria-label'), box.scrollWidth, box.clientWidth])"""
    )
    assert len(boxes) >= 4  # releases and one table per category
    too_wide = [(label, width) for label, width, shown in boxes if width > shown]
    assert not too_wide, f"These tables scroll sideways on a 390px phone: {too_wide}"


def test_a_scrolled_wide_table_keeps_its_first_column_and_its_header_in_view(new_page, site):
    page = new_page(width=390, height=844)
    page.goto(site + "/compare/?view=transposed")  # frameworks as rows: a wide table
    box = page.get_by_role("region", name=re.compile("every category table"))
    box.evaluate("box => { box.scrollLeft = box.scrollWidth; }")
    assert box.evaluate("box => box.scrollLeft") > 0, "the table should be wider than a phone"
    box.scroll_into_view_if_needed()
    left = box.bounding_box()["x"]
    for cell in (
        box.get_by_role("columnheader", name="Framework", exact=True),
        box.get_by_role("rowheader", name="Flask", exact=True),
    ):
        cell_box = cell.bounding_box()
        assert abs(cell_box["x"] - left) <= 2, f"{cell} scrolled out of view"
        # Nothing scrolled over it: it is what a tap on its middle reaches.
        on_top = cell.evaluate(
            """cell => {
              const r = cell.getBoundingClientRect();
              const middle = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
              return cell.contains(middle);
            }"""
        )
        assert on_top, f"{cell} is covered by the cells scrolled under it"
