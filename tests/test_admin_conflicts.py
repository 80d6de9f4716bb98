"""Two editors never lose each other's work: merged saves, refused tokenless posts, no phantoms.

Every case goes through the admin with the test client, as two people in two browsers:
each opens a page (a change form, a list), then they save in turn.
"""

from pathlib import Path

import pytest
from django.apps import apps
from django.contrib import admin
from django.core.management import call_command
from django.urls import reverse
from django.utils.html import strip_tags

from comparisons.models import (
    AttributeValue,
    BenchmarkResult,
    ChangeLogEntry,
    Framework,
    Release,
)
from tests.admin import change_url, changelist_url
from tests.factories import ReleaseProposalFactory
from tests.forms import form_data


def history_rows():
    return sum(
        model.history.count()
        for model in apps.get_app_config("comparisons").get_models()
        if hasattr(model, "history")
    )


def row_index(data, obj, prefix="form"):
    return next(
        key.split("-")[-2]
        for key, value in data.items()
        if key.startswith(f"{prefix}-") and key.endswith("-id") and value == str(obj.pk)
    )


def field_value(response, name):
    """What the re-rendered form holds in ``name`` (as a browser would submit it)."""
    return form_data(response)[name]


# 1. Saves merge, they never revert


def test_a_changes_one_field_and_stale_b_another_and_both_are_kept(alice, bob):
    django = Framework.objects.get(slug="django")
    bob_form = form_data(bob.get(change_url(django)))
    alice_form = form_data(alice.get(change_url(django)))

    alice_form["summary"] = "The web framework for perfectionists with deadlines."
    assert alice.post(change_url(django), alice_form).status_code == 302
    bob_form["creators"] = "Adrian Holovaty and Simon Willison"
    assert bob.post(change_url(django), bob_form).status_code == 302

    django.refresh_from_db()
    assert django.summary == "The web framework for perfectionists with deadlines."
    assert django.creators == "Adrian Holovaty and Simon Willison"
    record = django.history.first()
    assert record.history_user.username == "bob"
    entry = ChangeLogEntry.objects.first()
    assert [change["field"] for change in entry.changes] == ["Creators"]


def test_b_saving_a_stale_form_untouched_keeps_a_value_and_records_nothing(alice, bob):
    django = Framework.objects.get(slug="django")
    bob_form = form_data(bob.get(change_url(django)), crlf=True)
    alice_form = form_data(alice.get(change_url(django)))
    alice_form["summary"] = "Batteries included."
    assert alice.post(change_url(django), alice_form).status_code == 302
    rows, entries = history_rows(), ChangeLogEntry.objects.count()

    response = bob.post(change_url(django), bob_form, follow=True)

    assert response.status_code == 200
    assert "Nothing to save" in response.content.decode()
    django.refresh_from_db()
    assert django.summary == "Batteries included."
    assert (history_rows(), ChangeLogEntry.objects.count()) == (rows, entries)


def test_b_adding_an_inline_release_on_a_stale_form_keeps_a_main_form_change(alice, bob):
    flask = Framework.objects.get(slug="flask")
    bob_form = form_data(bob.get(change_url(flask)), crlf=True)
    alice_form = form_data(alice.get(change_url(flask)))
    alice_form["summary"] = "A small core you extend with what you need."
    assert alice.post(change_url(flask), alice_form).status_code == 302

    index = int(bob_form["releases-TOTAL_FORMS"])
    bob_form.update(
        {
            "releases-TOTAL_FORMS": str(index + 1),
            f"releases-{index}-version": "3.2.0",
            f"releases-{index}-framework": str(flask.pk),
        }
    )
    assert bob.post(change_url(flask), bob_form).status_code == 302

    flask.refresh_from_db()
    assert flask.summary == "A small core you extend with what you need."
    assert flask.releases.filter(version="3.2.0").exists()
    assert flask.history.count() == 2  # the demo's record and Alice's save; Bob's is the release's


def test_a_true_conflict_shows_the_stored_value_with_mine_beside_it(alice, bob):
    release = Release.objects.get(framework__slug="flask", version="3.1.0")
    bob_form = form_data(bob.get(change_url(release)))
    alice_form = form_data(alice.get(change_url(release)))
    alice_form.update(version="3.1.91", released_on="2025-05-13")
    assert alice.post(change_url(release), alice_form).status_code == 302

    bob_form.update(version="3.1.92", source_url="https://pypi.org/project/Flask/3.1.92/")
    response = bob.post(change_url(release), bob_form)

    assert response.status_code == 200
    content = response.content.decode()
    assert "Someone saved this release while you were editing it, so nothing was saved." in content
    assert "They changed Version: 3.1.0 → 3.1.91; Released on: — → 2025-05-13." in content
    assert "Yours was “3.1.92”." in content
    assert field_value(response, "version") == "3.1.91"  # the stored value, in the field
    # Alice's date, which Bob did not touch, is shown as stored, not as Bob's page had it;
    # Bob's own change that conflicts with nothing is still in the form.
    assert field_value(response, "released_on") == "2025-05-13"
    assert field_value(response, "source_url") == "https://pypi.org/project/Flask/3.1.92/"
    assert content.count("Yours was") == 1
    release.refresh_from_db()
    assert release.version == "3.1.91"

    # Saving the form as it came back keeps what the field holds: Alice's version.
    assert bob.post(change_url(release), form_data(response)).status_code == 302
    release.refresh_from_db()
    assert (release.version, str(release.released_on)) == ("3.1.91", "2025-05-13")
    assert release.source_url == "https://pypi.org/project/Flask/3.1.92/"


def test_after_a_conflict_the_editor_may_deliberately_put_their_value_back(alice, bob):
    release = Release.objects.get(framework__slug="flask", version="3.1.0")
    bob_form = form_data(bob.get(change_url(release)))
    alice_form = form_data(alice.get(change_url(release)))
    assert alice.post(change_url(release), {**alice_form, "version": "3.1.91"}).status_code == 302
    response = bob.post(change_url(release), {**bob_form, "version": "3.1.92"})
    assert response.status_code == 200

    retry = {**form_data(response), "version": "3.1.92"}
    assert bob.post(change_url(release), retry).status_code == 302
    release.refresh_from_db()
    assert release.version == "3.1.92"


def test_both_making_the_same_change_is_no_conflict(alice, bob):
    release = Release.objects.get(framework__slug="flask", version="3.1.0")
    bob_form = form_data(bob.get(change_url(release)))
    alice_form = form_data(alice.get(change_url(release)))
    assert alice.post(change_url(release), {**alice_form, "version": "3.1.91"}).status_code == 302
    rows = history_rows()
    assert bob.post(change_url(release), {**bob_form, "version": "3.1.91"}).status_code == 302
    assert history_rows() == rows  # it was already stored: nothing to write


def test_a_conflict_in_long_text_shows_a_readable_diff(alice, bob):
    django = Framework.objects.get(slug="django")
    bob_form = form_data(bob.get(change_url(django)), crlf=True)
    alice_form = form_data(alice.get(change_url(django)), crlf=True)
    original = django.philosophy
    alice_form["philosophy"] = original.replace("\n", "\r\n") + "\r\n\r\nAlice's closing line."
    assert alice.post(change_url(django), alice_form).status_code == 302
    bob_form["philosophy"] = "Bob's opening line.\r\n\r\n" + original.replace("\n", "\r\n")
    response = bob.post(change_url(django), bob_form)

    assert response.status_code == 200
    content = response.content.decode()
    assert "the field now holds their version" in content
    assert '<div class="edit-conflict-diff">' in content
    assert "<del>line.</del>" in content or "<del>" in content
    assert "<ins>Bob&#x27;s opening line." in content.replace("\n", " ") or "<ins>" in content
    assert field_value(response, "philosophy").endswith("Alice's closing line.")
    django.refresh_from_db()
    assert django.philosophy.endswith("Alice's closing line.")
    assert "\r" not in django.philosophy


def test_inline_rows_merge_and_report_conflicts_in_the_row(alice, bob):
    flask = Framework.objects.get(slug="flask")
    cell = AttributeValue.objects.get(framework=flask, attribute__slug="routing")
    bob_form = form_data(bob.get(change_url(flask)), crlf=True)
    cell_form = form_data(alice.get(change_url(cell)))
    cell_form["display_text"] = "Yes (decorators)"
    assert alice.post(change_url(cell), cell_form).status_code == 302

    index = row_index(bob_form, cell, "values")
    # A different field of the same row: merged.
    merged = {**bob_form, f"values-{index}-source_url": "https://flask.palletsprojects.com/"}
    assert bob.post(change_url(flask), merged).status_code == 302
    cell.refresh_from_db()
    assert (cell.display_text, cell.source_url) == (
        "Yes (decorators)",
        "https://flask.palletsprojects.com/",
    )

    # The same field, from the same stale page: a conflict, shown in the row.
    response = bob.post(change_url(flask), {**bob_form, f"values-{index}-display_text": "Rules"})
    assert response.status_code == 200
    assert "Someone saved this cell while you were editing it" in response.content.decode()
    assert "Yours was “Rules”." in response.content.decode()
    assert field_value(response, f"values-{index}-display_text") == "Yes (decorators)"
    cell.refresh_from_db()
    assert cell.display_text == "Yes (decorators)"


def _bob_lists_results_then_alice_sets_flasks_low_value(alice, bob):
    """(the list's URL, Bob's list form, the result, its row) after Alice saved 18 over it."""
    url = changelist_url(BenchmarkResult)
    bob_list = form_data(bob.get(url), form_id="changelist-form")
    result = BenchmarkResult.objects.get(framework__slug="flask", origin="cited")
    result_form = form_data(alice.get(change_url(result)))
    assert alice.post(change_url(result), {**result_form, "low_value": "18"}).status_code == 302
    return url, bob_list, result, row_index(bob_list, result)


def test_a_list_edit_of_another_column_keeps_that_column(alice, bob):
    url, bob_list, result, index = _bob_lists_results_then_alice_sets_flasks_low_value(alice, bob)
    bob_list[f"form-{index}-high_value"] = "45"
    assert bob.post(url, {**bob_list, "_save": "Save"}).status_code == 302
    result.refresh_from_db()
    assert (result.low_value, result.high_value) == (18, 45)


def test_a_list_edit_conflict_shows_the_stored_value_in_the_input(alice, bob):
    url, bob_list, result, index = _bob_lists_results_then_alice_sets_flasks_low_value(alice, bob)
    bob_list[f"form-{index}-low_value"] = "21"
    response = bob.post(url, {**bob_list, "_save": "Save"})
    assert response.status_code == 200
    content = response.content.decode()
    assert "Yours was “21”." in content
    assert "Someone saved this benchmark result while you were editing it" in content
    again = form_data(response, form_id="changelist-form")
    assert again[f"form-{index}-low_value"] == "18"
    result.refresh_from_db()
    assert result.low_value == 18
    # Saving the list as it came back writes nothing.
    rows = history_rows()
    assert bob.post(url, {**again, "_save": "Save"}).status_code == 302
    assert history_rows() == rows


# 3. Every admin form carries the token


def test_a_change_form_without_its_token_is_refused(alice):
    release = Release.objects.get(framework__slug="flask", version="3.1.0")
    data = form_data(alice.get(change_url(release)))
    del data["edit_token"]
    response = alice.post(change_url(release), {**data, "version": "3.1.91"})
    assert response.status_code == 200
    assert "This form has no valid edit check" in response.content.decode()
    release.refresh_from_db()
    assert release.version == "3.1.0"


def test_a_tampered_token_is_refused(alice):
    release = Release.objects.get(framework__slug="flask", version="3.1.0")
    data = form_data(alice.get(change_url(release)))
    response = alice.post(change_url(release), {**data, "version": "3.1.91", "edit_token": "x"})
    assert "This form has no valid edit check" in response.content.decode()
    release.refresh_from_db()
    assert release.version == "3.1.0"


def test_a_list_edit_without_tokens_is_refused_with_a_message(alice):
    url = changelist_url(BenchmarkResult)
    data = form_data(alice.get(url), form_id="changelist-form")
    result = BenchmarkResult.objects.get(framework__slug="flask", origin="cited")
    data = {key: value for key, value in data.items() if not key.endswith("-edit_token")}
    data[f"form-{row_index(data, result)}-low_value"] = "18"
    response = alice.post(url, {**data, "_save": "Save"})
    assert response.status_code == 200
    assert "This form has no valid edit check" in response.content.decode()
    result.refresh_from_db()
    assert result.low_value == 20


def test_every_admin_form_renders_its_token(alice):
    ReleaseProposalFactory(framework=Framework.objects.first())  # the demo has none waiting
    for model in CONTENT_MODELS:
        obj = model.objects.first()
        data = form_data(alice.get(change_url(obj)))
        tokens = [key for key in data if key.endswith("edit_token") and "__prefix__" not in key]
        rows = [key for key in data if key.endswith("-id") and data[key]]
        assert "edit_token" in data, model
        assert len(tokens) == len(rows) + 1, model  # the object and each of its inline rows


# 4. No phantom changes


CONTENT_MODELS = [
    model
    for model in admin.site._registry
    if model._meta.app_label == "comparisons" and model.__name__ != "ChangeLogEntry"
]


@pytest.mark.parametrize("model", CONTENT_MODELS, ids=lambda model: model.__name__)
def test_an_untouched_save_sent_as_a_browser_sends_it_records_nothing(alice, model):
    rows, entries, logged = history_rows(), ChangeLogEntry.objects.count(), _admin_log()
    for obj in model.objects.all()[:3]:
        data = form_data(alice.get(change_url(obj)), crlf=True)
        response = alice.post(change_url(obj), data)
        assert response.status_code == 302, response.content.decode()[:2000]
    assert (history_rows(), ChangeLogEntry.objects.count(), _admin_log()) == (rows, entries, logged)


def _admin_log():
    from django.contrib.admin.models import LogEntry

    return LogEntry.objects.count()


def test_untouched_forms_with_multiline_text_exist_in_the_demo(alice):
    """The test above proves something only if some forms hold multi-line text."""
    multiline = 0
    for model in (Framework, apps.get_model("comparisons", "Article")):
        data = form_data(alice.get(change_url(model.objects.first())), crlf=True)
        multiline += sum("\r\n" in value for value in data.values() if isinstance(value, str))
    assert multiline >= 2


def test_loaddata_stores_multiline_text_with_lf(db, tmp_path: Path):
    fixture = tmp_path / "windows.json"
    fixture.write_bytes(
        b'[{"model": "comparisons.framework", "pk": 90, "fields": {"name": "Bottle",'
        b' "slug": "bottle", "kind": "Microframework", "first_release_year": 2009,'
        b' "creators": "Marcel Hellkamp", "core_focus": "One file",'
        b' "philosophy": "One file.\\r\\n\\r\\nNo dependencies.\\rAt all."}}]'
    )
    call_command("loaddata", str(fixture), verbosity=0)
    assert Framework.objects.get(pk=90).philosophy == "One file.\n\nNo dependencies.\nAt all."


def test_the_change_log_never_shows_equal_old_and_new(alice, bob):
    """Edits of every kind through the admin; then every entry of the log is scanned."""
    django = Framework.objects.get(slug="django")
    data = form_data(alice.get(change_url(django)), crlf=True)
    data["philosophy"] = data["philosophy"] + "\r\n"  # only a trailing line break
    alice.post(change_url(django), data)
    data = form_data(alice.get(change_url(django)), crlf=True)
    alice.post(change_url(django), {**data, "summary": data["summary"] + " "})
    result = BenchmarkResult.objects.get(framework__slug="flask", origin="cited")
    data = form_data(bob.get(change_url(result)))
    bob.post(change_url(result), {**data, "low_value": "20.000"})  # the same number
    bob.post(change_url(result), {**data, "low_value": "19"})
    for obj in (Release.objects.first(), apps.get_model("comparisons", "Article").objects.first()):
        bob.post(change_url(obj), form_data(bob.get(change_url(obj)), crlf=True))

    assert ChangeLogEntry.objects.exists()
    for entry in ChangeLogEntry.objects.all():
        if entry.action == "~":
            assert entry.changes, entry
        for change in entry.changes:
            assert change["old"] != change["new"], (entry, change)


# 5. History pages read well


def test_the_history_page_reads_well_for_editors(alice, bob):
    result = BenchmarkResult.objects.get(framework__slug="flask", origin="cited")
    data = form_data(alice.get(change_url(result)))
    alice.post(change_url(result), {**data, "low_value": "18"})
    history = reverse("admin:comparisons_benchmarkresult_history", args=[result.pk])
    response = bob.get(history)
    assert response.status_code == 200
    content = response.content.decode()
    main = content.split('id="content"')[1]
    assert "Low value:</strong> 20 → 18" in main
    assert "alice" in main
    # What editors read (the text, not the markup's machine-readable attributes).
    text = strip_tags(main)
    for unreadable in ("CHANGED_FIELDS_SUMMARY", "changed_fields_summary", "None", ".0000"):
        assert unreadable not in text, unreadable
    assert "/admin/auth/user/" not in content  # editors may not open user pages
    assert 'scope="col">Changed by</th>' in main


def test_each_error_is_shown_once(alice):
    release = Release.objects.get(framework__slug="flask", version="3.1.0")
    data = form_data(alice.get(change_url(release)))
    content = alice.post(change_url(release), {**data, "version": "three"}).content.decode()
    assert content.count("is not a valid PEP 440 version") == 1


def test_the_revert_page_shows_values_as_the_site_does_and_reverts_with_a_merge(alice):
    result = BenchmarkResult.objects.get(framework__slug="flask", origin="cited")
    first = result.history.earliest()
    data = form_data(alice.get(change_url(result)))
    assert data["low_value"] == "20"
    alice.post(change_url(result), {**data, "low_value": "18", "rating": "Fast"})
    revert = reverse("admin:comparisons_benchmarkresult_simple_history", args=[result.pk, first.pk])
    page = form_data(alice.get(revert))
    assert page["low_value"] == "20"
    assert alice.post(revert, page).status_code == 302
    result.refresh_from_db()
    assert (result.low_value, result.rating) == (20, "Medium")
