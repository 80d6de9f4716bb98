"""Sharing: sitemap.xml, robots.txt, canonical links, descriptions and Open Graph tags."""

import pytest

from tests import html


def test_sitemap_lists_frameworks_articles_and_each_pair_once(demo, client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    content = response.content.decode()
    for path in [
        "/frameworks/flask/",
        "/frameworks/django/",
        "/articles/flask-vs-fastapi-vs-django/",
        "/compare/flask-vs-fastapi/",
        "/compare/flask-vs-django/",
        "/compare/fastapi-vs-django/",
        "/benchmarks/",
        "/choose/",
    ]:
        assert f"<loc>http://testserver{path}</loc>" in content
    assert "/compare/django-vs-flask/" not in content
    assert content.count("/compare/") == 3 + 1  # three pairs and the picker


@pytest.mark.parametrize("extra_frameworks", [0, 47])
def test_sitemap_queries_stay_few(
    demo, add_frameworks, client, django_assert_max_num_queries, extra_frameworks
):
    add_frameworks(extra_frameworks)
    with django_assert_max_num_queries(6):
        assert client.get("/sitemap.xml").status_code == 200


def test_robots_points_at_the_sitemap_and_keeps_crawlers_out_of_admin(
    db, client, django_assert_max_num_queries
):
    with django_assert_max_num_queries(0):
        response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert "Disallow: /admin/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines


@pytest.mark.parametrize(
    ("url", "canonical"),
    [
        ("/", "/"),
        ("/frameworks/?sort=kind&page=1", "/frameworks/"),
        ("/frameworks/flask/", "/frameworks/flask/"),
        ("/articles/flask-vs-fastapi-vs-django/", "/articles/flask-vs-fastapi-vs-django/"),
        ("/compare/flask-vs-django/?view=transposed", "/compare/flask-vs-django/"),
    ],
)
def test_pages_have_canonical_links_and_open_graph_tags(demo, client, url, canonical):
    page = html.parse(client.get(url).content.decode())
    links = {link.attrs.get("rel"): link.attrs.get("href") for link in page.iter("link")}
    assert links["canonical"] == f"http://testserver{canonical}"
    meta = {
        tag.attrs.get("property") or tag.attrs.get("name"): tag.attrs.get("content")
        for tag in page.iter("meta")
    }
    assert meta["og:url"] == f"http://testserver{canonical}"
    assert meta["og:title"]
    assert meta["description"] == meta["og:description"]
    assert len(meta["description"]) > 20
    title = next(page.iter("title")).text()
    assert title.startswith(meta["og:title"])


def test_article_is_shared_as_an_article(demo, client):
    content = client.get("/articles/flask-vs-fastapi-vs-django/").content.decode()
    assert '<meta property="og:type" content="article">' in content
    assert '<meta property="og:title" content="Flask vs FastAPI vs Django">' in content
