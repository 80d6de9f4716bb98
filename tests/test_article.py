"""The article rendered from the demo data reproduces the source article's tables and lists."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from comparisons.models import Article, Framework, Release
from tests import html
from tests.data.source_article import PROS_AND_CONS, SECTION_HEADINGS, TABLES

ARTICLE_URL = "/articles/flask-vs-fastapi-vs-django/"
MAX_QUERIES = 8


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
    assert html.table_rows(tables[0]) == expected


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


def test_latest_version_follows_the_newest_release(demo, client):
    django = Framework.objects.get(slug="django")
    Release.objects.create(framework=django, version="5.10")
    Release.objects.create(framework=django, version="5.2.1")
    page = html.parse(client.get(ARTICLE_URL).content.decode())
    overview = html.table_rows(next(page.find_id("overview").iter("table")))
    assert overview[-1] == ["Latest Version", "3.1.0", "0.115.12", "5.10"]


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
