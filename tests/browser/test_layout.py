"""Tables as readers meet them at 1280 px and on a 390 px phone: what fits, what sticks."""

import pytest

VIEWPORTS = {"desktop": (1280, 900), "phone": (390, 844)}


# Words (runs of letters) that the browser split across two lines inside a table cell.
SPLIT_WORDS = """table => {
  const split = [];
  const walker = document.createTreeWalker(table, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (const match of node.textContent.matchAll(/[A-Za-z]{4,}/g)) {
      const range = document.createRange();
      range.setStart(node, match.index);
      range.setEnd(node, match.index + match[0].length);
      const lines = new Set([...range.getClientRects()].map(rect => Math.round(rect.top)));
      if (lines.size > 1) split.push(match[0]);
    }
  }
  return split;
}"""


@pytest.mark.parametrize("device", VIEWPORTS)
def test_compare_columns_are_the_chosen_frameworks_and_no_word_is_split(new_page, site, device):
    width, height = VIEWPORTS[device]
    page = new_page(width=width, height=height)
    page.goto(site + "/compare/flask-vs-fastapi-vs-django/")
    table = page.locator("table.data-table").first
    headers = table.locator("thead th").all_inner_texts()
    assert [header.split("\n")[0].strip(" ↕▲▼") for header in headers] == [
        "Attribute",
        "Flask",
        "FastAPI",
        "Django",
    ]
    assert table.evaluate(SPLIT_WORDS) == []  # no header broken mid-word ("Authenticati / on")
    box = page.get_by_role("region", name="Flask vs FastAPI vs Django: every category table")
    scroll_width, client_width = box.evaluate("box => [box.scrollWidth, box.clientWidth]")
    if device == "desktop":
        assert scroll_width <= client_width, f"the table scrolls sideways: {scroll_width}px"
    else:  # three readable columns scroll in their box, and the reader is told so
        assert page.locator(".scroll-cue").first.is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_more_frameworks_than_fit_scroll_inside_their_box_with_a_cue_on_phones(
    new_page, site, add_frameworks
):
    add_frameworks(5)  # 8 frameworks: one full page of columns
    page = new_page(width=390, height=844)
    page.goto(site + "/compare/")
    assert page.locator("table.data-table thead th").count() == 9
    box = page.locator(".table-scroll").first
    assert box.evaluate("box => box.scrollWidth > box.clientWidth")
    assert page.locator(".scroll-cue").first.is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def _scroll_into_rows_and_check_the_header(page, table, height, wheel_over):
    box = wheel_over.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, max(box["y"], 0) + 200)
    # Wheel scrolling is animated (and a busy machine may drop a tick): wheel, then wait
    # until the second row has gone under the header.
    second_row = table.locator("tbody tr").nth(1)
    header_cell = table.locator("thead th").nth(1)
    for _ in range(30):
        page.mouse.wheel(0, 100)
        page.wait_for_timeout(100)
        if second_row.bounding_box()["y"] < header_cell.bounding_box()["y"]:
            break
    header = header_cell.bounding_box()
    assert header["y"] >= -1 and header["y"] + header["height"] <= height, header
    # The header row is on top of the rows scrolled under it...
    on_top = header_cell.evaluate(
        """cell => {
          const r = cell.getBoundingClientRect();
          return cell.contains(document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2));
        }"""
    )
    assert on_top
    # ...and the first rows really went by: they are above the header now.
    first_row = table.locator("tbody tr").nth(1).bounding_box()
    assert first_row["y"] < header["y"]


@pytest.mark.parametrize("device", VIEWPORTS)
def test_a_tall_tables_header_row_stays_in_view_after_scrolling_into_it(new_page, site, device):
    """Three frameworks: the table fits the width, and its header sticks to the window."""
    width, height = VIEWPORTS[device]
    page = new_page(width=width, height=height)
    page.goto(site + "/compare/")
    table = page.locator("table.data-table").first
    assert table.bounding_box()["height"] > height, "the table should be taller than the window"
    table.evaluate("table => table.scrollIntoView({block: 'start'})")
    _scroll_into_rows_and_check_the_header(page, table, height, table)


@pytest.mark.parametrize("device", VIEWPORTS)
def test_a_wide_and_tall_table_scrolls_in_a_box_whose_header_and_first_column_stick(
    new_page, site, add_frameworks, device
):
    add_frameworks(5)  # 8 frameworks: wider than the window
    width, height = VIEWPORTS[device]
    page = new_page(width=width, height=height)
    page.goto(site + "/compare/")
    table = page.locator("table.data-table").first
    box = page.locator(".table-scroll").first
    assert box.evaluate("box => box.scrollWidth > box.clientWidth")
    # The box is never taller than the window, so all of it fits on the screen at once.
    assert box.bounding_box()["height"] <= height
    box.evaluate("box => box.scrollIntoView({block: 'end'})")
    _scroll_into_rows_and_check_the_header(page, table, height, box)
    assert box.evaluate("box => box.scrollTop") > 0, "the rows scroll inside the box"
    box.evaluate("box => { box.scrollLeft = box.scrollWidth; }")
    first_column = table.locator("tbody tr:not(.group-row) th").nth(3).bounding_box()
    assert abs(first_column["x"] - box.bounding_box()["x"]) <= 2


def test_benchmarks_page_stays_under_5500_px_at_1280(new_page, site):
    # A page of results: five benchmarks, each a chart and a table of up to 13 frameworks.
    page = new_page(width=1280, height=900)
    page.goto(site + "/benchmarks/")
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height < 5500, f"/benchmarks/ is {height}px tall"
    assert page.locator("section.benchmark-group").count() == 5
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280


def test_benchmarks_page_is_usable_on_a_phone(new_page, site):
    page = new_page(width=390, height=844)
    page.goto(site + "/benchmarks/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    # Charts keep legible labels: at least as wide as the phone, scrolling in their figure.
    figure = page.locator("figure.benchmark-chart").first
    assert figure.bounding_box()["width"] <= 390
    assert figure.locator("svg").bounding_box()["width"] >= 390 - 24


def test_frameworks_table_starts_within_the_first_screen_on_a_phone(new_page, site):
    page = new_page(width=390, height=844)
    page.goto(site + "/frameworks/")
    top = page.locator("table.data-table").first.bounding_box()["y"]
    assert top < 844 - 150, f"the table starts {top}px down"
    # The filters are one tap away, folded under the heading.
    summary = page.locator("summary", has_text="Filter frameworks")
    assert summary.bounding_box()["y"] < top
    summary.click()
    assert page.get_by_label("Search").is_visible()


def test_frameworks_key_columns_fit_1280(new_page, site):
    page = new_page(width=1280, height=900)
    page.goto(site + "/frameworks/")
    box = page.locator(".table-scroll").first
    scroll_width, client_width = box.evaluate("box => [box.scrollWidth, box.clientWidth]")
    assert scroll_width <= client_width
