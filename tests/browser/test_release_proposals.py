"""An editor accepts one upstream release and dismisses another, in a real browser."""

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import expect

from comparisons.editors import ensure_editors_group
from comparisons.models import BenchmarkResult, ProposalState, Release, ReleaseProposal

PASSWORD = "browser-editor-pass-123"


@pytest.fixture
def editor(site, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    user = User.objects.create_user("rita", password=PASSWORD, is_staff=True)
    user.groups.add(ensure_editors_group())
    return user


def run_action(page, row_text, action):
    row = page.locator("#result_list tbody tr", has_text=row_text)
    row.locator("input.action-select").check()
    page.locator("select[name=action]").select_option(label=action)
    page.locator("button[name=index]").click()  # the admin's "Go"


def test_editor_accepts_and_dismisses_upstream_releases(page, site, editor):
    page.goto(site + "/admin/login/?next=/admin/")
    page.get_by_label("Username").fill("rita")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()

    reminder = page.get_by_role("link", name="New upstream releases (3)")
    expect(reminder).to_be_visible()
    reminder.click()

    run_action(page, "Flask 3.1.3", "Accept: record the selected versions as releases")
    expect(page.locator(".messagelist")).to_contain_text("Recorded Flask 3.1.3.")
    run_action(page, "Django 5.2.19", "Dismiss: never propose the selected versions again")
    expect(page.locator(".messagelist")).to_contain_text("Dismissed Django 5.2.19.")

    release = Release.objects.get(framework__slug="flask", version="3.1.3")
    assert release.history.get().history_user == editor
    assert set(
        BenchmarkResult.objects.filter(framework__slug="flask", origin="measured").values_list(
            "release", flat=True
        )
    ) == {release.pk}
    assert ReleaseProposal.objects.get(version="5.2.19").state == ProposalState.DISMISSED

    page.goto(site + "/admin/")
    expect(page.get_by_role("link", name="New upstream releases (1)")).to_be_visible()

    page.goto(site + "/frameworks/flask/")
    expect(page.locator(".facts")).to_contain_text("3.1.3")
