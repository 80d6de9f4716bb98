"""A reader in a real browser: sorting, filtering, comparing, exporting, choosing, keyboard only."""

import csv
import re

from playwright.sync_api import expect

# A cell's plain text, as the exports write it: without aria-hidden decoration (sort
# arrows, support symbols, the "≠" marker) or visually hidden additions for screen
# readers ("(differs)", "sorted by"), whitespace collapsed.
PLAIN_TEXT = """cell => {
  const copy = cell.cloneNode(true);
  copy.querySelectorAll('[aria-hidden="true"], .visually-hidden, .note-ref')
    .forEach(node => node.remove());
  return copy.textContent.replace(/\\s+/g, ' ').trim();
}"""


def data_table(page):
    return page.locator("table.data-table").first


def row_names(page):
    cells = data_table(page).locator("tbody tr > :first-child").all()
    return [cell.evaluate(PLAIN_TEXT) for cell in cells]


def column_names(page):
    return [header.evaluate(PLAIN_TEXT) for header in data_table(page).locator("thead th").all()]


def table_text(page):
    """The table as rows of spoken cell texts, header row first."""
    table = data_table(page)
    rows = [column_names(page)]
    for row in table.locator("tbody tr").all():
        rows.append([cell.evaluate(PLAIN_TEXT) for cell in row.locator("th, td").all()])
    return rows


def test_sorting_by_a_header_reorders_rows_and_sets_aria_sort(page, seed_site):
    page.goto(seed_site + "/frameworks/")
    assert row_names(page) == ["Flask", "FastAPI", "Django"]
    header = page.get_by_role("columnheader", name="First release")
    expect(header).not_to_have_attribute("aria-sort", re.compile(".*"))

    header.get_by_role("link").click()
    expect(page).to_have_url(re.compile(r"[?&]sort=first_release$"))
    expect(header).to_have_attribute("aria-sort", "ascending")
    assert row_names(page) == ["Django", "Flask", "FastAPI"]  # 2005, 2010, 2018
    expect(data_table(page).locator("caption")).to_contain_text("sorted by First release")

    header.get_by_role("link").click()
    expect(page).to_have_url(re.compile(r"[?&]sort=-first_release$"))
    expect(header).to_have_attribute("aria-sort", "descending")
    assert row_names(page) == ["FastAPI", "Flask", "Django"]
    # Only the sorted column claims to be sorted.
    expect(data_table(page).locator("th[aria-sort]")).to_have_count(1)


def test_filtering_by_a_feature_keeps_only_matching_frameworks(page, seed_site):
    page.goto(seed_site + "/frameworks/")
    page.locator("summary", has_text="Filter frameworks").click()
    orm = page.get_by_label("Built-in ORM")
    orm.check()
    page.get_by_role("button", name="Apply filters").click()
    expect(page).to_have_url(re.compile(r"features=built-in-orm"))
    assert row_names(page) == ["Django"]
    expect(page.get_by_role("status")).to_have_text("1 framework")
    expect(page.get_by_label("Built-in ORM")).to_be_checked()
    expect(page.get_by_role("alert")).to_have_count(0)


def test_an_invalid_filter_value_shows_an_error_and_still_shows_rows(page, seed_site):
    page.goto(seed_site + "/frameworks/?features=no-such-feature&kind=Microframework")
    alert = page.get_by_role("alert")
    expect(alert).to_be_visible()
    expect(alert).to_contain_text("Features")
    expect(alert).to_contain_text("no-such-feature")
    # The valid part of the query still filters.
    assert row_names(page) == ["Flask"]
    page.goto(seed_site + "/frameworks/?features=no-such-feature")
    expect(page.get_by_role("alert")).to_be_visible()
    assert row_names(page) == ["Flask", "FastAPI", "Django"]


def attribute_names(page):
    """The attribute rows of the compare table (its category heading rows left out)."""
    cells = data_table(page).locator("tbody tr:not(.group-row) > th").all()
    return [cell.evaluate(PLAIN_TEXT) for cell in cells]


def test_picking_frameworks_to_compare_lands_on_the_permalink(page, seed_site):
    page.goto(seed_site + "/compare/")
    picker = page.get_by_role("form", name="Choose what to compare")
    # What is on display is ticked: every framework and every category.
    for name in ("Flask", "FastAPI", "Django", "Key features", "Performance"):
        expect(picker.get_by_label(name, exact=True)).to_be_checked()
    picker.get_by_label("FastAPI", exact=True).uncheck()
    picker.get_by_role("button", name="Compare").click()

    expect(page).to_have_url(re.compile(r"/compare/flask-vs-django/(\?|$)"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Flask vs Django")
    assert column_names(page) == ["Attribute", "Flask", "Django"]
    expect(page.locator(".permalink a")).to_have_attribute(
        "href", re.compile(r"/compare/flask-vs-django/$")
    )
    # The picker shows the permalink's choice.
    expect(picker.get_by_label("Flask", exact=True)).to_be_checked()
    expect(picker.get_by_label("FastAPI", exact=True)).not_to_be_checked()
    all_rows = attribute_names(page)
    assert "Routing" in all_rows
    marked = data_table(page).locator("tr.differs > th").all_inner_texts()
    assert any(name.startswith("Built-in ORM") for name in marked)
    assert not any(name.startswith("Routing") for name in marked)

    picker.get_by_label("Frameworks as rows").check()
    picker.get_by_role("button", name="Compare").click()
    expect(page).to_have_url(re.compile(r"/compare/flask-vs-django/\?.*view=transposed"))
    assert row_names(page) == ["Flask", "Django"]
    assert "Routing" in column_names(page)

    picker.get_by_label("Frameworks as columns").check()
    picker.get_by_label("Only show where they differ").check()
    picker.get_by_role("button", name="Compare").click()
    expect(page).to_have_url(re.compile(r"differences=on"))
    expect(picker.get_by_label("Only show where they differ")).to_be_checked()
    expect(picker.get_by_label("Frameworks as columns")).to_be_checked()
    differing = attribute_names(page)
    assert "Routing" not in differing  # both: Yes
    assert "Built-in ORM" in differing  # No against Yes
    assert 0 < len(differing) < len(all_rows)
    expect(data_table(page).locator("tr.differs")).to_have_count(len(differing))


def test_the_picker_lands_on_a_clean_permalink(page, seed_site):
    page.goto(seed_site + "/compare/")
    page.get_by_label("FastAPI", exact=True).uncheck()
    page.get_by_role("button", name="Compare").click()
    page.wait_for_url(re.compile(r"/compare/flask-vs-django/"))
    assert page.url == seed_site + "/compare/flask-vs-django/"


def test_sorting_by_a_framework_column_orders_the_rows_of_each_category(page, seed_site):
    page.goto(seed_site + "/compare/flask-vs-django/?categories=key-features")
    data_table(page).locator("thead a.sort-link", has_text="Django").click()
    expect(page).to_have_url(re.compile(r"sort=fw-django"))
    expect(page.get_by_role("columnheader", name="Django")).to_have_attribute(
        "aria-sort", "ascending"
    )
    names = attribute_names(page)
    assert names.index("REST Framework") < names.index("Built-in ORM")  # extension, then yes


def test_a_permalink_in_another_order_redirects_to_the_canonical_url(page, seed_site):
    response = page.goto(seed_site + "/compare/django-vs-flask/")
    assert response.ok
    expect(page).to_have_url(seed_site + "/compare/flask-vs-django/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Flask vs Django")
    assert column_names(page) == ["Attribute", "Flask", "Django"]
    canonical = page.locator("link[rel=canonical]")
    expect(canonical).to_have_attribute("href", re.compile(r"/compare/flask-vs-django/$"))


def read_download(page, link_text):
    with page.expect_download() as info:
        page.get_by_role("link", name=link_text, exact=True).click()
    download = info.value
    with open(download.path(), encoding="utf-8-sig", newline="") as file:
        return download.suggested_filename, list(csv.reader(file))


def _columns(rows, header):
    return [[row[rows[0].index(name)] for name in header] for row in rows]


def without_provenance(rows):
    """The CSV without the source, verified and note columns after each sourced column."""
    keep = [
        i
        for i, header in enumerate(rows[0])
        if not header.endswith((": source", ": verified", ": note"))
    ]
    return [[row[i] for i in keep] for row in rows]


def test_csv_export_matches_the_table_as_shown(page, seed_site):
    page.goto(seed_site + "/frameworks/?sort=-first_release")
    shown = table_text(page)
    assert [row[0] for row in shown[1:]] == ["FastAPI", "Flask", "Django"]
    filename, rows = read_download(page, "CSV")
    assert filename.endswith(".csv")
    assert "Built-in ORM: source" in rows[0]
    rows = without_provenance(rows)
    # Every column shown, row for row, in the same order (the export adds the creator and
    # the licence; the page adds the latest release's month under its version).
    exported = _columns(rows, shown[0])
    latest = shown[0].index("Latest version")
    for row_shown, row_exported in zip(shown, exported, strict=True):
        assert row_shown[latest].startswith(row_exported[latest])
        row_shown[latest] = row_exported[latest]
        assert row_shown == row_exported
    assert {"Creator", "Licence"} <= set(rows[0])

    page.goto(seed_site + "/compare/flask-vs-django/")
    shown = [row for row in table_text(page) if len(row) > 1]  # without category headings
    _, rows = read_download(page, "CSV")
    rows = without_provenance(rows)
    assert rows[0] == ["Attribute", "Category", "Flask", "Django"]
    assert _columns(rows, ["Attribute", "Flask", "Django"]) == shown


def test_decision_helper_ranks_frameworks_with_reasons(page, seed_site):
    page.goto(seed_site + "/choose/")
    form = page.get_by_role("form", name="Your choices")
    form.get_by_label("Built-in ORM", exact=True).select_option(label="Essential")
    form.get_by_label("Admin Panel", exact=True).select_option(label="Important")
    form.get_by_role("button", name="Rank frameworks").click()

    ranking = page.get_by_role("region", name="Best fit for your 2 needs")
    expect(ranking).to_be_visible()
    names = ranking.get_by_role("heading", level=3)
    expect(names).to_have_text(["Django", "Flask", "FastAPI"])
    django = ranking.get_by_role("listitem").filter(has=page.get_by_role("link", name="Django"))
    expect(django.first).to_contain_text("Meets 2 of 2 needs fully: 5 of 5 points (100%)")
    reasons = django.first.locator(".reasons li")
    expect(reasons).to_have_text(
        [
            "✓ Built-in ORM: Yes — built in (3 of 3)",
            "✓ Admin Panel: Yes — built in (2 of 2)",
        ]
    )
    expect(form.get_by_label("Built-in ORM", exact=True)).to_have_value("built-in-orm:3")


def test_decision_helper_scenario_recommends_frameworks(page, seed_site):
    page.goto(seed_site + "/choose/")
    form = page.get_by_role("form", name="Your choices")
    form.get_by_label("Scenario").select_option(
        label="Real-time applications (chat, notifications, etc.)"
    )
    form.get_by_role("button", name="Rank frameworks").click()
    scenario = page.get_by_role("region", name="Real-time applications (chat, notifications, etc.)")
    expect(scenario.locator(".recommended")).to_have_text("Recommended: FastAPI or Django Channels")
    expect(scenario.get_by_role("link", name="FastAPI")).to_have_attribute(
        "href", "/frameworks/fastapi/"
    )

    # The scenario links on the empty page go to the same place.
    page.goto(seed_site + "/choose/")
    page.get_by_role("link", name="Real-time applications (chat, notifications, etc.)").click()
    expect(page.locator(".recommended")).to_have_text("Recommended: FastAPI or Django Channels")


# Keyboard only ------------------------------------------------------------------------------


def tab_to(page, locator, limit=80):
    """Press Tab until ``locator`` has the focus; fail if it never gets it."""
    target = locator.element_handle()
    for _ in range(limit):
        page.keyboard.press("Tab")
        if target.evaluate("node => node === document.activeElement"):
            return
    raise AssertionError(f"Tab never reached {locator}")


def focus_outline(page):
    return page.evaluate("getComputedStyle(document.activeElement).outlineStyle")


def test_keyboard_only_on_the_frameworks_table(page, seed_site):
    page.goto(seed_site + "/frameworks/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()

    # The next Tab continues from the main content, not from the top of the page.
    page.keyboard.press("Tab")
    assert page.evaluate("document.querySelector('main').contains(document.activeElement)")

    sort_link = page.get_by_role("link", name="First release")
    tab_to(page, sort_link)
    assert focus_outline(page) != "none", "the focused header link must show its focus"
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"sort=first_release$"))
    expect(page.get_by_role("columnheader", name="First release")).to_have_attribute(
        "aria-sort", "ascending"
    )
    assert row_names(page) == ["Django", "Flask", "FastAPI"]

    # The filters are folded under the heading: Tab to them and open them.
    summary = page.locator("summary", has_text="Filter frameworks")
    tab_to(page, summary)
    page.keyboard.press("Enter")
    orm = page.get_by_label("Built-in ORM")
    tab_to(page, orm)
    page.keyboard.press("Space")
    expect(orm).to_be_checked()
    page.keyboard.press("Space")
    expect(orm).not_to_be_checked()
    page.keyboard.press("Space")
    tab_to(page, page.get_by_role("button", name="Apply filters"))
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"features=built-in-orm"))
    # The filter keeps the chosen sort.
    expect(page).to_have_url(re.compile(r"sort=first_release"))
    assert row_names(page) == ["Django"]


def test_keyboard_only_compare_picker(page, seed_site):
    page.goto(seed_site + "/compare/")
    checkbox = page.get_by_label("FastAPI", exact=True)
    tab_to(page, checkbox)
    page.keyboard.press("Space")
    expect(checkbox).not_to_be_checked()
    tab_to(page, page.get_by_role("button", name="Compare"))
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/compare/flask-vs-django/(\?|$)"))
    assert column_names(page) == ["Attribute", "Flask", "Django"]
