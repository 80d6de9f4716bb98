"""Two editors saving at the same instant, on PostgreSQL: the merge and its lock are one step.

Each round, two threads (each with its own database connection, as two gunicorn workers
have) open the same release's change form, wait at a barrier, and post at once. The
row lock (select_for_update) makes the second save re-read the row the first committed.
"""

import threading

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.urls import reverse

from comparisons.models import Release
from tests.accounts import sign_in_verified
from tests.factories import BenchmarkResultFactory, ReleaseFactory
from tests.forms import form_data

ROUNDS = 25


@pytest.fixture
def setup(transactional_db):
    if connection.vendor != "postgresql":
        pytest.skip(
            "needs PostgreSQL: row locks (select_for_update) between two live connections; "
            "SQLite serialises writers instead. Run with DATABASE_URL=postgres://..."
        )
    release = ReleaseFactory(version="1.0.0", notes="", source_url="")
    clients = []
    for name in ("alice", "bob"):
        client = Client()
        sign_in_verified(client, User.objects.create_superuser(name, password="x" * 12))
        clients.append(client)
    return release, clients


def post_together(clients, url, forms):
    """Both editors press Save at the same moment; returns their responses in order."""
    barrier = threading.Barrier(len(clients))
    responses = [None] * len(clients)

    def save(index):
        try:
            barrier.wait(timeout=10)
            responses[index] = clients[index].post(url, forms[index])
        finally:
            connection.close()  # this thread's own connection

    threads = [threading.Thread(target=save, args=(index,)) for index in range(len(clients))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return responses


def change_url(release):
    return reverse("admin:comparisons_release_change", args=[release.pk])


def test_simultaneous_saves_of_different_fields_lose_nothing(setup):
    release, (alice, bob) = setup
    url = change_url(release)
    lost = []
    for round_ in range(ROUNDS):
        forms = [form_data(alice.get(url)), form_data(bob.get(url))]
        forms[0]["notes"] = f"Notes of round {round_}"
        forms[1]["source_url"] = f"https://example.org/round-{round_}/"
        responses = post_together([alice, bob], url, forms)
        release.refresh_from_db()
        if [response.status_code for response in responses] != [302, 302] or (
            release.notes,
            release.source_url,
        ) != (f"Notes of round {round_}", f"https://example.org/round-{round_}/"):
            lost.append(round_)
    print(f"different fields: {ROUNDS} rounds, {len(lost)} lost")
    assert lost == []
    assert Release.history.filter(id=release.pk).count() == 1 + 2 * ROUNDS


def test_simultaneous_saves_of_the_same_field_accept_one_and_show_the_other_a_conflict(setup):
    release, (alice, bob) = setup
    url = change_url(release)
    outcomes = []
    for round_ in range(ROUNDS):
        forms = [form_data(alice.get(url)), form_data(bob.get(url))]
        values = [f"Alice's notes {round_}", f"Bob's notes {round_}"]
        for form, value in zip(forms, values, strict=True):
            form["notes"] = value
        responses = post_together([alice, bob], url, forms)
        codes = [response.status_code for response in responses]
        release.refresh_from_db()
        assert sorted(codes) == [200, 302], (round_, codes)
        winner, loser = (0, 1) if codes[0] == 302 else (1, 0)
        assert release.notes == values[winner]
        refused = responses[loser].content.decode()
        assert "Someone saved this release while you were editing it" in refused
        assert form_data(responses[loser])["notes"] == values[winner]  # stored value shown
        outcomes.append(winner)
    print(f"same field: {ROUNDS} rounds, one accepted each; Alice won {outcomes.count(0)}")
    assert Release.history.filter(id=release.pk).count() == 1 + ROUNDS


def test_simultaneous_list_edits_of_two_rows_in_opposite_orders_lose_nothing(setup):
    """Quick edits of the same two rows at once: merged per row, and the locks never deadlock.

    Bob's rows come in the opposite order, as from a page sorted the other way; without
    locking the listed rows in one order first, the two saves could wait on each other.
    """
    _, (alice, bob) = setup
    first, second = BenchmarkResultFactory(), BenchmarkResultFactory()
    url = reverse("admin:comparisons_benchmarkresult_changelist")
    for round_ in range(20):
        forms = [form_data(alice.get(url), form_id="changelist-form")]
        forms.append(form_data(bob.get(url), form_id="changelist-form"))
        # Each edits both rows, different columns: Alice the low values, Bob the high ones.
        for result in (first, second):
            forms[0][f"form-{row_index(forms[0], result)}-low_value"] = str(round_)
            forms[1][f"form-{row_index(forms[1], result)}-high_value"] = str(100 + round_)
        forms[1] = {swap_rows(key): value for key, value in forms[1].items()}
        responses = post_together([alice, bob], url, [{**form, "_save": "Save"} for form in forms])
        assert [response.status_code for response in responses] == [302, 302], round_
        for result in (first, second):
            result.refresh_from_db()
            assert (result.low_value, result.high_value) == (round_, 100 + round_), round_


def swap_rows(key):
    """form-0-x <-> form-1-x: the same rows, posted in the other order."""
    for one, other in (("form-0-", "form-1-"), ("form-1-", "form-0-")):
        if key.startswith(one):
            return other + key.removeprefix(one)
    return key


def row_index(data, obj):
    return next(
        key.split("-")[1]
        for key, value in data.items()
        if key.startswith("form-") and key.endswith("-id") and value == str(obj.pk)
    )
