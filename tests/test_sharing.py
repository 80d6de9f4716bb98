"""Sharing: sitemap.xml, canonical links, descriptions and Open Graph tags."""

import re

import pytest

from comparisons.models import Framework
from comparisons.selection import Selection
from tests import html


def _sitemap_urls(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    return re.findall(r"<loc>(.*?)</loc>", response.content.decode())


def test_sitemap_lists_frameworks_articles_and_each_pair_once(demo, client):
    sections = _sitemap_urls(client, "/sitemap.xml")
    assert sections == [
        f"http://testserver/sitemap-{name}.xml"
        for name in ("pages", "frameworks", "articles", "comparisons")
    ]
    urls = [url for section in sections for url in _sitemap_urls(client, section)]
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
        assert f"http://testserver{path}" in urls
    assert "http://testserver/compare/django-vs-flask/" not in urls
    assert len([url for url in urls if "/compare/" in url]) == 3 + 1  # three pairs, the picker
    assert len(urls) == len(set(urls))


def test_the_pairs_are_split_into_pages_each_listing_every_pair_once(
    demo, add_frameworks, client, settings
):
    add_frameworks(47)  # 50 frameworks: 1,225 pairs, over seven pages of 200
    sections = _sitemap_urls(client, "/sitemap.xml")
    pair_pages = [url for url in sections if "comparisons" in url]
    assert pair_pages == ["http://testserver/sitemap-comparisons.xml"] + [
        f"http://testserver/sitemap-comparisons.xml?p={page}" for page in range(2, 8)
    ]
    pairs = [url for page in pair_pages for url in _sitemap_urls(client, page)]
    assert len(pairs) == len(set(pairs)) == 50 * 49 // 2
    frameworks = list(Framework.objects.published())
    canonical = {
        f"http://testserver{Selection([a, b], []).permalink}"
        for index, a in enumerate(frameworks)
        for b in frameworks[index + 1 :]
    }
    assert set(pairs) == canonical
    assert client.get(pairs[-1].removeprefix("http://testserver")).status_code == 200
    assert client.get("/sitemap-comparisons.xml?p=8").status_code == 404
    assert client.get("/sitemap-comparisons.xml?p=x").status_code == 404
    assert client.get("/sitemap-nothing.xml").status_code == 404


def test_every_url_in_the_sitemap_is_its_page_s_canonical_url_with_a_lastmod(demo, client):
    sections = _sitemap_urls(client, "/sitemap.xml")
    urls = [url for section in sections for url in _sitemap_urls(client, section)]
    assert "http://testserver/changes/" in urls
    assert "http://testserver/compare/flask-vs-fastapi-vs-django/" in urls
    assert "http://testserver/compare/" not in urls  # it names the three: not canonical
    for url in urls:
        page = client.get(url.removeprefix("http://testserver"))
        assert page.status_code == 200, url
        canonical = re.search(r'<link rel="canonical" href="([^"]+)"', page.content.decode())
        assert canonical and canonical.group(1) == url
    for section in sections:
        body = client.get(section.removeprefix("http://testserver")).content.decode()
        assert body.count("<lastmod>") == body.count("<loc>"), section


@pytest.mark.parametrize("extra_frameworks", [0, 47])
@pytest.mark.parametrize(
    "url", ["/sitemap.xml", "/sitemap-frameworks.xml", "/sitemap-comparisons.xml"]
)
def test_sitemap_queries_stay_few(
    demo, add_frameworks, client, django_assert_max_num_queries, extra_frameworks, url
):
    add_frameworks(extra_frameworks)
    with django_assert_max_num_queries(6):
        assert client.get(url).status_code == 200


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
