"""/frameworks/: every framework, sortable by typed values, filterable, exportable."""

import csv
import io

import pytest
from openpyxl import load_workbook

from comparisons.models import Framework, Release, ValueKind
from tests import html
from tests.factories import (
    AttributeFactory,
    AttributeValueFactory,
    FrameworkFactory,
    ReleaseFactory,
)


def _names(response):
    table = next(html.parse(response.content.decode()).iter("table"))
    return [row[0] for row in html.table_rows(table)[1:]]


@pytest.mark.parametrize("extra_frameworks", [0, 47])
def test_framework_list_queries_stay_few_at_3_and_50_frameworks(
    demo, add_frameworks, client, django_assert_max_num_queries, extra_frameworks
):
    add_frameworks(extra_frameworks)
    with django_assert_max_num_queries(8):
        response = client.get("/frameworks/", {"features": "async-support", "sort": "-kind"})
    assert response.status_code == 200


def test_framework_list_shows_facts_and_key_attributes(demo, client):
    table = next(html.parse(client.get("/frameworks/").content.decode()).iter("table"))
    rows = html.table_rows(table)
    # What readers compare first; the creator and the licence are in the export.
    assert rows[0] == [
        "Framework",
        "Type",
        "Latest version",
        "First release",
        "Built-in ORM",
        "Admin Panel",
        "Async Support",
        "Server Interface",
        "Supported Python",
    ]
    # The latest final release, with the day it reached the package index under it.
    assert rows[1][:4] == ["Flask", "Microframework", "3.1.3 19 Feb 2026", "2010"]
    export = client.get("/frameworks/", {"_export": "csv"}).content.decode()
    header, flask = list(csv.reader(io.StringIO(export)))[:2]
    assert (flask[header.index("Creator")], flask[header.index("Licence")]) == (
        "Armin Ronacher",
        "BSD-3-Clause",
    )


def test_filters_offer_only_features_that_tell_frameworks_apart(demo, client):
    page = html.parse(client.get("/frameworks/").content.decode())
    offered = {
        box.attrs["value"] for box in page.iter("input") if box.attrs.get("name") == "features"
    }
    assert "routing" not in offered  # every framework has it
    assert {"built-in-orm", "admin-panel", "async-support"} <= offered
    text = page.text()
    assert "Counts as supported" not in text
    assert "Built in (Yes)" not in text
    assert "Only when built in" in text


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("latest_version", ["Flask", "Django", "FastAPI"]),  # 3.1.0 < 5.10 < 10.0.0 below
        ("-latest_version", ["FastAPI", "Django", "Flask"]),
        ("first_release", ["Django", "Flask", "FastAPI"]),
        ("-first_release", ["FastAPI", "Flask", "Django"]),
        ("framework", ["Django", "FastAPI", "Flask"]),
        # By the newest Python supported, then the oldest; FastAPI's 10.0.0 below states
        # none, so it is unknown, and last both ways.
        ("supported-python", ["Flask", "Django", "FastAPI"]),
        ("-supported-python", ["Django", "Flask", "FastAPI"]),
        ("unknown", ["Flask", "FastAPI", "Django"]),
    ],
)
def test_columns_sort_by_typed_value(demo, client, sort, expected):
    Release.objects.create(framework=Framework.objects.get(slug="django"), version="5.10")
    Release.objects.create(framework=Framework.objects.get(slug="fastapi"), version="10.0.0")
    assert _names(client.get("/frameworks/", {"sort": sort})) == expected


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"q": "ronacher"}, ["Flask"]),
        ({"q": "async ready"}, ["FastAPI"]),
        ({"q": "jinja"}, ["Flask", "FastAPI", "Django"]),  # what their templating cells say
        ({"q": "dtl"}, ["Django"]),
        ({"kind": "Microframework"}, ["Flask"]),
        ({"features": ["built-in-orm", "admin-panel"]}, ["Django"]),
        ({"features": "async-support"}, ["FastAPI"]),
        ({"features": "async-support", "support": "some"}, ["Flask", "FastAPI", "Django"]),
        ({"features": "rest-framework", "support": "some"}, ["Flask", "FastAPI", "Django"]),
        ({"features": "type-checking", "q": "django"}, ["Nothing matches these filters."]),
    ],
)
def test_filters(demo, client, params, expected):
    assert _names(client.get("/frameworks/", params)) == expected


@pytest.mark.parametrize(
    "params",
    [
        {"kind": "Teapot"},
        {"features": "no-such-feature"},
        {"support": "always"},
        {"features": "learning-curve"},  # not a support-level attribute
    ],
)
def test_invalid_filter_values_show_an_error_beside_results(demo, client, params):
    response = client.get("/frameworks/", params)
    assert response.status_code == 200
    assert 'class="form-errors"' in response.content.decode()
    assert _names(response) == ["Flask", "FastAPI", "Django"]


def test_unpublished_frameworks_are_hidden(demo, client):
    Framework.objects.filter(slug="fastapi").update(is_published=False)
    assert _names(client.get("/frameworks/")) == ["Flask", "Django"]


def test_csv_export(demo, client):
    response = client.get("/frameworks/", {"_export": "csv", "features": "built-in-orm"})
    assert response["Content-Disposition"] == 'attachment; filename="frameworks.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][0] == "Framework"
    assert [row[0] for row in rows[1:]] == ["Django"]
    assert "3.12–3.14" in rows[1]


def test_xlsx_export_is_a_workbook(demo, client):
    response = client.get("/frameworks/", {"_export": "xlsx"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [cell.value for cell in sheet[2]][:2] == ["Flask", "Microframework"]


def test_json_export(demo, client):
    data = client.get("/frameworks/", {"_export": "json"}).json()
    assert data[2]["Framework"] == "Django"
    assert data[2]["Latest version"]["text"] == "6.1.3"
    assert data[2]["Latest version"]["date"] == "2026-11-03"
    python = data[2]["Supported Python"]
    assert python["text"] == "3.12–3.14"
    assert python["versions"] == ["3.12", "3.13", "3.14"]
    assert python["definition"].startswith("The Python versions the latest release supports")
    assert data[2]["Server Interface"]["source"]["url"].startswith("https://docs.djangoproject")


def test_export_neutralises_spreadsheet_formulas(demo, client):
    Framework.objects.filter(slug="flask").update(creators='=HYPERLINK("http://evil")')
    Framework.objects.filter(slug="django").update(license="@SUM(A1)")
    rows = list(
        csv.reader(io.StringIO(client.get("/frameworks/", {"_export": "csv"}).content.decode()))
    )
    header = rows[0]
    assert rows[1][header.index("Creator")] == '\'=HYPERLINK("http://evil")'
    assert rows[3][header.index("Licence")] == "'@SUM(A1)"


@pytest.mark.parametrize("export", ["xml", "html", "yaml", "xls"])
def test_unknown_export_format_is_not_found(demo, client, export):
    assert client.get("/frameworks/", {"_export": export}).status_code == 404


@pytest.mark.parametrize("page", ["0", "-1", "abc", "2", "10**9", "99999999999999999999"])
def test_bad_page_numbers_give_a_page(demo, client, page):
    response = client.get("/frameworks/", {"page": page})
    assert response.status_code == 200
    assert len(_names(response)) == 3


@pytest.mark.parametrize(
    ("per_page", "shown"), [("1", 1), ("0", 25), ("-3", 1), ("500", 100), ("x", 25)]
)
def test_per_page_is_clamped(demo, add_frameworks, client, per_page, shown):
    add_frameworks(130)
    assert len(_names(client.get("/frameworks/", {"per_page": per_page}))) == shown


def test_pagination_links_keep_the_filters(demo, add_frameworks, client):
    add_frameworks(30)
    content = client.get("/frameworks/", {"sort": "-first_release", "q": "framework"}).content
    assert b'href="?sort=-first_release&amp;q=framework&amp;page=2" rel="next"' in content


@pytest.fixture
def three_kinds(db):
    """Three frameworks that differ in server interface, Python support and licence."""
    interface = AttributeFactory(slug="server-interface", value_kind=ValueKind.TEXT)
    made = {}
    for name, speaks, versions, requires, licence in [
        ("Wsgi One", "WSGI", "3.10 3.11 3.12", ">=3.10", "MIT"),
        ("Asgi Two", "ASGI", "3.12 3.13 3.14", ">=3.12", "BSD-3-Clause"),
        ("Own Three", "Own server + ASGI", "", ">=3.13", "MIT"),
    ]:
        framework = FrameworkFactory(name=name, license=licence)
        AttributeValueFactory(framework=framework, attribute=interface, display_text=speaks)
        ReleaseFactory(framework=framework, python_versions=versions, requires_python=requires)
        made[name] = framework
    return made


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"interface": "wsgi"}, ["Wsgi One"]),
        ({"interface": "asgi"}, ["Asgi Two", "Own Three"]),
        ({"interface": "own"}, ["Own Three"]),
        ({"python": "3.11"}, ["Wsgi One"]),
        # Requires-Python alone (no classifiers) counts for what it allows.
        ({"python": "3.14"}, ["Asgi Two", "Own Three"]),
        ({"license": "MIT"}, ["Wsgi One", "Own Three"]),
        ({"license": "MIT", "interface": "asgi"}, ["Own Three"]),
    ],
)
def test_filters_by_interface_python_and_licence(three_kinds, client, params, expected):
    assert sorted(_names(client.get("/frameworks/", params))) == sorted(expected)


def test_python_and_licence_choices_come_from_the_data(three_kinds, client):
    page = client.get("/frameworks/").content.decode()
    assert '<option value="3.14">3.14</option>' in page
    assert '<option value="3.9">' not in page
    assert '<option value="BSD-3-Clause">BSD-3-Clause</option>' in page


@pytest.mark.parametrize("params", [{"python": "2.7"}, {"interface": "cgi"}, {"license": "GPL"}])
def test_unknown_interface_python_or_licence_is_an_error_not_a_500(three_kinds, client, params):
    response = client.get("/frameworks/", params)
    assert response.status_code == 200
    assert 'class="form-errors"' in response.content.decode()


@pytest.mark.parametrize(
    ("params", "active"),
    [
        ({}, False),
        ({"support": "some"}, False),  # how to count, not a filter of its own
        ({"interface": "asgi"}, True),
        ({"python": "3.12"}, True),
        ({"license": "MIT"}, True),
        ({"q": "own"}, True),
    ],
)
def test_the_filter_panel_says_when_filters_are_on(three_kinds, client, params, active):
    page = client.get("/frameworks/", params).content.decode()
    assert ("(filters on)" in page) is active
    assert ('class="filters-details" open' in page) is bool(params)
