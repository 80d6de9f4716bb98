"""The compare page's whole-table outputs are capped, and the page says so."""

import csv
import io

import pytest

NOTICE = "hold at most 2 frameworks: this shows the first 2 of the 3 chosen"


@pytest.fixture
def cap_of_two(settings):
    settings.COMPARE_MAX_WIDE_FRAMEWORKS = 2


def _csv(client, query):
    response = client.get("/compare/", {**query, "_export": "csv"})
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_a_download_beyond_the_cap_shows_the_first_ones(demo, client, cap_of_two):
    header = _csv(client, {})[0]
    assert [name for name in ("Flask", "FastAPI", "Django") if name in header] == [
        "Flask",
        "FastAPI",
    ]


def test_differences_of_frameworks_as_rows_beyond_the_cap_show_the_first_ones_and_say_so(
    demo, client, cap_of_two
):
    query = {"view": "transposed", "differences": "on"}
    assert NOTICE in client.get("/compare/", query).content.decode()
    assert len(_csv(client, query)) == 1 + 2


def test_a_transposed_download_beyond_the_cap_holds_the_first_frameworks(demo, client, cap_of_two):
    assert len(_csv(client, {"view": "transposed"})) == 1 + 2


def test_both_layouts_are_paginated_rather_than_capped(demo, client, cap_of_two):
    for query in ({}, {"view": "transposed"}, {"differences": "on"}):
        content = client.get("/compare/", query).content.decode()
        assert NOTICE not in content
        for name in ("Flask", "FastAPI", "Django"):
            assert name in content


def test_within_the_cap_nothing_is_left_out(demo, client):
    header = _csv(client, {})[0]
    assert all(name in header for name in ("Flask", "FastAPI", "Django"))
    assert len(_csv(client, {"view": "transposed"})) == 1 + 3
    query = {"view": "transposed", "differences": "on"}
    assert "hold at most" not in client.get("/compare/", query).content.decode()
