"""The article rendered from the demo data reproduces the source article's tables and lists."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from comparisons.models import Article, BenchmarkResult, Framework, Release
from tests import html
from tests.data.source_article import PROS_AND_CONS, SECTION_HEADINGS, TABLES
from tests.factories import BenchmarkFactory, MeasuredResultFactory

ARTICLE_URL = "/articles/flask-vs-fastapi-vs-django/"
# Sections, frameworks, the article's claims, attributes, cells, results, scenarios, pros
# and cons, and the footer's "data last changed" on a cold cache.
MAX_QUERIES = 9


@pytest.fixture
def page(demo, client):
    response = client.get(ARTICLE_URL)
    assert response.status_code == 200
    return html.parse(response.content.decode())


@pytest.mark.parametrize(("anchor", "orientation", "expected"), TABLES, ids=[t[0] for t in TABLES])
def test_article_table_matches_source_cell_for_cell(page, anchor, orientation, expected):
    section = page.find_id(anchor)
    assert section is not None, f"no section #{anchor}"
    tables = list(section.iter("table"))
    assert len(tables) == 1
    assert html.claimed_rows(tables[0]) == expected


def _now(page, anchor, label):
    """The “now” values of a row: the current data where it differs from the claim."""
    table = next(page.find_id(anchor).iter("table"))
    labels = [row[0] for row in html.claimed_rows(table)]
    rows = dict(zip(labels, html.current_values(table), strict=True))
    return rows[label][1:]


def test_the_current_value_stands_beside_each_dated_claim(page):
    # Claims that no longer hold show the current value; the rest show the claim alone.
    assert _now(page, "overview", "Latest Version (2025)") == [
        "3.1.3 (19 Feb 2026)",
        "0.165.0 (18 Nov 2026)",
        "6.1.3 (3 Nov 2026)",
    ]
    assert _now(page, "key-features", "Built-in ORM") == [
        "via Flask-SQLAlchemy-Lite",
        "via SQLModel",
        "",
    ]
    assert _now(page, "developer-experience", "Type Checking") == ["Yes", "", "via django-stubs"]
    # The same mark through another extension is a change too.
    assert _now(page, "key-features", "REST Framework")[0] == "flask-smorest"
    # Unknown today (no source rates it): the claim stands alone, never “now: unknown”.
    assert _now(page, "developer-experience", "Learning Curve") == ["", "", ""]


def test_a_claim_that_still_holds_shows_no_now(demo, client):
    claim = Article.objects.get().claims.get(framework__slug="flask", attribute__slug="routing")
    cell = Framework.objects.get(slug="flask").values.get(attribute__slug="routing")
    assert claim.support == cell.support == "yes"
    page = html.parse(client.get(ARTICLE_URL).content.decode())
    assert _now(page, "key-features", "Routing") == ["", "", ""]


def test_new_rows_never_join_the_articles_tables(demo, client):
    # WebSockets and Type-driven Validation are Key features the article never rated.
    page = html.parse(client.get(ARTICLE_URL).content.decode())
    table = next(page.find_id("key-features").iter("table"))
    labels = [row[0] for row in html.claimed_rows(table)]
    assert "WebSockets" not in labels and "Type-driven Validation" not in labels
    assert page.find_id("runtime-and-support") is None


def test_performance_table_has_frameworks_as_rows_and_others_as_columns(page):
    performance = next(page.find_id("performance").iter("table"))
    row_headers = [th.text() for th in performance.iter("th") if th.attrs.get("scope") == "row"]
    assert row_headers == ["Flask", "FastAPI", "Django"]
    features = next(page.find_id("key-features").iter("table"))
    column_headers = [th.text() for th in features.iter("th") if th.attrs.get("scope") == "col"]
    assert column_headers == ["Feature", "Flask", "FastAPI", "Django"]


@pytest.mark.parametrize("framework", PROS_AND_CONS)
def test_article_lists_every_pro_and_con(page, framework):
    section = page.find_id(f"pros-cons-{framework.lower()}").parent
    lists = {ul.attrs["class"]: [li.text() for li in ul.iter("li")] for ul in section.iter("ul")}
    assert lists == PROS_AND_CONS[framework]


def test_table_of_contents_links_every_section(page):
    toc = page.find_id("toc-heading").parent
    links = [(a.attrs["href"], a.text()) for a in toc.iter("a")]
    assert [text for _, text in links] == SECTION_HEADINGS
    for href, _ in links:
        assert page.find_id(href.removeprefix("#")) is not None


def test_latest_version_follows_the_newest_final_release(demo, client):
    django = Framework.objects.get(slug="django")
    Release.objects.create(framework=django, version="6.10", uploaded_on=date(2026, 12, 1))
    Release.objects.create(framework=django, version="6.2", uploaded_on=date(2026, 12, 2))
    Release.objects.create(framework=django, version="7.0a1", uploaded_on=date(2026, 12, 3))
    page = html.parse(client.get(ARTICLE_URL).content.decode())
    assert _now(page, "overview", "Latest Version (2025)")[2] == "6.10 (1 Dec 2026)"


def test_article_prose_is_rendered_markdown_not_raw(page):
    conclusion = page.find_id("conclusion")
    assert [strong.text() for strong in conclusion.iter("strong")] == ["Flask", "FastAPI", "Django"]
    assert "**" not in conclusion.text()


def test_unpublished_article_is_not_found(demo, client):
    Article.objects.update(is_published=False)
    assert client.get(ARTICLE_URL).status_code == 404


@pytest.mark.parametrize("extra_frameworks", [0, 47])
def test_article_queries_stay_few_at_3_and_50_frameworks(
    demo, add_frameworks, client, django_assert_max_num_queries, extra_frameworks
):
    add_frameworks(extra_frameworks)
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(ARTICLE_URL)
    assert response.status_code == 200
    # The article names its three frameworks: the others never join its tables.
    assert response.content.count(b'<th scope="row"><a href="/frameworks/') == 3


def test_article_query_count_is_the_same_with_50_more_frameworks(demo, add_frameworks, client):
    with CaptureQueriesContext(connection) as at_demo_size:
        client.get(ARTICLE_URL)
    add_frameworks(50)
    with CaptureQueriesContext(connection) as at_53:
        response = client.get(ARTICLE_URL)
    assert response.status_code == 200
    assert len(at_53) == len(at_demo_size)


def test_table_links_open_the_compare_page_the_way_the_article_shows_it(page):
    performance = page.find_id("performance")  # frameworks as rows in the article
    links = [a.attrs["href"] for a in performance.iter("a") if "compare" in a.attrs["href"]]
    assert links == ["/compare/?categories=performance&view=transposed"]
    features = page.find_id("key-features")  # frameworks as columns, the compare default
    links = [a.attrs["href"] for a in features.iter("a") if "compare" in a.attrs["href"]]
    assert links == ["/compare/?categories=key-features"]


# The cited speed figures, checked against what this site measured


def _check_block(client):
    response = client.get(ARTICLE_URL)
    block = html.parse(response.content.decode()).find_id("performance-measured")
    assert block is not None
    return block.text()


@pytest.fixture
def no_measured_mean(demo):
    """The demo without its measured mean latency: each test measures its own."""
    BenchmarkResult.objects.filter(origin="measured", benchmark__statistic="mean").update(
        withheld_reason="Left out by this test."
    )


def _mean_benchmark(**fields):
    """A measured mean response time, as the harness will add it: found by its statistic."""
    return BenchmarkFactory(
        **{
            "name": "JSON: mean response time (measured)",
            "slug": "json-mean-under-another-slug",
            "unit": "ms",
            "statistic": "mean",
            "lower_is_better": True,
            "position": 14,
            **fields,
        }
    )


def _measure(benchmark, runs_by_slug):
    for slug, runs in runs_by_slug.items():
        MeasuredResultFactory(
            benchmark=benchmark, framework=Framework.objects.get(slug=slug), run_values=runs
        )


def _runs(centre):
    return [centre - 0.2, centre - 0.1, centre, centre + 0.1, centre + 0.2, centre + 0.3]


def test_the_demo_checks_the_claim_against_its_measured_mean(demo, client):
    text = _check_block(client)
    assert "put FastAPI faster than Flask; FastAPI faster than Django." in text
    assert "Our measurements agree with the source's claim." in text
    name = "JSON: mean latency (measured)"
    assert f"{name}: FastAPI is faster than Flask; the measurement agrees." in text
    assert f"{name}: FastAPI is faster than Django; the measurement agrees." in text
    assert "ms (95% CI " in text
    assert "99th percentile" not in text  # another statistic: never set beside an average


def test_the_cited_average_is_never_set_against_a_measured_99th_percentile(
    no_measured_mean, client
):
    text = _check_block(client)
    # The source's claim, from its figures: FastAPI's range lies below the others'.
    assert "put FastAPI faster than Flask; FastAPI faster than Django." in text
    assert "Not checked: this site has not measured the mean (average) response time (ms)." in (
        text
    )
    assert "Fortunes: 99th percentile latency (measured)" in text  # named, as another statistic
    assert "38.99" not in text  # FastAPI's measured p99: no raw figure beside the cited average
    assert "disagree" not in text


def test_the_prose_states_the_speed_claim_as_the_sources(page):
    afterword = page.find_id("performance").text()
    assert "The source article finds FastAPI usually answers fastest" in afterword
    assert "Of the three, FastAPI usually answers fastest." not in afterword


def test_a_measured_mean_checks_the_claim_with_verdicts(no_measured_mean, client):
    _measure(_mean_benchmark(), {"fastapi": _runs(2.0), "flask": _runs(4.0), "django": _runs(1.0)})
    text = _check_block(client)
    assert "Our measurements disagree with the source on: FastAPI faster than Django." in text
    name = "JSON: mean response time (measured)"
    assert f"{name}: FastAPI is faster than Flask; the measurement agrees." in text
    assert f"{name}: FastAPI is slower than Django; the measurement disagrees." in text
    assert "2.05 ms (95% CI 1.8–2.3, 6 runs)" in text  # each measured figure with its CI
    assert "Cited, as its source claimed: Average response time Low (~5–10 ms)" in text


def test_runs_that_cannot_tell_the_frameworks_apart_do_not_confirm_the_claim(
    no_measured_mean, client
):
    _measure(_mean_benchmark(), {"fastapi": _runs(2.0), "flask": _runs(2.05), "django": _runs(4.0)})
    text = _check_block(client)
    assert "FastAPI shows no clear difference from Flask; the measurement cannot tell." in text
    assert "FastAPI is faster than Django; the measurement agrees." in text
    assert "Our measurements do not confirm the source's claim" in text


@pytest.mark.parametrize(
    "fields", [{"unit": "s"}, {"statistic": "p99"}, {"statistic": "other"}], ids=str
)
def test_only_the_same_statistic_in_the_same_unit_is_compared(no_measured_mean, client, fields):
    _measure(
        _mean_benchmark(**fields),
        {"fastapi": _runs(9.0), "flask": _runs(4.0), "django": _runs(1.0)},
    )
    text = _check_block(client)
    assert "Not checked" in text
    assert "disagree" not in text


def test_a_withheld_measurement_checks_nothing(no_measured_mean, client):
    benchmark = _mean_benchmark()
    _measure(benchmark, {"fastapi": _runs(9.0), "flask": _runs(4.0), "django": _runs(1.0)})
    benchmark.results.update(withheld_reason="Spread between runs above the limit")
    text = _check_block(client)
    assert "Not checked" in text
    assert "disagree" not in text


def test_the_check_costs_no_query(no_measured_mean, client, django_assert_max_num_queries):
    _measure(_mean_benchmark(), {"fastapi": _runs(2.0), "flask": _runs(4.0), "django": _runs(1.0)})
    with django_assert_max_num_queries(MAX_QUERIES):
        assert client.get(ARTICLE_URL).status_code == 200
