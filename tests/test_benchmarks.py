"""/benchmarks/: results with their setup and source, sortable, filterable, exportable, charted."""

import csv
import datetime
import io
import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from openpyxl import load_workbook

from comparisons.models import Benchmark, BenchmarkResult, Framework
from comparisons.numbers import format_number
from tests import html
from tests.factories import BenchmarkFactory, BenchmarkResultFactory, FrameworkFactory

URL = "/benchmarks/"
DEMO_FIGURES = ["Medium (~20–50 ms)", "Low (~5–10 ms)", "High (~30–70 ms)"]


def _tables(response):
    """The results tables: one per benchmark on the page."""
    assert response.status_code == 200
    page = html.parse(response.content.decode())
    return [t for t in page.iter("table") if "data-table--results" in t.attrs.get("class", "")]


def _table(response):
    return _tables(response)[0]


def _rows(response):
    """Body rows of the results tables, as text (their header rows left out); a row's
    first cell is the framework's name (without the version and server beside it)."""
    rows = []
    for table in _tables(response):
        for tr in list(table.iter("tr"))[1:]:
            cells = [cell for cell in tr.iter() if cell.tag in ("th", "td")]
            rows.append([next(cells[0].iter("a")).text()] + [cell.text() for cell in cells[1:]])
    return rows


def _cells(response):
    """Each body row as {column header: text}."""
    header = html.table_rows(_table(response))[0]
    return [dict(zip(header, row, strict=True)) for row in _rows(response)]


def _names(response):
    return [row[0] for row in _rows(response)]


def _svgs(response):
    return list(html.parse(response.content.decode()).iter("svg"))


@pytest.fixture
def speed(db):
    """A benchmark of its own, with a result per framework on different dates (one undated)."""
    benchmark = BenchmarkFactory(
        name="Requests per second", slug="rps", unit="req/s", lower_is_better=False, position=5
    )
    old = FrameworkFactory(name="Old")
    new = FrameworkFactory(name="New")
    undated = FrameworkFactory(name="Undated")
    BenchmarkResultFactory(
        benchmark=benchmark, framework=old, low_value=300, measured_on=datetime.date(2023, 5, 1)
    )
    BenchmarkResultFactory(
        benchmark=benchmark, framework=new, low_value=100, measured_on=datetime.date(2025, 5, 1)
    )
    BenchmarkResultFactory(benchmark=benchmark, framework=undated, low_value=200, measured_on=None)
    return benchmark


# The page


def test_page_shows_demo_results_with_setup_and_caveat(demo, client):
    response = client.get(URL)
    content = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Benchmarks</h1>" in content
    assert "different setups" in content
    # What we measured comes first; the cited figures after it.
    tables = _tables(response)
    first = html.table_rows(tables[0])[1][2]
    assert first.startswith("Measured here")
    rows = html.table_rows(tables[-1])
    # The benchmark, its unit and the full setup are said once, above the table and in
    # the setup legend; the export has every column.
    assert rows[0] == ["Framework", "Result", "Setup", "Measured on", "Source", "Spread"]
    assert rows[1] == [
        "Flask",
        "Medium (~20–50 ms)",
        "Cited, setup 2",
        "Not recorded",
        "Comparison article: Flask, FastAPI and Django (2025)",
        "Not recorded",
    ]
    text = html.parse(content).text()
    assert "Setup 2: cited; setup not published." in text
    assert "As the source claimed them; not measured here." in text
    for figures in DEMO_FIGURES:
        assert figures in content
    assert '<th scope="row" ><a href="/frameworks/flask/">Flask</a></th>' in content
    assert "<title>Benchmarks ·" in content


def test_setup_date_and_source_are_shown(db, client):
    BenchmarkResultFactory(
        framework__name="Sourced",
        server="gunicorn 23 (sync)",
        workers=4,
        python_version="3.13",
        runs=5,
        measured_on=datetime.date(2025, 3, 9),
        source_url="https://example.com/results",
    )
    response = client.get(URL)
    content = response.content.decode()
    [row] = _cells(response)
    assert row["Setup"] == "Cited, setup 1"
    assert "Sourced gunicorn 23 (sync)" in html.table_rows(_table(response))[1][0]
    text = html.parse(content).text()
    assert (
        "Setup 1: cited; 4 workers per server, Python 3.13; source https://example.com/results"
        in text
    )
    assert '<time datetime="2025-03-09">9 Mar 2025</time>' in content
    assert '<a href="https://example.com/results" rel="noopener noreferrer nofollow">' in content


def test_source_that_is_not_a_web_link_is_not_linked(db, client):
    result = BenchmarkResultFactory()
    BenchmarkResult.objects.filter(pk=result.pk).update(source_url="javascript:alert(1)")
    content = client.get(URL).content.decode()
    assert "javascript:alert(1)" in content
    assert 'href="javascript' not in content


def test_unpublished_frameworks_are_left_out(demo, client):
    Framework.objects.filter(slug="fastapi").update(is_published=False)
    response = client.get(URL)
    assert set(_names(response)) == {"Flask", "Django"}
    assert "Low (~5–10 ms)" not in response.content.decode()


@pytest.mark.parametrize("extra_frameworks", [0, 47, 197])
@pytest.mark.parametrize(
    "params",
    [
        {},
        {"benchmark": "average-response-time", "framework": ["flask", "django"], "sort": "-result"},
    ],
)
def test_queries_stay_few_at_3_50_and_200_frameworks(
    demo, add_frameworks, client, django_assert_max_num_queries, extra_frameworks, params
):
    add_frameworks(extra_frameworks)
    # Filtered, the page adds the site's "data as of" on a cold cache: one query, then cached.
    with django_assert_max_num_queries(9):
        response = client.get(URL, params)
    assert response.status_code == 200
    if not params:
        # The charts show the latest results of the frameworks on the page shown.
        shown = {row[0] for row in _rows(response)}
        [cited] = [
            svg
            for svg in _svgs(response)
            if svg.attrs["aria-labelledby"].startswith("chart-average-response-time-")
        ]
        assert len(list(cited.iter("rect"))) == min(3 + extra_frameworks, len(shown))


# Sorting


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("result", ["FastAPI", "Flask", "Django"]),
        ("-result", ["Django", "Flask", "FastAPI"]),
        ("low", ["FastAPI", "Flask", "Django"]),
        ("-high", ["Django", "Flask", "FastAPI"]),
        ("framework", ["Django", "FastAPI", "Flask"]),
        ("-framework", ["Flask", "FastAPI", "Django"]),
        ("rating", ["Django", "FastAPI", "Flask"]),  # High, Low, Medium: labels sort as text
        ("benchmark", ["Flask", "FastAPI", "Django"]),
    ],
)
def test_columns_sort_by_typed_value(demo, client, sort, expected):
    params = {"sort": sort, "benchmark": "average-response-time"}  # the cited demo figures
    assert _names(client.get(URL, params)) == expected


def test_result_sorts_a_single_figure_before_a_range_from_it(db, client):
    benchmark = BenchmarkFactory()
    BenchmarkResultFactory(
        benchmark=benchmark, framework__name="Range", low_value=20, high_value=50
    )
    BenchmarkResultFactory(benchmark=benchmark, framework__name="Single", low_value=20)
    BenchmarkResultFactory(benchmark=benchmark, framework__name="Lower", low_value=5, high_value=90)
    assert _names(client.get(URL, {"sort": "result"})) == ["Lower", "Single", "Range"]
    assert _names(client.get(URL, {"sort": "-result"})) == ["Range", "Single", "Lower"]


@pytest.mark.parametrize(
    ("sort", "expected"),
    [("measured_on", ["Old", "New", "Undated"]), ("-measured_on", ["New", "Old", "Undated"])],
)
def test_measured_on_sorts_undated_results_last_in_both_directions(client, speed, sort, expected):
    assert _names(client.get(URL, {"sort": sort})) == expected


@pytest.mark.parametrize(
    ("sort", "expected"),
    [("high", ["Range", "Single"]), ("-high", ["Range", "Single"])],
)
def test_high_sorts_missing_values_last_in_both_directions(db, client, sort, expected):
    BenchmarkResultFactory(framework__name="Single", low_value=1)
    BenchmarkResultFactory(framework__name="Range", low_value=1, high_value=2)
    assert _names(client.get(URL, {"sort": sort})) == expected


@pytest.mark.parametrize("sort", ["setup", "-setup", "source", "-source"])
def test_setup_and_source_sort_missing_values_last(db, client, sort):
    BenchmarkResultFactory(framework__name="Bare")
    BenchmarkResultFactory(
        framework__name="Described", server="uvicorn", source_url="https://example.com/"
    )
    assert _names(client.get(URL, {"sort": sort})) == ["Described", "Bare"]


@pytest.mark.parametrize(("sort", "state"), [("result", "ascending"), ("-result", "descending")])
def test_sorted_header_has_aria_sort(demo, client, sort, state):
    table = _table(client.get(URL, {"sort": sort}))
    headers = [cell for cell in table.iter("th") if cell.attrs.get("scope") == "col"]
    sorted_headers = [cell.text() for cell in headers if "aria-sort" in cell.attrs]
    assert sorted_headers == ["Result"]
    assert next(cell for cell in headers if cell.text() == "Result").attrs["aria-sort"] == state


@pytest.mark.parametrize("sort", ["nope", "-nope", "__class__", "result,nope", ""])
def test_unknown_sort_keys_are_ignored(demo, client, sort):
    response = client.get(URL, {"sort": sort})
    assert response.status_code == 200
    assert len(_rows(response)) == BenchmarkResult.objects.shown().count()


# Filters


def test_filter_by_benchmark_slug(demo, client, speed):
    assert _names(client.get(URL, {"benchmark": "rps"})) == ["New", "Old", "Undated"]
    response = client.get(URL, {"benchmark": "average-response-time"})
    assert _names(response) == ["Flask", "FastAPI", "Django"]
    assert [svg.find_id("chart-rps-title") for svg in _svgs(response)] == [None]


def test_filter_by_framework_slugs(demo, client):
    response = client.get(URL, {"framework": ["flask", "django"]})
    assert set(_names(response)) == {"Flask", "Django"}
    chart = _svgs(response)[0]
    assert len(list(chart.iter("rect"))) == 2
    assert "Low (~5–10 ms)" not in chart.text()


def test_framework_choices_are_published_frameworks(demo, client):
    Framework.objects.filter(slug="django").update(is_published=False)
    content = client.get(URL).content.decode()
    assert 'value="flask"' in content
    assert 'value="django"' not in content
    assert client.get(URL, {"framework": "django"}).context["filter"].errors


@pytest.mark.parametrize(
    "params",
    [
        {"benchmark": "no-such-benchmark"},
        {"framework": ["flask", "no-such-framework"]},
        {"benchmark": "x" * 500, "framework": "%00"},
        {"benchmark": "\x00"},
        {"framework": "\x00"},
    ],
)
def test_invalid_filter_shows_error_beside_results(demo, client, params):
    response = client.get(URL, params)
    assert response.status_code == 200
    content = response.content.decode()
    assert 'class="form-errors" role="alert"' in content
    assert 'class="field-error"' in content
    assert len(_rows(response)) == BenchmarkResult.objects.shown().count()
    assert len(_svgs(response)) == Benchmark.objects.count()


def test_invalid_filter_leaves_the_valid_one_applied(demo, client):
    response = client.get(URL, {"benchmark": "nope", "framework": "fastapi"})
    assert 'class="form-errors"' in response.content.decode()
    assert set(_names(response)) == {"FastAPI"}


def test_no_results_says_so(demo, client):
    BenchmarkFactory(slug="empty")
    response = client.get(URL, {"benchmark": "empty"})
    assert "No results match these filters." in response.content.decode()
    assert _svgs(response) == []


# Pagination


@pytest.mark.parametrize("page", ["0", "-1", "abc", "99999", "1e9", ""])
def test_bad_page_numbers_never_fail(demo, client, page):
    assert client.get(URL, {"page": page}).status_code in (200, 404)


@pytest.mark.parametrize(("per_page", "rows"), [("100000", 100), ("abc", 25), ("0", 25), ("-5", 1)])
def test_per_page_is_clamped(db, client, per_page, rows):
    BenchmarkResultFactory.create_batch(105, benchmark=BenchmarkFactory())
    response = client.get(URL, {"per_page": per_page})
    assert response.status_code == 200
    assert len(_rows(response)) == rows


# Exports


@pytest.mark.parametrize(
    ("export_format", "content_type"),
    [
        ("csv", "text/csv; charset=utf-8"),
        ("json", "application/json"),
        ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ],
)
def test_exports(demo, client, export_format, content_type):
    response = client.get(URL, {"_export": export_format})
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert f'filename="benchmarks.{export_format}"' in response["Content-Disposition"]


def test_csv_export_holds_the_displayed_text(demo, client):
    params = {"_export": "csv", "sort": "result", "benchmark": "average-response-time"}
    response = client.get(URL, params)
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:3] == ["Framework", "Benchmark", "Result"]
    assert rows[1][:8] == [
        "FastAPI",
        "Average response time",
        "Low (~5–10 ms)",
        "5",
        "10",
        "ms",
        "Low",
        "Not published",
    ]
    assert "Medium (~20–50 ms)" in response.content.decode()
    assert "<" not in response.content.decode()


def test_json_export_has_numbers_and_plain_text(db, client):
    BenchmarkResultFactory(
        framework__name="Typed",
        low_value=Decimal("2.5"),
        server="uvicorn",
        workers=2,
        measured_on=datetime.date(2025, 3, 9),
        source_url="https://example.com/r",
    )
    [row] = json.loads(client.get(URL, {"_export": "json"}).content)
    assert row["Framework"] == "Typed"
    assert row["Low"] == 2.5
    assert row["High"] is None
    assert row["Setup"] == "Server: uvicorn; Workers: 2"
    assert row["Measured on"] == "2025-03-09"
    assert row["Source"] == "https://example.com/r"


def test_xlsx_export_holds_every_filtered_row(demo, client, speed):
    response = client.get(URL, {"_export": "xlsx", "benchmark": "rps"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.values)
    assert [row[0] for row in values] == ["Framework", "New", "Old", "Undated"]
    assert values[2][3] == 300


def test_export_of_other_formats_is_not_found(demo, client):
    for export_format in ["xml", "latex", "yaml", "tsv"]:
        assert client.get(URL, {"_export": export_format}).status_code == 404
    # An empty value is what a bare form submit leaves: the page itself.
    assert client.get(URL, {"_export": ""})["Content-Type"].startswith("text/html")


@pytest.mark.parametrize("rating", ['=HYPERLINK("http://evil")', "@SUM(A1)", "+1", "-1"])
def test_export_neutralises_formulas(db, client, rating):
    BenchmarkResultFactory(rating=rating)
    rows = list(csv.reader(io.StringIO(client.get(URL, {"_export": "csv"}).content.decode())))
    assert rows[1][6] == "'" + rating
    assert rows[1][2].startswith("'" + rating)


# The chart


def test_chart_is_an_accessible_svg_with_a_labelled_bar_per_framework(demo, client):
    response = client.get(URL, {"benchmark": "average-response-time"})
    [svg] = _svgs(response)
    assert svg.attrs["role"] == "img"
    assert svg.attrs["aria-labelledby"] == (
        "chart-average-response-time-title chart-average-response-time-desc"
    )
    title = svg.find_id("chart-average-response-time-title")
    assert title.tag == "title"
    assert title.text() == "Average response time (ms), latest result per framework"
    desc = svg.find_id("chart-average-response-time-desc")
    assert desc.tag == "desc"
    assert desc.text() == (
        "Lower is better. As their source claimed them: Flask: Medium (~20–50 ms); "
        "FastAPI: Low (~5–10 ms); Django: High (~30–70 ms)."
    )
    assert len(list(svg.iter("rect"))) == 3
    texts = [node.text() for node in svg.iter("text")]
    for name, figures in zip(["Flask", "FastAPI", "Django"], DEMO_FIGURES, strict=True):
        assert name in texts
        assert figures in texts
    assert "ms" in texts  # the axis title: the unit
    assert [
        node.text() for node in svg.iter("text") if node.attrs["class"] == "bar-chart__tick"
    ] == ["0", "20", "40", "60", "80"]
    # The same figures are in the table.
    table_text = [cell for row in _rows(response) for cell in row]
    assert all(figures in table_text for figures in DEMO_FIGURES)


def test_chart_shows_the_latest_result_per_framework(db, client):
    framework = FrameworkFactory(name="Versioned")
    benchmark = BenchmarkFactory(slug="latency")
    BenchmarkResultFactory(
        framework=framework,
        benchmark=benchmark,
        low_value=90,
        measured_on=datetime.date(2023, 1, 1),
    )
    BenchmarkResultFactory(
        framework=framework,
        benchmark=benchmark,
        low_value=40,
        measured_on=datetime.date(2025, 1, 1),
    )
    response = client.get(URL)
    assert len(_rows(response)) == 2  # the table keeps the history
    [svg] = _svgs(response)
    assert len(list(svg.iter("rect"))) == 1
    texts = [node.text() for node in svg.iter("text")]
    assert "40 ms" in texts
    assert "90 ms" not in texts


def test_one_chart_per_benchmark_shown(demo, client, speed):
    svgs = _svgs(client.get(URL))
    # The benchmarks we measured first, then those we only cite.
    assert [svg.attrs["aria-labelledby"].split()[0] for svg in svgs] == [
        "chart-measured-json-throughput-title",
        "chart-measured-plaintext-throughput-title",
        "chart-measured-fortunes-throughput-title",
        "chart-measured-fortunes-latency-p99-title",
        "chart-measured-json-latency-mean-title",
        "chart-average-response-time-title",
        "chart-rps-title",
    ]
    rps = svgs[-1]
    assert rps.find_id("chart-rps-desc").text() == (
        "Higher is better. As their source claimed them: New: 100 req/s; Old: 300 req/s; "
        "Undated: 200 req/s."
    )


def test_chart_coordinates_are_not_localised(demo, client, settings):
    settings.LANGUAGE_CODE = "de"
    settings.USE_THOUSAND_SEPARATOR = True
    content = client.get(URL, headers={"accept-language": "de"}).content.decode()
    svg = content[content.index("<svg") : content.index("</svg>")]
    for value in re.findall(r' (?:x|y|width|height|x1|x2|y1|y2)="([^"]*)"', svg):
        float(value)


# Colours


def _luminance(hex_colour):
    def channel(value):
        value /= 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (int(hex_colour[index : index + 2], 16) for index in (1, 3, 5))
    return 0.2126 * channel(red) + 0.7152 * channel(green) + 0.0722 * channel(blue)


def test_benchmark_page_colours_contrast_with_white():
    css = (Path(settings.BASE_DIR) / "static" / "css" / "site.css").read_text()
    variables = dict(re.findall(r"(--[\w-]+):\s*(#[0-9a-fA-F]{6})", css))
    section = css[css.index("/* Benchmarks page */") :]
    colours = re.findall(
        r"(?:fill|stroke|color|border-left):[^;]*?(#[0-9a-fA-F]{6}|var\(--[\w-]+\))", section
    )
    assert colours
    for colour in colours:
        value = variables[colour[4:-1]] if colour.startswith("var(") else colour
        if value.lower() == "#ffffff" or colour == "var(--wash)":
            continue
        assert 1.05 / (_luminance(value) + 0.05) >= 3, colour


# Measured results beside cited ones; one setup per chart

MEASURED = {
    "origin": BenchmarkResult.Origin.MEASURED,
    "server": "gunicorn 27.0.1 (sync workers)",
    "workers": 2,
    "concurrency": 64,
    "python_version": "3.11.7",
    "hardware": "Test CPU × 2 cores, 8 GiB RAM",
    "runs": 3,
    "duration_seconds": 10,
    "measured_on": datetime.date(2026, 11, 25),
}
SETUP_WARNING = "these figures come from 2 different setups; compare within a setup only."
TABLE_WARNING = (
    "The results on this page come from 2 different setups; compare within a setup only."
)


@pytest.fixture
def throughput(db):
    return BenchmarkFactory(
        name="JSON throughput", slug="json-rps", unit="req/s", lower_is_better=False, position=2
    )


def _measured(benchmark, name, median, low, high, **fields):
    return BenchmarkResultFactory(
        benchmark=benchmark,
        framework__name=name,
        median_value=median,
        low_value=low,
        high_value=high,
        **{**MEASURED, **fields},
    )


def _bar_names(svg):
    return [node.text() for node in svg.iter("text") if node.attrs["class"] == "bar-chart__name"]


def _text(response):
    return html.parse(response.content.decode()).text()


def test_measured_results_are_shown_beside_cited_ones_with_origin_and_spread(client, throughput):
    _measured(throughput, "Measured", 5000, 4800, 5400, framework_version="3.1.3")
    # A stored row without a source record: the page copes, though editors cannot save one.
    BenchmarkResultFactory(
        benchmark=throughput, framework__name="Quoted", low_value=3000, source=None
    )
    response = client.get(URL)
    rows = {row["Framework"]: row for row in _cells(response)}
    assert rows["Measured"]["Result"] == (
        "5000 req/s (4800–5400 in 3 runs; no confidence interval: each run's figure was not kept)"
    )
    assert rows["Measured"]["Setup"] == "Measured here, setup 1"
    assert rows["Measured"]["Source"] == "This site"  # the export says how
    assert rows["Measured"]["Spread"] == "12.0%"
    assert rows["Quoted"]["Setup"] == "Cited, setup 2"
    assert rows["Quoted"]["Source"] == "No source link"
    assert rows["Quoted"]["Spread"] == "Not recorded"
    # The version and server ran are beside the framework's name.
    header_cells = [row[0] for row in html.table_rows(_table(response))[1:]]
    assert "Measured 3.1.3 on gunicorn 27.0.1 (sync workers)" in header_cells
    # Measured and cited never share a chart; the page says the figures come from two setups.
    measured, cited = _svgs(response)
    assert measured.attrs["aria-labelledby"].split()[0] == "chart-json-rps-title"
    assert cited.attrs["aria-labelledby"].split()[0] == "chart-json-rps-setup-2-title"
    assert (_bar_names(measured), _bar_names(cited)) == (["Measured"], ["Quoted"])
    assert measured.find_id("chart-json-rps-title").text() == (
        "JSON throughput (req/s), latest result per framework, setup 1 of 2"
    )
    text = _text(response)
    assert SETUP_WARNING in text
    assert TABLE_WARNING in text
    assert "Setup 1: measured here; 2 workers per server, 64 connections, Python 3.11.7, " in text
    assert "Setup 2: cited; setup not published." in text


def test_one_setup_is_one_chart_with_each_framework_on_its_own_server(client, throughput):
    asgi = "gunicorn 27.0.1 + uvicorn-worker 0.4.0 (uvicorn 0.54.0)"
    _measured(throughput, "Wsgi", 5000, 4900, 5100)
    _measured(throughput, "Asgi", 9000, 8000, 9900, server=asgi)
    response = client.get(URL)
    [svg] = _svgs(response)
    assert _bar_names(svg) == ["Asgi", "Wsgi"]
    assert len(list(svg.iter("rect"))) == 2
    text = _text(response)
    assert "compare within a setup only" not in text
    rows = {row["Framework"]: row for row in _cells(response)}
    assert rows["Asgi"]["Result"] == (
        "9000 req/s (8000–9900 in 3 runs; no confidence interval: each run's figure was not kept)"
    )
    assert rows["Asgi"]["Spread"] == "21.1%"
    assert rows["Asgi"]["Setup"] == rows["Wsgi"]["Setup"] == "Measured here, setup 1"
    header_cells = [row[0] for row in html.table_rows(_table(response))[1:]]
    assert f"Asgi {asgi}" in header_cells
    assert "Wsgi gunicorn 27.0.1 (sync workers)" in header_cells
    desc = svg.find_id("chart-json-rps-desc").text()
    assert f"Asgi on {asgi}: 9000 req/s (8000–9900 in 3 runs; no confidence" in desc
    # Without each run's figure the two cannot be told apart: they share the first rank.
    assert "rank =1, fastest median" in desc
    assert "rank =1, no clear difference from Asgi (each run's figure was not recorded)" in desc


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("hardware", "Other CPU × 8 cores, 32 GiB RAM"),
        ("workers", 8),
        ("concurrency", 256),
        ("duration_seconds", 30),
        ("python_version", "3.13.1"),
    ],
)
def test_results_from_different_setups_never_share_a_chart(client, throughput, field, value):
    _measured(throughput, "Here", 5000, 4900, 5100)
    _measured(throughput, "There", 9000, 8000, 9900, **{field: value})
    response = client.get(URL)
    svgs = _svgs(response)
    assert [_bar_names(svg) for svg in svgs] == [["Here"], ["There"]]
    text = _text(response)
    assert f"JSON throughput: {SETUP_WARNING}" in text
    assert TABLE_WARNING in text


def test_cited_figures_from_different_sources_never_share_a_chart(client, throughput):
    for name, source in [("One", "https://one.example/"), ("Two", "https://two.example/")]:
        BenchmarkResultFactory(benchmark=throughput, framework__name=name, source_url=source)
    svgs = _svgs(client.get(URL))
    assert [_bar_names(svg) for svg in svgs] == [["One"], ["Two"]]


def test_a_measured_and_a_cited_result_of_one_framework_are_both_charted(client, throughput):
    measured = _measured(throughput, "Both", 5000, 4900, 5100)
    BenchmarkResultFactory(benchmark=throughput, framework=measured.framework, low_value=3000)
    assert [_bar_names(svg) for svg in _svgs(client.get(URL))] == [["Both"], ["Both"]]


def test_a_measured_bar_runs_to_the_median_with_its_confidence_interval(client, throughput):
    runs = [90, 96, 98, 100, 101, 103, 110]  # 7 runs: the CI is the lowest to the highest
    _measured(throughput, "Whiskered", 100, 90, 110, runs=7, run_values=runs)
    response = client.get(URL)
    [svg] = _svgs(response)
    [bar] = svg.iter("rect")
    assert bar.attrs["class"] == "bar-chart__bar"  # from zero, not a range bar
    assert len(list(svg.iter("path"))) == 2  # the whisker and its white halo
    texts = [node.text() for node in svg.iter("text")]
    assert "1 · 100 (90–110)" in texts
    [row] = _cells(response)
    assert row["Result"] == "100 req/s (95% CI 90–110, 7 runs)"
    assert "lines show its 95% confidence interval" in _text(response)


def test_the_whisker_is_the_confidence_interval_not_the_extreme_runs(client, throughput):
    runs = [80, 95, 97, 99, 100, 100, 101, 102, 104, 130]  # 10 runs: the 2nd lowest to 2nd highest
    _measured(throughput, "Ten", 100, 80, 130, runs=10, run_values=runs)
    [svg] = _svgs(client.get(URL))
    texts = [node.text() for node in svg.iter("text")]
    assert "1 · 100 (95–104)" in texts


def test_too_few_runs_draw_no_whisker_and_say_so(client, throughput):
    _measured(throughput, "Few", 100, 90, 110, run_values=[90, 100, 110])
    response = client.get(URL)
    [svg] = _svgs(response)
    assert not list(svg.iter("path"))
    [row] = _cells(response)
    assert row["Result"] == "100 req/s (3 runs: too few for a 95% confidence interval)"


def _runs(centre):
    return [centre - 2, centre - 1, centre, centre + 1, centre + 2]


def test_ranks_tie_where_the_runs_cannot_tell_and_verdicts_are_against_the_fastest(
    client, throughput
):
    _measured(throughput, "Slow", 5000, 4998, 5002, runs=5, run_values=_runs(5000))
    _measured(throughput, "Fast", 9000, 8998, 9002, runs=5, run_values=_runs(9000))
    _measured(throughput, "Close", 8999, 8997, 9001, runs=5, run_values=_runs(8999))
    response = client.get(URL)
    [svg] = _svgs(response)
    # Bars in the frameworks' order (by name here), each with its rank before its figure.
    texts = [node.text() for node in svg.iter("text") if "bar-chart__value" in node.attrs["class"]]
    assert _bar_names(svg) == ["Close", "Fast", "Slow"]
    assert [text.split(" · ")[0] for text in texts] == ["=1", "=1", "3"]
    standings = [
        item.text()
        for item in html.parse(response.content.decode()).iter("li")
        if item.parent is not None and "chart-standings" in item.parent.attrs.get("class", "")
    ]
    few = "(5 runs: too few for a 95% confidence interval)"
    assert standings == [
        f"Close: 8999 req/s {few}; rank =1, no clear difference from Fast",
        f"Fast: 9000 req/s {few}; rank =1, fastest median",
        f"Slow: 5000 req/s {few}; rank 3, slower than Fast",
    ]


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("spread", ["Steady", "Noisy", "Quoted"]),
        ("-spread", ["Noisy", "Steady", "Quoted"]),
        ("origin", ["Quoted", "Noisy", "Steady"]),
        ("-origin", ["Steady", "Noisy", "Quoted"]),
    ],
)
def test_spread_and_origin_sort(client, throughput, sort, expected):
    _measured(throughput, "Steady", 100, 99, 101)
    _measured(throughput, "Noisy", 100, 80, 120)
    BenchmarkResultFactory(benchmark=throughput, framework__name="Quoted", low_value=50)
    assert _names(client.get(URL, {"sort": sort})) == expected


def test_exports_hold_origin_and_spread(client, throughput):
    _measured(throughput, "Measured", 5000, 4800, 5400)
    [row] = json.loads(client.get(URL, {"_export": "json"}).content)
    assert row["Origin"] == "Measured here"
    assert row["Spread"] == 12.0
    assert row["Source"] == "This site (manage.py run_benchmarks)"
    assert row["Setup"].startswith("Server: gunicorn 27.0.1 (sync workers); Workers: 2; ")


def test_demo_shows_the_latest_measured_run_with_its_setup(demo, client):
    response = client.get(URL, {"benchmark": "measured-json-throughput"})
    rows = _cells(response)
    assert [row["Framework"] for row in rows] == ["Flask", "FastAPI", "Django"]
    for row in rows:
        assert row["Setup"] == "Measured here, setup 1"
        assert row["Spread"].endswith("%")
        assert "(95% CI " in row["Result"] and ", 6 runs)" in row["Result"]
    header_cells = [row[0] for row in html.table_rows(_table(response))[1:]]
    assert [cell.split(" on ")[1].split(" ")[0] for cell in header_cells] == [
        "gunicorn",
        "uvicorn",
        "gunicorn",
    ]
    shown = BenchmarkResult.objects.shown().filter(benchmark__slug="measured-json-throughput")
    assert all(len(result.run_values) == result.runs == 6 for result in shown)
    [svg] = _svgs(response)
    # Each median's 95% confidence interval: a line, drawn over a white halo.
    assert len(list(svg.iter("path"))) == 2 * 3
    text = _text(response)
    assert "Setup 1: measured here; 1 worker per server, 64 connections, Python 3.13" in text
    assert "s per run" in text
    assert "compare within a setup only" not in text
    assert "How “JSON: requests per second (measured)” was measured" in text


# One setup, listed once on the model: every place that shows it reads BenchmarkResult.SETUP

FULL_SETUP = {
    "framework_version": "3.1.3",
    "server": "gunicorn 23 (sync)",
    "workers": 3,
    "concurrency": 128,
    "python_version": "3.13.1",
    "hardware": "8 vCPU, 16 GB",
    "runs": 5,
    "duration_seconds": 20,
}


def test_the_setup_table_covers_every_setup_field_of_the_model():
    assert set(FULL_SETUP) == set(BenchmarkResult.SETUP_FIELDS)
    labels = [field.label for field in BenchmarkResult.SETUP]
    assert len(set(labels)) == len(labels)
    assert set(BenchmarkResult.SHARED_SETUP_FIELDS) < set(BenchmarkResult.SETUP_FIELDS)


def test_the_export_and_the_framework_page_list_every_setup_field(db, client):
    result = BenchmarkResultFactory(framework__name="Full", **FULL_SETUP)
    expected = "; ".join(
        f"{field.label}: {FULL_SETUP[field.name]}" for field in BenchmarkResult.SETUP
    )
    assert result.setup_text() == expected
    [row] = json.loads(client.get(URL, {"_export": "json"}).content)
    assert row["Setup"] == expected
    page = client.get(result.framework.get_absolute_url()).content.decode()
    assert expected in html.parse(page).text()


def test_the_legend_says_each_shared_setup_field(db, client):
    BenchmarkResultFactory(framework__name="Full", **FULL_SETUP)
    text = html.parse(client.get(URL).content.decode()).text()
    assert (
        "Setup 1: cited; 3 workers per server, 128 connections, Python 3.13.1, 8 vCPU, 16 GB, "
        "20 s per run" in text
    )


def test_a_result_with_only_a_version_is_not_sorted_as_missing_its_setup(db, client):
    BenchmarkResultFactory(framework__name="Bare")
    BenchmarkResultFactory(framework__name="Versioned", framework_version="1.0")
    rows = json.loads(client.get(URL, {"sort": "setup", "_export": "json"}).content)
    assert [row["Framework"] for row in rows] == ["Versioned", "Bare"]
    assert [row["Setup"] for row in rows] == ["Version: 1.0", "Not published"]


@pytest.mark.parametrize("name", BenchmarkResult.SETUP_FIELDS)
def test_only_the_shared_setup_tells_experiments_apart(name):
    one = BenchmarkResult(**FULL_SETUP)
    other = BenchmarkResult(**{**FULL_SETUP, name: "2" if isinstance(FULL_SETUP[name], str) else 2})
    shared = name in BenchmarkResult.SHARED_SETUP_FIELDS
    assert (one.experiment_key != other.experiment_key) is shared
    assert (one.shared_setup != other.shared_setup) is shared


# Withheld results: kept from readers, shown to editors

WITHHELD = "Spread between runs 31% of the median, above the 10% limit"


@pytest.mark.parametrize(
    "url",
    [
        URL,
        "/frameworks/fastapi/",
        "/compare/",
        "/compare/django-vs-fastapi/",
    ],
)
def test_withheld_results_are_invisible_to_readers(demo, client, url):
    # The article's tables show what the article claimed, not results: its check of
    # measured results is in tests/test_article.py.
    fastapi = Framework.objects.get(slug="fastapi")
    cited = BenchmarkResult.objects.get(framework=fastapi, origin="cited")
    measured = BenchmarkResult.objects.shown().get(
        framework=fastapi, benchmark__slug="measured-json-throughput"
    )
    before = client.get(url, follow=True).content.decode()
    assert "Low (~5–10 ms)" in before
    BenchmarkResult.objects.filter(pk__in=[cited.pk, measured.pk]).update(withheld_reason=WITHHELD)
    content = client.get(url, follow=True).content.decode()
    assert "Low (~5–10 ms)" not in content
    assert format_number(measured.median_value) not in content
    assert WITHHELD not in content


def test_an_older_published_result_stands_in_for_a_withheld_newer_one(client, throughput):
    old = _measured(throughput, "Steady", 100, 99, 101, measured_on=datetime.date(2026, 1, 5))
    _measured(
        throughput,
        "Steady",
        150,
        100,
        200,
        framework=old.framework,
        withheld_reason=WITHHELD,
    )
    response = client.get(URL)
    [svg] = _svgs(response)
    assert [row["Result"].split(" ")[0] for row in _cells(response)] == ["100"]
    assert any(text.endswith("· 100") for text in (n.text() for n in svg.iter("text")))


def test_editors_see_withheld_results_with_their_reason(demo, admin_client):
    result = BenchmarkResult.objects.get(framework__slug="flask", origin="cited")
    result.withheld_reason = WITHHELD
    result.save()
    url = "/admin/comparisons/benchmarkresult/"
    listing = admin_client.get(url).content.decode()
    assert WITHHELD in listing
    withheld = admin_client.get(url, {"shown": "no"}).content.decode()
    published = admin_client.get(url, {"shown": "yes"}).content.decode()
    assert WITHHELD in withheld and "Flask – Average response time" in withheld
    assert "Flask – Average response time" not in published
    change = admin_client.get(f"{url}{result.pk}/change/").content.decode()
    assert WITHHELD in change
