"""Two editors at once in real browsers (on PostgreSQL in CI's second pass): no form ever
lands on another row, and a row one removes never traps the other or loses their text."""

import re

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import expect

from comparisons.editors import ensure_editors_group
from comparisons.models import AttributeValue, Framework, ProCon
from tests.accounts import sign_in_in_browser

PASSWORD = "browser-editor-pass-123"


@pytest.fixture
def editors(site, settings, new_page):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    pages = []
    for name in ("alice", "bob"):
        user = User.objects.create_user(name, password=PASSWORD, is_staff=True)
        user.groups.add(ensure_editors_group())
        page = new_page(height=1200)
        sign_in_in_browser(page, site, user, PASSWORD)
        expect(page).to_have_url(site + "/admin/")
        pages.append(page)
    return pages


def _row(page, name):
    """The row of a cell, by its attribute's name (the row's link reads “Category: Name”)."""
    link = page.get_by_role("link", name=re.compile(f": {re.escape(name)}$"))
    return page.locator("#result_list tbody tr", has=link)


def _flask_cells(site, order=""):
    flask = Framework.objects.get(slug="flask")
    return f"{site}/admin/comparisons/attributevalue/?framework__id__exact={flask.pk}{order}"


def _labels_match_their_forms(page):
    """Every row's label names the cell its hidden id edits."""
    rows = page.locator("#result_list tbody tr").all()
    assert rows
    for row in rows:
        # The row's inputs name its form (form-3-display_text); the form's hidden id, the cell.
        inputs = row.locator("input[name$='-display_text']")
        if inputs.count() == 0:
            assert row.locator(".errorlist").count(), row.inner_html()  # a row's own errors
            continue
        name = inputs.get_attribute("name")
        index = name.split("-")[1]
        pk = page.locator(f"input[name='form-{index}-id']").get_attribute("value")
        label = row.locator("th a, td a").first.inner_text()
        assert str(AttributeValue.objects.get(pk=int(pk)).attribute) == label


def test_a_resorted_list_edit_shown_again_keeps_each_form_on_its_row(site, editors):
    alice, bob = editors
    url = _flask_cells(site, "&o=4")  # sorted by the cells' text
    alice.goto(url)
    bob.goto(url)
    moved = AttributeValue.objects.get(framework__slug="flask", attribute__slug="websockets")
    _row(alice, "WebSockets").locator("input[name$='-display_text']").fill("A first now")
    alice.get_by_role("button", name="Save", exact=True).click()
    expect(alice.locator(".messagelist")).to_contain_text(re.compile("changed successfully"))

    _row(bob, "WebSockets").locator("input[name$='-display_text']").fill("Bob's words")
    _row(bob, "Routing").locator("input[name$='-display_text']").fill("Bob's routing")
    bob.get_by_role("button", name="Save", exact=True).click()
    expect(bob.locator(".errornote")).to_be_visible()
    _labels_match_their_forms(bob)
    moved.refresh_from_db()
    assert moved.display_text == "A first now"
    routing = AttributeValue.objects.get(framework__slug="flask", attribute__slug="routing")
    assert routing.display_text != "Bob's routing"  # nothing saved in a conflicted list


def test_a_row_removed_from_a_list_edit_saves_the_rest_and_keeps_the_typed_text(site, editors):
    alice, bob = editors
    bob.goto(_flask_cells(site))
    AttributeValue.objects.get(framework__slug="flask", attribute__slug="websockets").delete()
    _row(bob, "WebSockets").locator("input[name$='-display_text']").fill("Typed, then gone")
    _row(bob, "Routing").locator("input[name$='-display_text']").fill("Decorators")
    bob.get_by_role("button", name="Save", exact=True).click()
    expect(bob.locator(".messagelist")).to_contain_text("was removed by another editor")
    expect(bob.locator(".messagelist")).to_contain_text("Typed, then gone")
    routing = AttributeValue.objects.get(framework__slug="flask", attribute__slug="routing")
    assert routing.display_text == "Decorators"


def test_an_inline_row_removed_meanwhile_keeps_the_rest_of_the_framework_form(site, editors):
    alice, bob = editors
    flask = Framework.objects.get(slug="flask")
    bob.goto(f"{site}/admin/comparisons/framework/{flask.pk}/change/")
    point = ProCon.objects.filter(framework=flask, article=None).order_by("position").first()
    row = bob.locator("tr.form-row", has=bob.locator(f"input[value='{point.pk}']"))
    ProCon.objects.get(pk=point.pk).delete()
    row.locator("input[name$='-text']").fill("Better words for a removed point")
    bob.get_by_label("Summary").fill("Bob's summary.")
    bob.get_by_role("button", name="Save", exact=True).click()
    expect(bob.locator(".messagelist")).to_contain_text("Better words for a removed point")
    flask.refresh_from_db()
    assert flask.summary == "Bob's summary."


def test_a_single_form_whose_row_was_removed_keeps_the_typed_text(site, editors):
    alice, bob = editors
    cell = AttributeValue.objects.get(framework__slug="flask", attribute__slug="routing")
    bob.goto(f"{site}/admin/comparisons/attributevalue/{cell.pk}/change/")
    alice.goto(f"{site}/admin/comparisons/attributevalue/{cell.pk}/delete/")
    alice.get_by_role("button", name=re.compile("Yes")).click()
    bob.get_by_role("textbox", name="Note:").fill("A careful note, typed while it went.")
    bob.get_by_role("button", name="Save", exact=True).click()
    expect(bob.locator(".errornote")).to_contain_text("was removed by another editor")
    expect(bob.locator("textarea[readonly]").first).to_have_value(re.compile("A careful note|.+"))
    expect(bob.locator("#content-main")).to_contain_text("A careful note, typed while it went.")
    bob.get_by_role("link", name=re.compile("Restore it from the removed cells")).click()
    bob.get_by_role("button", name=re.compile("Restore")).first.click()
    expect(bob.locator(".messagelist")).to_contain_text("Restored")
    assert AttributeValue.objects.filter(pk=cell.pk).exists()
