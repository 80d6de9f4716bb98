"""An editor decides upstream releases once per framework, in a real browser."""

import datetime

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import expect

from comparisons.editors import ensure_editors_group
from comparisons.models import Framework, ProposalState, Release, ReleaseProposal
from tests.accounts import sign_in_in_browser

PASSWORD = "browser-editor-pass-123"


@pytest.fixture
def editor(site, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    user = User.objects.create_user("rita", password=PASSWORD, is_staff=True)
    user.groups.add(ensure_editors_group())
    return user


def _sign_in(page, site):
    sign_in_in_browser(page, site, User.objects.get(username="rita"), PASSWORD)


def _propose(slug, *versions):
    framework = Framework.objects.get(slug=slug)
    for version in versions:
        ReleaseProposal.objects.create(
            framework=framework,
            version=version,
            uploaded_at=datetime.datetime(2026, 12, 1, 9, tzinfo=datetime.UTC),
            found_on=datetime.date(2026, 12, 5),
        )


def test_editor_accepts_a_frameworks_versions_in_one_decision(page, site, editor):
    _propose("flask", "3.1.4", "3.1.5", "3.2.0")
    _propose("django", "6.1.4")
    _sign_in(page, site)
    expect(page.locator("#upstream-releases")).to_contain_text(
        "Flask: 3 new versions, 3.1.4 to 3.2.0."
    )
    page.get_by_role("link", name="Review them: one decision per framework").click()

    flask = page.locator("form.release-review", has_text="Flask")
    flask.get_by_label("Accept every version up to").select_option(label="3.1.5")
    flask.get_by_role("button", name="Accept").click()
    expect(page.locator(".messagelist")).to_contain_text(
        "Recorded 2 releases of Flask, up to 3.1.5."
    )
    page.locator("form.release-review", has_text="Django").get_by_role(
        "button", name="Dismiss all 1"
    ).click()
    expect(page.locator(".messagelist")).to_contain_text("Dismissed 1 version of Django.")

    release = Release.objects.get(framework__slug="flask", version="3.1.5")
    assert release.history.get().history_user == editor
    assert release.uploaded_on == datetime.date(2026, 12, 1)
    assert ReleaseProposal.objects.get(version="6.1.4").state == ProposalState.DISMISSED
    assert ReleaseProposal.objects.get(version="3.2.0").state == ProposalState.PENDING

    page.goto(site + "/frameworks/flask/")
    expect(page.locator(".facts")).to_contain_text("3.1.5 (1 Dec 2026)")
    page.goto(site + "/changes/")
    expect(page.locator(".change-list")).to_contain_text(
        "Flask 3.1.5 released (uploaded to the package index on 1 Dec 2026)"
    )
