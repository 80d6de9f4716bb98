"""The about page, the footer's links and the favicon."""

import pytest

from tests import html


def test_about_page_credits_the_source_and_explains_the_marks(
    db, client, django_assert_max_num_queries
):
    with django_assert_max_num_queries(2):
        response = client.get("/about/")
    assert response.status_code == 200
    text = html.parse(response.content.decode()).text()
    assert "come from a published article" in text
    assert "How to read the marks" in text
    assert "<title>About and methodology ·" in response.content.decode()


@pytest.mark.parametrize("url", ["/", "/frameworks/", "/compare/", "/benchmarks/", "/about/"])
def test_every_page_links_changes_feed_about_and_sitemap_from_its_footer(demo, client, url):
    footer = html.parse(client.get(url).content.decode().split("<footer")[1])
    links = {a.attrs["href"] for a in footer.iter("a")}
    assert {"/changes/", "/changes/feed/", "/about/", "/sitemap.xml"} <= links


def test_pages_link_a_favicon_and_favicon_ico_is_not_a_404(db, client):
    content = client.get("/about/").content.decode()
    assert '<link rel="icon" href="/static/img/favicon.svg" type="image/svg+xml">' in content
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"] == "/static/img/favicon.ico"


def test_the_about_page_is_in_the_sitemap(db, client):
    assert "/about/</loc>" in client.get("/sitemap-pages.xml").content.decode()
