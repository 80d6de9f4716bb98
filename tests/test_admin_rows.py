"""comparisons/admin/rows.py: each form bound to its own row; removed rows neither trap an
editor nor lose their text; the trash brings them back; one public entry per act."""

import pytest
from django.urls import reverse

from comparisons.changes import REVERT_REASON
from comparisons.models import (
    AttributeValue,
    ChangeLogEntry,
    Framework,
    ProCon,
    Release,
)
from tests import html
from tests.admin import change_url
from tests.factories import AttributeFactory, ReleaseProposalFactory
from tests.forms import form_data

CELLS = "/admin/comparisons/attributevalue/"


def _labelled_forms(response):
    """{row label: the primary key its form edits}, read from the rendered list: a row's
    inputs name its form (form-3-display_text), the form's hidden id names the row."""
    page = html.parse(response.content.decode())
    hidden = {
        node.attrs["name"]: node.attrs.get("value")
        for node in page.iter("input")
        if node.attrs.get("name", "").endswith("-id")
    }
    pairs = {}
    for row in page.find_id("result_list").iter("tr"):
        names = [
            n.attrs.get("name", "")
            for n in row.iter("input")
            if "-display_text" in n.attrs.get("name", "")
        ]
        links = [a.text() for a in row.iter("a") if "/change/" in a.attrs.get("href", "")]
        if names and links:
            index = names[0].split("-")[1]
            pairs[links[0]] = int(hidden[f"form-{index}-id"])
    assert pairs, "no row of the list was read"
    return pairs


def _flask_cells_list(client, **params):
    flask = Framework.objects.get(slug="flask")
    return client.get(CELLS, {"framework__id__exact": flask.pk, **params})


def _row(data, pk):
    return next(k.split("-")[1] for k, v in data.items() if k.endswith("-id") and v == str(pk))


def test_a_list_edit_shown_again_keeps_each_form_beside_its_row_when_resorted(alice, bob):
    # Both sort Flask's cells by their text; Alice's edit moves a row within that order.
    bob_list = form_data(_flask_cells_list(bob, o="4"), form_id="changelist-form")
    cells = list(AttributeValue.objects.filter(framework__slug="flask").order_by("display_text"))
    moved, other = cells[-1], cells[-2]
    alice_list = form_data(_flask_cells_list(alice, o="4"), form_id="changelist-form")
    alice_list[f"form-{_row(alice_list, moved.pk)}-display_text"] = "A first now"
    params = f"?framework__id__exact={moved.framework_id}&o=4"
    assert alice.post(CELLS + params, {**alice_list, "_save": "Save"}).status_code == 302

    # Bob edits the same row (a conflict) and another one: the page comes back.
    bob_list[f"form-{_row(bob_list, moved.pk)}-display_text"] = "Bob's words"
    bob_list[f"form-{_row(bob_list, other.pk)}-display_text"] = "Bob's other words"
    response = bob.post(CELLS + params, {**bob_list, "_save": "Save"})
    assert response.status_code == 200
    # Every label sits beside the form of the row it names.
    for label, pk in _labelled_forms(response).items():
        assert label == str(AttributeValue.objects.get(pk=pk).attribute), label
    other.refresh_from_db()
    assert other.display_text != "Bob's other words"  # nothing saved while in conflict


def test_a_row_added_meanwhile_never_shifts_the_forms(alice, bob):
    bob_list = form_data(_flask_cells_list(bob), form_id="changelist-form")
    target = AttributeValue.objects.filter(framework__slug="flask").order_by("pk").first()
    # Alice adds a cell that sorts first, and changes Bob's row.
    flask = Framework.objects.get(slug="flask")
    AttributeValue.objects.create(
        framework=flask,
        attribute=AttributeFactory(name="Aaa first", category=target.attribute.category),
        support="yes",
    )
    alice_form = form_data(alice.get(change_url(target)))
    assert alice.post(change_url(target), {**alice_form, "note": "Alice's"}).status_code == 302
    bob_list[f"form-{_row(bob_list, target.pk)}-display_text"] = "Bob's"
    response = bob.post(CELLS + f"?framework__id__exact={flask.pk}", {**bob_list, "_save": "Save"})
    if response.status_code == 200:
        for label, pk in _labelled_forms(response).items():
            assert label == str(AttributeValue.objects.get(pk=pk).attribute)
    target.refresh_from_db()
    assert (target.note, target.display_text) == ("Alice's", "Bob's")  # merged, both kept


def test_a_row_removed_meanwhile_saves_the_rest_and_says_what_was_typed(alice, bob):
    bob_list = form_data(_flask_cells_list(bob), form_id="changelist-form")
    removed, kept = list(AttributeValue.objects.filter(framework__slug="flask").order_by("pk")[:2])
    removed_pk, removed_name = removed.pk, str(removed)
    removed.delete()
    bob_list[f"form-{_row(bob_list, removed_pk)}-display_text"] = "Typed into a removed row"
    bob_list[f"form-{_row(bob_list, kept.pk)}-display_text"] = "Kept"
    flask = Framework.objects.get(slug="flask")
    response = bob.post(
        CELLS + f"?framework__id__exact={flask.pk}", {**bob_list, "_save": "Save"}, follow=True
    )
    content = response.content.decode()
    assert f"“{removed_name}” was removed by another editor" in content
    assert "Typed into a removed row" in content
    kept.refresh_from_db()
    assert kept.display_text == "Kept"


def test_an_inline_row_removed_meanwhile_never_blocks_the_rest_of_the_save(alice, bob):
    flask = Framework.objects.get(slug="flask")
    bob_form = form_data(bob.get(change_url(flask)))
    point = ProCon.objects.filter(framework=flask, article=None).order_by("pk").first()
    prefix = "pros_and_cons"
    index = next(
        k.split("-")[1]
        for k, v in bob_form.items()
        if k.startswith(prefix) and k.endswith("-id") and v == str(point.pk)
    )
    ProCon.objects.get(pk=point.pk).delete()
    bob_form[f"{prefix}-{index}-text"] = "My better wording"
    bob_form["summary"] = "Bob's summary."
    response = bob.post(change_url(flask), bob_form, follow=True)
    assert response.status_code == 200
    content = response.content.decode()
    assert "was removed by another editor" in content
    assert "My better wording" in content
    flask.refresh_from_db()
    assert flask.summary == "Bob's summary."


def test_a_change_form_whose_row_was_removed_keeps_the_typed_text(alice, bob):
    cell = AttributeValue.objects.filter(framework__slug="flask").first()
    url = change_url(cell)
    bob_form = form_data(bob.get(url))
    name = str(cell)
    cell.delete()
    response = bob.post(url, {**bob_form, "note": "A long note Bob wrote."})
    assert response.status_code == 404
    content = response.content.decode()
    assert f"“{name}” was removed by another editor" in content
    assert "A long note Bob wrote." in content
    assert reverse("admin:comparisons_attributevalue_trash") in content


def test_removed_rows_are_in_the_trash_and_can_be_restored(alice):
    cell = AttributeValue.objects.filter(framework__slug="flask").first()
    pk, name = cell.pk, str(cell)
    cell.delete()
    trash = alice.get(reverse("admin:comparisons_attributevalue_trash")).content.decode()
    assert name in trash
    record = AttributeValue.history.filter(id=pk, history_type="-").get()
    restore = reverse("admin:comparisons_attributevalue_restore", args=[record.history_id])
    assert alice.get(restore).status_code == 405  # only by a button
    response = alice.post(restore, follow=True)
    assert f"Restored “{name}”." in response.content.decode()
    restored = AttributeValue.objects.get(pk=pk)
    assert restored.history.first().history_change_reason == "Restored from the trash"
    assert name not in alice.get(reverse("admin:comparisons_attributevalue_trash")).content.decode()


def test_a_restore_that_would_clash_says_why_and_restores_nothing(alice):
    cell = AttributeValue.objects.filter(framework__slug="flask").first()
    pk, framework, attribute = cell.pk, cell.framework, cell.attribute
    cell.delete()
    AttributeValue.objects.create(framework=framework, attribute=attribute, support="no")
    record = AttributeValue.history.filter(id=pk, history_type="-").get()
    restore = reverse("admin:comparisons_attributevalue_restore", args=[record.history_id])
    response = alice.post(restore, follow=True)
    assert "cannot come back as it was" in response.content.decode()
    assert not AttributeValue.objects.filter(pk=pk).exists()


def test_a_bulk_delete_asks_first_then_is_one_public_entry(alice):
    cells = list(AttributeValue.objects.filter(framework__slug="flask")[:3])
    data = {"action": "delete_selected", "_selected_action": [c.pk for c in cells]}
    confirm = alice.post(CELLS, data).content.decode()
    assert "Are you sure" in confirm and str(cells[0]) in confirm
    before = ChangeLogEntry.objects.count()
    response = alice.post(CELLS, {**data, "post": "yes"}, follow=True)
    assert "restored from the removed cells" in response.content.decode()
    entries = ChangeLogEntry.objects.order_by("-pk")[: ChangeLogEntry.objects.count() - before]
    assert [entry.headline for entry in entries] == ["3 cells removed"]


def test_a_revert_is_labelled_a_revert(alice, client):
    release = Release.objects.get(framework__slug="flask", version="3.1.3")
    form = form_data(alice.get(change_url(release)))
    assert alice.post(change_url(release), {**form, "notes": "Oops"}).status_code == 302
    first = release.history.order_by("history_date").first()
    revert = reverse(
        "admin:comparisons_release_simple_history", args=[release.pk, first.history_id]
    )
    assert alice.post(revert, form_data(alice.get(revert))).status_code == 302
    entry = ChangeLogEntry.objects.filter(content_type__model="release").first()
    assert entry.headline.startswith("Flask 3.1.3: reverted to its version of ")
    assert release.history.first().history_change_reason.startswith(REVERT_REASON)
    assert entry.headline in client.get("/changes/").content.decode()


def test_new_frameworks_start_unpublished_and_publishing_with_gaps_asks(alice):
    add = reverse("admin:comparisons_framework_add")
    data = {
        **form_data(alice.get(add)),
        "name": "Litestar",
        "slug": "litestar",
        "kind": "ASGI framework",
        "first_release_year": "2021",
        "creators": "A & B",
        "core_focus": "Fast APIs",
        "source": "",
        "support_policy_source": "",
    }
    for key in [k for k in data if k.endswith("TOTAL_FORMS")]:
        data[key] = "0"
    assert "checked" not in str(alice.get(add).content).split('name="is_published"')[1][:40]
    assert alice.post(add, data).status_code == 302
    litestar = Framework.objects.get(slug="litestar")
    assert not litestar.is_published
    form = form_data(alice.get(change_url(litestar)))
    response = alice.post(change_url(litestar), {**form, "is_published": "on"})
    assert response.status_code == 200
    assert "Litestar has gaps (20 of 20 rows without a cell)" in response.content.decode()
    litestar.refresh_from_db()
    assert not litestar.is_published
    form = form_data(response)
    response = alice.post(
        change_url(litestar), {**form, "is_published": "on", "publish_with_gaps": "on"}
    )
    assert response.status_code == 302
    litestar.refresh_from_db()
    assert litestar.is_published


def test_the_coverage_view_lists_each_frameworks_gaps(alice):
    AttributeValue.objects.filter(framework__slug="django", attribute__slug="routing").update(
        verified_on=None
    )
    content = alice.get(reverse("admin:comparisons_framework_coverage")).content.decode()
    assert "Coverage: what each framework still needs" in content
    assert "1 cells never verified" in content


def test_a_version_added_by_hand_closes_its_proposal(alice):
    flask = Framework.objects.get(slug="flask")
    proposal = ReleaseProposalFactory(framework=flask, version="3.1.4")
    add = reverse("admin:comparisons_release_add")
    data = {
        **form_data(alice.get(add)),
        "framework": str(flask.pk),
        "version": "v3.1.4",
        "uploaded_on": "2026-12-01",
    }
    assert alice.post(add, data).status_code == 302
    proposal.refresh_from_db()
    assert proposal.state == "accepted" and proposal.release.version == "3.1.4"


@pytest.mark.parametrize(("typed", "stored"), [("v3.1.3", "3.1.3"), ("3.1.3-1", "3.1.3.post1")])
def test_a_measured_version_is_stored_normalised(db, typed, stored):
    from tests.factories import BenchmarkResultFactory

    result = BenchmarkResultFactory()
    result.framework_version = typed
    result.full_clean()
    assert result.framework_version == stored


def test_latest_is_refused_as_a_measured_version(db):
    from django.core.exceptions import ValidationError

    from tests.factories import BenchmarkResultFactory

    result = BenchmarkResultFactory(framework_version="3.1.3")
    result.framework_version = "latest"
    with pytest.raises(ValidationError) as raised:
        result.full_clean()
    assert "framework_version" in raised.value.message_dict


def test_a_project_of_pre_releases_only_can_show_one_as_latest(db):
    from tests.factories import FrameworkFactory, ReleaseFactory

    framework = FrameworkFactory(prereleases_count_as_latest=True)
    ReleaseFactory(framework=framework, version="0.1b1")
    latest = Framework.objects.with_latest_release().get(pk=framework.pk)
    assert latest.latest_version == "0.1b1"


def test_markdown_is_previewed_as_readers_see_it(alice):
    from django.test import Client

    url = reverse("markdown-preview")
    response = alice.post(url, {"text": "### Setup\n\n<script>x</script> **bold**"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "<h3>Setup</h3>" in body and "<strong>bold</strong>" in body
    assert "<script>" not in body
    assert alice.get(url).status_code == 405
    assert Client().post(url, {"text": "x"}).status_code == 302  # readers: to the login


def test_a_change_form_says_which_pages_it_touches(alice):
    flask = Framework.objects.get(slug="flask")
    content = alice.get(change_url(flask)).content.decode()
    assert "Saving this shows at once on:" in content
    assert 'href="/frameworks/flask/"' in content
    assert 'href="/articles/flask-vs-fastapi-vs-django/"' in content
    assert "data-markdown-preview" in content  # the philosophy field can be previewed
