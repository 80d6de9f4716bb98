"""The editors' admin: permissions, quick edits, validation, history, conflicts, stale data."""

from datetime import date, timedelta

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone

from comparisons.changes import update_with_history
from comparisons.editors import ensure_editors_group
from comparisons.models import AttributeValue, BenchmarkResult, ChangeLogEntry, Framework, Release
from tests.accounts import sign_in_verified
from tests.factories import ReleaseProposalFactory
from tests.forms import form_data


@pytest.fixture
def editor(demo):
    user = User.objects.create_user("eve", password="editor-pass-123", is_staff=True)
    user.groups.add(ensure_editors_group())
    return user


@pytest.fixture
def editor_client(client, editor):
    sign_in_verified(client, editor)
    return client


def change_url(obj):
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])


def changelist_url(model):
    return reverse(f"admin:comparisons_{model._meta.model_name}_changelist")


def saved_form(client, obj):
    """The saved values as the change form shows them (without per-request tokens)."""
    data = form_data(client.get(change_url(obj)))
    return {k: v for k, v in data.items() if not k.endswith(("csrfmiddlewaretoken", "edit_token"))}


def edit(client, obj, **changes):
    """Open obj's change form, change some fields, save: like an editor in a browser."""
    data = form_data(client.get(change_url(obj)))
    data.update(changes)
    return client.post(change_url(obj), data)


CONTENT_MODELS = [
    model
    for model in admin.site._registry
    if model._meta.app_label == "comparisons" and model.__name__ != "ChangeLogEntry"
]


@pytest.mark.parametrize("model", CONTENT_MODELS, ids=lambda model: model.__name__)
def test_editor_can_open_every_content_page(editor_client, model):
    # The demo has no pending upstream release: the watcher proposes them.
    obj = model.objects.first() or ReleaseProposalFactory(framework=Framework.objects.first())
    assert editor_client.get(changelist_url(model)).status_code == 200
    opts = model._meta
    add = editor_client.get(reverse(f"admin:comparisons_{opts.model_name}_add"))
    # Only the release watcher and run_benchmarks propose releases.
    assert add.status_code == (403 if opts.model_name == "releaseproposal" else 200)
    assert editor_client.get(change_url(obj)).status_code == 200
    history = reverse(f"admin:comparisons_{opts.model_name}_history", args=[obj.pk])
    assert editor_client.get(history).status_code == 200


def test_every_comparison_model_is_in_the_admin():
    # Not the history tables, nor the content revision (the cache's, never edited by hand).
    assert set(apps.get_app_config("comparisons").get_models()) - set(admin.site._registry) == {
        model
        for model in apps.get_app_config("comparisons").get_models()
        if model.__name__.startswith("Historical") or model.__name__ == "ContentRevision"
    }


@pytest.mark.parametrize(
    "url", ["/admin/auth/user/", "/admin/auth/group/", "/admin/auth/user/add/"]
)
def test_editor_cannot_manage_users_or_groups(editor_client, url):
    assert editor_client.get(url).status_code == 403


def test_editor_cannot_delete_a_framework_but_can_delete_a_cell(editor_client):
    flask = Framework.objects.get(slug="flask")
    delete = reverse("admin:comparisons_framework_delete", args=[flask.pk])
    assert editor_client.get(delete).status_code == 403
    cell = AttributeValue.objects.filter(framework=flask).first()
    delete_cell = reverse("admin:comparisons_attributevalue_delete", args=[cell.pk])
    assert editor_client.post(delete_cell, {"post": "yes"}).status_code == 302
    assert not AttributeValue.objects.filter(pk=cell.pk).exists()


def test_editor_cannot_edit_history_or_the_change_log(editor):
    assert editor.has_perm("comparisons.view_historicalrelease")
    assert not editor.has_perm("comparisons.change_historicalrelease")
    assert not editor.has_perm("comparisons.add_changelogentry")
    assert not editor.has_perm("comparisons.change_changelogentry")


def latest(slug):
    return Release.objects.latest_first().filter(framework__slug=slug).first()


def test_editor_updates_a_version_and_readers_see_it(editor_client, client, editor):
    release = latest("flask")
    response = edit(editor_client, release, version="v3.1.9", released_on="2026-02-18")
    assert response.status_code == 302
    release.refresh_from_db()
    # Stored normalised; the release notes' day beside the index's.
    assert (release.version, release.released_on) == ("3.1.9", date(2026, 2, 18))
    assert release.history.first().history_user == editor
    page = client.get("/frameworks/flask/").content.decode()
    assert ">3.1.9<" in page and "3.1.9 (18 Feb 2026)" in page


def test_editor_adds_a_release_from_the_framework_page(editor_client, client):
    flask = Framework.objects.get(slug="flask")
    data = form_data(editor_client.get(change_url(flask)))
    prefix = "releases"
    index = int(data[f"{prefix}-TOTAL_FORMS"])
    data.update(
        {
            f"{prefix}-TOTAL_FORMS": str(index + 1),
            f"{prefix}-{index}-version": "3.2.0",
            f"{prefix}-{index}-uploaded_on": "2026-11-20",
            f"{prefix}-{index}-framework": str(flask.pk),
        }
    )
    assert editor_client.post(change_url(flask), data).status_code == 302
    overview = client.get("/articles/flask-vs-fastapi-vs-django/").content.decode()
    assert "3.2.0 (20 Nov 2026)" in overview


def test_editor_updates_a_benchmark_result(editor_client, client):
    result = BenchmarkResult.objects.get(framework__slug="flask", origin="cited")
    response = edit(editor_client, result, low_value="18", high_value="45", rating="Medium")
    assert response.status_code == 302
    assert "Medium (~18–45 ms)" in client.get("/benchmarks/").content.decode()


def test_quick_edits_in_the_changelist_keep_history(editor_client):
    url = changelist_url(BenchmarkResult)
    data = form_data(editor_client.get(url), form_id="changelist-form")
    index = next(
        key.split("-")[1]
        for key, value in data.items()
        if key.endswith("-id")
        and value == str(BenchmarkResult.objects.get(framework__slug="django", origin="cited").pk)
    )
    data[f"form-{index}-low_value"] = "25"
    data["_save"] = "Save"
    assert editor_client.post(url, data).status_code == 302
    result = BenchmarkResult.objects.get(framework__slug="django", origin="cited")
    assert result.low_value == 25
    assert result.history.count() == 2  # the demo's first record, then this edit
    entry = ChangeLogEntry.objects.first()
    assert entry.changes == [{"field": "Low value", "old": "30", "new": "25"}]


def test_release_dates_are_editable_in_the_changelist(editor_client):
    django = latest("django")
    url = changelist_url(Release) + f"?framework__id__exact={django.framework_id}"
    data = form_data(editor_client.get(url), form_id="changelist-form")
    index = next(
        k.split("-")[1] for k, v in data.items() if k.endswith("-id") and v == str(django.pk)
    )
    data[f"form-{index}-released_on"] = "2025-04-03"
    data["_save"] = "Save"
    assert editor_client.post(url, data).status_code == 302
    django.refresh_from_db()
    assert django.released_on == date(2025, 4, 3)


@pytest.mark.parametrize(
    ("model_lookup", "changes", "message"),
    [
        (
            ("release", {"framework__slug": "flask", "version": "3.1.3"}),
            {"version": "three"},
            "is not a valid PEP 440",
        ),
        (
            ("benchmarkresult", {"framework__slug": "flask", "origin": "cited"}),
            {"low_value": "60", "high_value": "50"},
            "The high value must not be below the low value.",
        ),
        (
            ("benchmarkresult", {"framework__slug": "flask", "origin": "cited"}),
            {"low_value": "-1"},
            "Measurements cannot be negative.",
        ),
        (
            ("benchmarkresult", {"framework__slug": "flask", "origin": "cited"}),
            {"source_url": "not a url at all"},
            "Enter a valid URL.",
        ),
        (
            (
                "attributevalue",
                {"framework__slug": "flask", "attribute__slug": "project-structure"},
            ),
            {"ordinal_rank": ""},
            "This row is ranked: give the label",
        ),
        (
            ("framework", {"slug": "flask"}),
            {"slug": "flask-vs-django"},
            "A slug cannot contain “-vs-”",
        ),
        (
            ("framework", {"slug": "flask"}),
            {"first_release_year": "1850"},
            "The first release year must be between 1990 and 2100.",
        ),
    ],
)
def test_validation_messages_are_clear(editor_client, model_lookup, changes, message):
    model_name, lookup = model_lookup
    obj = apps.get_model("comparisons", model_name).objects.get(**lookup)
    before = saved_form(editor_client, obj)
    response = edit(editor_client, obj, **changes)
    assert response.status_code == 200, "the invalid change must not be saved"
    content = response.content.decode()
    assert "Please correct the error" in content
    assert message in content
    assert saved_form(editor_client, obj) == before


def test_the_same_version_spelled_differently_is_refused(editor_client):
    django = Framework.objects.get(slug="django")
    release = Release.objects.create(framework=django, version="5.2.99")
    response = edit(editor_client, release, version="5.2.19.0")
    assert "5.2.19 is already recorded, and is the same version." in response.content.decode()


# Conflicts, merges and phantom changes: tests/test_admin_conflicts.py.


def test_history_records_each_change_and_can_revert_it(editor_client, client):
    release = latest("fastapi")
    edit(editor_client, release, version="0.165.8")
    edit(editor_client, release, version="0.165.9")
    records = list(release.history.all())[:2]
    assert [record.version for record in records] == ["0.165.9", "0.165.8"]
    assert all(record.history_user.username == "eve" for record in records)

    first = records[-1]
    revert_url = reverse(
        "admin:comparisons_release_simple_history", args=[release.pk, first.history_id]
    )
    response = editor_client.post(revert_url, form_data(editor_client.get(revert_url)))
    assert response.status_code == 302
    release.refresh_from_db()
    assert release.version == "0.165.8"
    assert release.history.count() == 4
    assert ">0.165.8<" in client.get("/frameworks/fastapi/").content.decode()


def test_verifying_asks_first_showing_each_source_and_note(editor_client):
    cells = list(AttributeValue.objects.filter(framework__slug="django").order_by("pk")[:3])
    response = editor_client.post(
        changelist_url(AttributeValue),
        {"action": "verify_selected", "_selected_action": [cell.pk for cell in cells]},
    )
    content = response.content.decode()
    assert "Verify these cells against their sources" in content
    for cell in cells:
        assert str(cell) in content
        assert cell.source.title in content
        assert f'name="quote-{cell.pk}"' in content
    # Nothing is recorded until the editor confirms.
    assert all(AttributeValue.objects.get(pk=cell.pk).verified_quote == "" for cell in cells)


def test_verifying_records_the_source_checked_and_one_public_entry(editor_client):
    cells = list(AttributeValue.objects.filter(framework__slug="django").order_by("pk")[:3])
    for cell in cells:
        cell.verified_on = date(2026, 1, 2)
    update_with_history(cells, ["verified_on"], None, "Checked in January")
    before = ChangeLogEntry.objects.count()
    response = editor_client.post(
        changelist_url(AttributeValue),
        {
            "action": "verify_selected",
            "_selected_action": [cell.pk for cell in cells],
            "post": "yes",
            f"quote-{cells[0].pk}": "URLconf modules map URL paths to views.",
        },
        follow=True,
    )
    assert "3 cells re-verified against their sources (Django)." in response.content.decode()
    today = timezone.localdate()
    for cell in cells:
        cell.refresh_from_db()
        assert cell.verified_on == today
        assert cell.verified_against == cell.source
        record = cell.history.first()
        assert record.history_user.username == "eve"
        assert record.history_change_reason == "Verified against its source"
    assert cells[0].verified_quote == "URLconf modules map URL paths to views."
    # One editorial act, one public entry: the real changes stay in the feed.
    new = ChangeLogEntry.objects.order_by("-pk")[: ChangeLogEntry.objects.count() - before]
    assert [entry.headline for entry in new] == [
        "3 cells re-verified against their sources (Django)"
    ]


def test_a_cell_without_a_source_is_not_verified(editor_client):
    cell = AttributeValue.objects.filter(source__isnull=True).first()
    response = editor_client.post(
        changelist_url(AttributeValue),
        {"action": "verify_selected", "_selected_action": [cell.pk], "post": "yes"},
        follow=True,
    )
    assert "cite no source yet" in response.content.decode()


def test_the_cells_list_says_why_each_needs_checking(editor_client):
    flask = Framework.objects.get(slug="flask")
    AttributeValue.objects.filter(framework=flask, attribute__slug="routing").update(
        verified_on=date(2025, 1, 1)
    )
    content = editor_client.get(
        changelist_url(AttributeValue), {"framework__id__exact": flask.pk}
    ).content.decode()
    assert "verified before its framework&#x27;s latest release (19 Feb 2026)" in content
    assert "Needs checking because" in content


@pytest.mark.parametrize(
    ("verification", "expected"),
    [
        ("never", {"never"}),
        ("old", {"old"}),
        ("release", {"before-release"}),
        ("stale", {"never", "old", "before-release"}),
    ],
)
def test_stale_data_view(editor_client, settings, verification, expected):
    settings.STALE_AFTER_DAYS = 30
    today = timezone.localdate()
    AttributeValue.objects.update(verified_on=today)
    flask = Framework.objects.get(slug="flask")
    Release.objects.filter(framework=flask).update(uploaded_on=today - timedelta(days=5))
    labels = {
        "never": ("flask", "routing", None),
        "old": ("django", "routing", today - timedelta(days=31)),
        "before-release": ("flask", "built-in-orm", today - timedelta(days=6)),
    }
    for framework, attribute, verified_on in labels.values():
        AttributeValue.objects.filter(framework__slug=framework, attribute__slug=attribute).update(
            verified_on=verified_on
        )
    response = editor_client.get(changelist_url(AttributeValue), {"verification": verification})
    shown = {cell.pk for cell in response.context["cl"].result_list}
    wanted = {
        AttributeValue.objects.get(framework__slug=f, attribute__slug=a).pk
        for key, (f, a, _) in labels.items()
        if key in expected
    }
    assert shown == wanted


def test_framework_changelist_shows_latest_version_and_oldest_verification(editor_client):
    AttributeValue.objects.filter(framework__slug="django").update(verified_on=date(2026, 1, 2))
    AttributeValue.objects.filter(framework__slug="django", attribute__slug="routing").update(
        verified_on=date(2025, 12, 1)
    )
    content = editor_client.get(changelist_url(Framework)).content.decode()
    assert latest("fastapi").version in content
    assert "Dec. 1, 2025" in content


def test_framework_list_links_never_verified_cells_to_their_filtered_list(editor_client):
    flask = Framework.objects.get(slug="flask")
    AttributeValue.objects.filter(framework=flask).update(verified_on=None)
    content = editor_client.get(changelist_url(Framework)).content.decode()
    assert (
        f'href="/admin/comparisons/attributevalue/?framework__id__exact={flask.pk}'
        "&amp;verification=never"
    ) in content


def test_view_on_site_links_to_the_public_page(editor_client):
    content = editor_client.get(change_url(latest("django"))).content.decode()
    assert "View on site" in content


def test_admin_index_points_editors_at_stale_cells(editor_client):
    content = editor_client.get("/admin/").content.decode()
    assert "/admin/comparisons/attributevalue/?verification=stale" in content


def test_list_edits_of_different_rows_do_not_conflict_or_resave_untouched_rows(
    editor_client, admin_client
):
    url = changelist_url(BenchmarkResult)
    bob = form_data(editor_client.get(url), form_id="changelist-form")
    alice = form_data(admin_client.get(url), form_id="changelist-form")
    flask = BenchmarkResult.objects.get(framework__slug="flask", origin="cited")
    django = BenchmarkResult.objects.get(framework__slug="django", origin="cited")

    def row(data, result):
        return next(
            k.split("-")[1] for k, v in data.items() if k.endswith("-id") and v == str(result.pk)
        )

    alice[f"form-{row(alice, flask)}-low_value"] = "18"
    assert admin_client.post(url, {**alice, "_save": "Save"}).status_code == 302
    bob[f"form-{row(bob, django)}-low_value"] = "25"
    assert editor_client.post(url, {**bob, "_save": "Save"}).status_code == 302

    flask.refresh_from_db()
    django.refresh_from_db()
    assert (flask.low_value, django.low_value) == (18, 25)
    assert flask.history.count() == 2  # the demo's first record and Alice's edit only
    assert (
        BenchmarkResult.objects.get(framework__slug="fastapi", origin="cited").history.count() == 1
    )


def test_the_result_form_lists_the_models_setup_and_freezes_it_for_measured_results():
    from comparisons.admin.benchmarks import MEASURED_FIELDS

    model_admin = admin.site._registry[BenchmarkResult]
    fieldsets = dict(model_admin.fieldsets)
    assert fieldsets["Setup"]["fields"] == list(BenchmarkResult.SETUP_FIELDS)
    listed = [name for _, options in model_admin.fieldsets for name in options["fields"]]
    assert len(listed) == len(set(listed))
    assert set(BenchmarkResult.SETUP_FIELDS) <= set(MEASURED_FIELDS)


def _propose(framework, *versions):
    from comparisons.models import ReleaseProposal

    for version in versions:
        ReleaseProposalFactory(framework=framework, version=version)
    return ReleaseProposal.objects.filter(framework=framework)


def test_the_index_lists_waiting_versions_per_framework_and_readably(editor_client):
    flask = Framework.objects.get(slug="flask")
    _propose(flask, "3.1.4", "3.1.5", "3.2.0")
    content = editor_client.get("/admin/").content.decode()
    assert "<strong>Flask</strong>: 3 new versions, 3.1.4 to 3.2.0." in content
    # A plain link below the heading, not a link inside the dark module header.
    assert 'class="editor-link" href="/admin/comparisons/releaseproposal/review/"' in content


def test_one_decision_accepts_a_framework_versions_up_to_the_chosen_one(editor_client, client):
    flask = Framework.objects.get(slug="flask")
    proposals = _propose(flask, "3.1.4", "3.1.5", "3.2.0")
    url = reverse("admin:comparisons_releaseproposal_review")
    page = editor_client.get(url).content.decode()
    assert "Flask: 3 new versions" in page
    up_to = proposals.get(version="3.1.5").version_key
    response = editor_client.post(
        url, {"framework": flask.pk, "decision": "accept", "up_to": up_to}, follow=True
    )
    assert "Recorded 2 releases of Flask, up to 3.1.5." in response.content.decode()
    assert set(
        flask.releases.filter(version__in=["3.1.4", "3.1.5"]).values_list("version", flat=True)
    ) == {"3.1.4", "3.1.5"}
    assert list(proposals.filter(state="pending").values_list("version", flat=True)) == ["3.2.0"]
    headlines = list(
        ChangeLogEntry.objects.public()
        .filter(content_type__model="release")
        .values_list("headline", flat=True)
    )
    assert sorted(headlines)[:2] == [
        "Flask 3.1.4 released (uploaded to the package index on 1 Mar 2025)",
        "Flask 3.1.5 released (uploaded to the package index on 1 Mar 2025)",
    ]
    changes = client.get("/changes/").content.decode()
    assert "Flask 3.1.5 released (uploaded to the package index on 1 Mar 2025)" in changes
    assert "Upstream release" not in changes and "Deleted release" not in changes


def test_one_decision_dismisses_every_waiting_version_of_a_framework(editor_client):
    flask = Framework.objects.get(slug="flask")
    proposals = _propose(flask, "3.1.4", "3.2.0")
    url = reverse("admin:comparisons_releaseproposal_review")
    response = editor_client.post(url, {"framework": flask.pk, "decision": "dismiss"}, follow=True)
    assert "Dismissed 2 versions of Flask." in response.content.decode()
    assert set(proposals.values_list("state", flat=True)) == {"dismissed"}


@pytest.mark.parametrize(
    "data",
    [
        {"decision": "accept", "up_to": "nope"},
        {"decision": "shred"},
    ],
)
def test_a_stale_or_garbled_decision_records_nothing(editor_client, data):
    flask = Framework.objects.get(slug="flask")
    proposals = _propose(flask, "3.1.4")
    url = reverse("admin:comparisons_releaseproposal_review")
    response = editor_client.post(url, {"framework": flask.pk, **data}, follow=True)
    assert response.status_code == 200
    assert proposals.get().state == "pending"
    assert editor_client.post(url, {"framework": "x", **data}).status_code == 404
