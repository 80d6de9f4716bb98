"""Exports carry the data, typed: a test per value kind, and sources and dates in every format."""

import csv
import io
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
import time_machine
from openpyxl import load_workbook

from comparisons.exports import neutralise_formula
from comparisons.models import (
    Attribute,
    AttributeValue,
    BenchmarkResult,
    Category,
    Framework,
    ValueKind,
)
from tests.factories import AttributeFactory, AttributeValueFactory

COMPARE = "/compare/flask-vs-django/"
ARTICLE_SOURCE = {
    "title": "Comparison article: Flask, FastAPI and Django",
    "publisher": None,
    "url": None,
}


def export(client, fmt, **params):
    """The compare page's download with frameworks as rows, one object per framework."""
    response = client.get(COMPARE, {"_export": fmt, "view": "transposed", **params})
    assert response.status_code == 200
    return response


def row_of(data, name):
    return next(row for row in data if row["Framework"] == name)


def test_json_support_cell(demo, client):
    data = export(client, "json", categories="key-features").json()
    cell = row_of(data, "Flask")["Built-in ORM"]
    assert cell == {
        "text": "via Flask-SQLAlchemy-Lite",
        "support": "via-extension",
        "number": None,
        "low": None,
        "high": None,
        "unit": None,
        "rank": None,
        "note": cell["note"],
        "origin": None,
        "source": {
            "title": "Flask-SQLAlchemy-Lite · PyPI",
            "publisher": "Python Software Foundation (PyPI)",
            "url": "https://pypi.org/project/flask-sqlalchemy-lite/",
        },
        "verified_on": "2026-12-05",
        "definition": Attribute.objects.get(slug="built-in-orm").description,
    }
    assert "Flask-SQLAlchemy" in cell["note"]


def test_json_text_cell_keeps_its_support_level(demo, client):
    cell = row_of(export(client, "json", categories="key-features").json(), "Flask")
    assert cell["Templating Engine"]["text"] == "Jinja2"
    assert cell["Templating Engine"]["support"] == "yes"


def test_json_ordinal_cell_has_its_rank(cells_as_claimed, client):
    cell = row_of(export(client, "json", categories="developer-experience").json(), "Django")
    assert cell["Learning Curve"]["text"] == "Steeper"
    assert cell["Learning Curve"]["rank"] == 3
    assert cell["Learning Curve"]["support"] is None


def test_json_unknown_cell_says_so_and_why(demo, client):
    cell = row_of(export(client, "json", categories="developer-experience").json(), "Django")
    assert cell["Learning Curve"]["text"] == "Unknown"
    assert cell["Learning Curve"]["rank"] is None
    assert "No citable source" in cell["Learning Curve"]["note"]


# The support windows shown end in 2027 and 2028: their status depends on the day.
@time_machine.travel(datetime(2026, 12, 5, 12, tzinfo=UTC), tick=True)
def test_json_computed_rows_carry_dates_and_versions(demo, client):
    row = row_of(export(client, "json", categories="runtime-and-support").json(), "Django")
    assert row["Supported Until"]["date"] == "2028-04-30"
    assert row["Supported Until"]["text"] == "April 2028"
    assert row["Supported Python"]["versions"] == ["3.12", "3.13", "3.14"]


def test_json_cited_benchmark_range_has_low_high_and_unit(demo, client):
    cell = row_of(export(client, "json", categories="performance").json(), "Flask")
    response_time = cell["Average Response Time"]
    assert response_time["text"] == "Medium (~20–50 ms)"
    assert (response_time["low"], response_time["high"], response_time["unit"]) == (20, 50, "ms")
    assert response_time["origin"] == "cited"
    assert response_time["source"] == ARTICLE_SOURCE


@pytest.fixture
def number_row(demo):
    attribute = AttributeFactory(
        category=Category.objects.get(slug="performance"),
        name="Cold start",
        slug="cold-start",
        value_kind=ValueKind.NUMBER,
        unit="ms",
        position=99,
    )
    for slug, number in (("flask", "120.5"), ("django", "300")):
        AttributeValueFactory(
            framework=Framework.objects.get(slug=slug),
            attribute=attribute,
            number=Decimal(number),
            note="Measured *cold*.",
            verified_on=date(2026, 10, 1),
            source_url="https://example.org/cold-start",
        )
    return attribute


def test_json_number_cell(number_row, client):
    cell = row_of(export(client, "json", categories="performance").json(), "Flask")["Cold start"]
    assert cell["number"] == 120.5 and cell["unit"] == "ms"
    assert cell["low"] is None and cell["high"] is None
    assert cell["note"] == "Measured *cold*."
    assert cell["verified_on"] == "2026-10-01"
    assert cell["source"] == {"title": None, "url": "https://example.org/cold-start"}


def test_json_range_cell(demo, client):
    attribute = AttributeFactory(
        category=Category.objects.get(slug="performance"),
        name="Memory",
        value_kind=ValueKind.RANGE,
        unit="MB",
        position=98,
    )
    AttributeValue.objects.create(
        framework=Framework.objects.get(slug="django"),
        attribute=attribute,
        number=Decimal("40"),
        upper_number=Decimal("80"),
    )
    cell = row_of(export(client, "json", categories="performance").json(), "Django")["Memory"]
    assert (cell["number"], cell["low"], cell["high"], cell["unit"]) == (None, 40, 80, "MB")


def test_json_measured_result_is_labelled_measured(demo, client):
    attribute = Attribute.objects.get(slug="average-response-time")
    measured = BenchmarkResult.objects.shown().filter(origin="measured").first().benchmark
    attribute.benchmark = measured
    attribute.unit = measured.unit
    attribute.save()
    cell = row_of(export(client, "json", categories="performance").json(), "Flask")
    figure = cell["Average Response Time"]
    assert figure["origin"] == "measured"
    assert figure["number"] is not None and figure["low"] <= figure["number"] <= figure["high"]
    assert figure["verified_on"] == "2026-12-05"  # the day it was measured


def test_csv_adds_source_and_verified_columns(demo, client):
    rows = list(csv.reader(io.StringIO(export(client, "csv", categories="performance").text)))
    assert rows[0][:4] == [
        "Framework",
        "Average Response Time",
        "Average Response Time: source",
        "Average Response Time: verified",
    ]
    assert rows[1][2] == "Comparison article: Flask, FastAPI and Django (2025)"


def test_xlsx_writes_numbers_as_numbers_with_readable_widths(number_row, client):
    response = client.get("/frameworks/", {"_export": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    headers = [cell.value for cell in sheet[1]]
    first_release = headers.index("First release")
    assert sheet.cell(row=2, column=first_release + 1).value == 2010  # a number, not "2010"
    widths = [dimension.width for dimension in sheet.column_dimensions.values()]
    assert widths and all(10 <= width <= 60 for width in widths)

    response = export(client, "xlsx", categories="performance")
    sheet = load_workbook(io.BytesIO(response.content)).active
    headers = [cell.value for cell in sheet[1]]
    values = {sheet.cell(row=row, column=1).value: row for row in (2, 3)}
    cold = headers.index("Cold start") + 1
    assert sheet.cell(row=values["Flask"], column=cold).value == 120.5
    assert sheet.cell(row=values["Flask"], column=cold + 2).value == "2026-10-01"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+33 1", "'+33 1"),
        ("-cmd", "'-cmd"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("Flask", "Flask"),
        ("", ""),
        (-5, -5),
        (None, None),
    ],
)
def test_neutralise_formula(value, expected):
    assert neutralise_formula(value) == expected
