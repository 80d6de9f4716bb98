"""Editors in a real browser: sign in, edit through the admin, see it on the public site."""

import re

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import expect

from comparisons.editors import ensure_editors_group
from comparisons.models import BenchmarkResult, Framework, Release
from tests.accounts import sign_in_in_browser

PASSWORD = "browser-editor-pass-123"
CHANGED = re.compile(r"(was|were) changed successfully")


@pytest.fixture
def make_editor(site, settings):
    # Real sign-ins, but without spending a second per password hash.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

    def make(username):
        user = User.objects.create_user(username, password=PASSWORD, is_staff=True)
        user.groups.add(ensure_editors_group())
        return user

    return make


def sign_in(page, site, username):
    sign_in_in_browser(page, site, User.objects.get(username=username), PASSWORD)
    expect(page).to_have_url(site + "/admin/")
    expect(page.get_by_role("heading", name="Keep the data current")).to_be_visible()


def open_flask_release(page):
    """From the admin index to Flask's release form, as an editor clicks there."""
    page.get_by_role("link", name="Releases", exact=True).first.click()
    page.get_by_role("link", name="3.1.3", exact=True).click()
    expect(page.get_by_role("heading", name="Change release")).to_be_visible()


def quick_edit(row, **values):
    for name, value in values.items():
        row.locator(f"input[name$='-{name}']").fill(value)


def test_editor_updates_a_release_and_a_benchmark_and_readers_see_it(
    page, new_page, site, make_editor
):
    make_editor("erin")
    # A reader loads the pages first, so they sit in the page cache when the edits land.
    reader = new_page()
    reader.goto(site + "/frameworks/flask/")
    expect(reader.locator(".facts")).to_contain_text("3.1.3")
    cited = site + "/benchmarks/?benchmark=average-response-time"
    reader.goto(cited)
    expect(reader.get_by_role("cell", name="Medium (~20–50 ms)", exact=True)).to_be_visible()

    sign_in(page, site, "erin")
    open_flask_release(page)
    page.get_by_role("textbox", name="Version:", exact=True).fill("3.1.4")
    page.get_by_label("Released on").fill("2026-02-18")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")

    # Benchmark figures are quick edits in the changelist.
    page.goto(site + "/admin/comparisons/benchmarkresult/")
    row = page.locator("#result_list tbody tr", has_text="Flask – Average response time")
    quick_edit(row, low_value="18", high_value="45")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text(CHANGED)

    flask_result = BenchmarkResult.objects.get(framework__slug="flask", origin="cited")
    assert (flask_result.low_value, flask_result.high_value) == (18, 45)

    reader.goto(site + "/frameworks/flask/")
    facts = reader.locator(".facts")
    expect(facts).to_contain_text("3.1.4 (18 Feb 2026)")
    expect(reader.get_by_role("rowheader", name="3.1", exact=True)).to_be_visible()
    results = reader.get_by_role("region", name="Benchmark results table")
    expect(results.get_by_role("cell", name="Medium (~18–45 ms)", exact=True)).to_be_visible()

    reader.goto(cited)
    expect(reader.get_by_role("cell", name="Medium (~18–45 ms)", exact=True)).to_be_visible()
    expect(reader.get_by_role("cell", name="Medium (~20–50 ms)", exact=True)).to_have_count(0)

    reader.goto(site + "/changes/")
    changes = reader.locator(".change-list > li")
    expect(changes.first).to_contain_text("Flask")
    expect(reader.locator(".change-list")).to_contain_text("Version: 3.1.3 → 3.1.4")
    expect(reader.locator(".change-list")).to_contain_text(re.compile(r"Low value: 20 → 18"))
    expect(reader.locator(".change-list")).to_contain_text(re.compile(r"High value: 50 → 45"))


def test_second_of_two_conflicting_saves_shows_the_stored_value_and_merges_the_rest(
    new_page, site, make_editor
):
    make_editor("alice")
    make_editor("bob")
    release_pk = Release.objects.get(framework__slug="flask", version="3.1.3").pk
    alice, bob = new_page(), new_page()
    sign_in(alice, site, "alice")
    sign_in(bob, site, "bob")
    open_flask_release(alice)
    open_flask_release(bob)

    alice.get_by_role("textbox", name="Version:", exact=True).fill("3.1.4")
    alice.get_by_label("Released on").fill("2026-02-18")
    alice.get_by_role("button", name="Save", exact=True).click()
    expect(alice.locator(".messagelist")).to_contain_text("was changed successfully")

    bob.get_by_role("textbox", name="Version:", exact=True).fill("3.1.5")
    bob.get_by_label("Source url").fill("https://flask.palletsprojects.com/page/changes/")
    bob.get_by_role("button", name="Save", exact=True).click()
    expect(bob.locator(".errornote")).to_be_visible()
    expect(bob.locator("#content")).to_contain_text(
        "Someone saved this release while you were editing it, so nothing was saved."
    )
    expect(bob.locator(".field-version .errorlist")).to_contain_text("Yours was “3.1.5”.")
    # The stored values, Alice's, are in the fields; Bob's other change is still his.
    expect(bob.get_by_role("textbox", name="Version:", exact=True)).to_have_value("3.1.4")
    expect(bob.get_by_label("Released on")).to_have_value("2026-02-18")
    notes = "https://flask.palletsprojects.com/page/changes/"
    expect(bob.get_by_label("Source url")).to_have_value(notes)
    assert Release.objects.get(pk=release_pk).version == "3.1.4"

    # Saving again as it stands keeps Alice's version and adds Bob's link.
    bob.get_by_role("button", name="Save", exact=True).click()
    expect(bob.locator(".messagelist")).to_contain_text("was changed successfully")
    release = Release.objects.get(pk=release_pk)
    assert (release.version, str(release.released_on)) == ("3.1.4", "2026-02-18")
    assert release.source_url == notes


def test_conflict_screen_with_long_text(new_page, site, make_editor, artifacts):
    """Both rewrite Django's philosophy; the second sees theirs in the field and a diff."""
    make_editor("alice")
    make_editor("bob")
    alice, bob = new_page(), new_page(height=1400)
    sign_in(alice, site, "alice")
    sign_in(bob, site, "bob")
    for page in (alice, bob):
        page.get_by_role("link", name="Frameworks", exact=True).first.click()
        page.get_by_role("link", name="Django", exact=True).click()

    philosophy = alice.get_by_label("Philosophy")
    original = philosophy.input_value()
    philosophy.fill(original.replace("batteries", "batteries (all of them)", 1) + "\n\nAlice.")
    alice.get_by_label("Kind").fill("Full-stack framework")
    alice.get_by_role("button", name="Save", exact=True).click()
    expect(alice.locator(".messagelist")).to_contain_text("was changed successfully")

    bob.get_by_label("Philosophy").fill("Bob's first line.\n\n" + original)
    bob.get_by_label("Creators").fill("Adrian Holovaty and Simon Willison")
    bob.get_by_role("button", name="Save", exact=True).click()
    diff = bob.locator(".field-philosophy .edit-conflict-diff")
    expect(diff).to_be_visible()
    expect(diff.locator("ins").first).to_contain_text("Bob's")
    expect(bob.get_by_label("Kind")).to_have_value("Full-stack framework")
    expect(bob.get_by_label("Creators")).to_have_value("Adrian Holovaty and Simon Willison")
    assert bob.get_by_label("Philosophy").input_value().endswith("Alice.")
    bob.locator(".field-philosophy").scroll_into_view_if_needed()
    bob.screenshot(path=artifacts / "conflict.png", full_page=False)
    bob.locator("#content").screenshot(path=artifacts / "conflict-full.png")


def test_editors_quick_editing_different_rows_do_not_conflict(new_page, site, make_editor):
    make_editor("alice")
    make_editor("bob")
    alice, bob = new_page(), new_page()
    sign_in(alice, site, "alice")
    sign_in(bob, site, "bob")
    url = site + "/admin/comparisons/benchmarkresult/"
    alice.goto(url)
    bob.goto(url)

    quick_edit(
        alice.locator("#result_list tbody tr", has_text="Flask – Average response time"),
        low_value="18",
    )
    alice.get_by_role("button", name="Save", exact=True).click()
    expect(alice.locator(".messagelist")).to_contain_text(CHANGED)

    quick_edit(
        bob.locator("#result_list tbody tr", has_text="Django – Average response time"),
        low_value="25",
    )
    bob.get_by_role("button", name="Save", exact=True).click()

    assert BenchmarkResult.objects.get(framework__slug="flask", origin="cited").low_value == 18
    assert BenchmarkResult.objects.get(framework__slug="django", origin="cited").low_value == 25, (
        bob.locator("#content").inner_text()
    )


def test_leaving_unsaved_edits_asks_first_and_markdown_can_be_previewed(page, site, make_editor):
    make_editor("erin")
    sign_in(page, site, "erin")
    flask = Framework.objects.get(slug="flask")
    page.goto(f"{site}/admin/comparisons/framework/{flask.pk}/change/")
    philosophy = page.get_by_role("textbox", name="Philosophy:")
    philosophy.fill("### A heading\n\nSome **bold** words.")
    philosophy.locator("xpath=following-sibling::button[1]").click()
    preview = philosophy.locator("xpath=following-sibling::div[@role='region'][1]")
    expect(preview.locator("h3")).to_have_text("A heading")
    expect(preview.locator("strong")).to_have_text("bold")

    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.dismiss()))
    page.close(run_before_unload=True)
    page.wait_for_timeout(300)
    assert dialogs == ["beforeunload"]
