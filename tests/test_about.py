"""The about page and the footer's links."""

import pytest

from tests import html


def test_about_page_credits_the_source_and_explains_the_marks(
    db, client, django_assert_max_num_queries
):
    with django_assert_max_num_queries(2):
        response = client.get("/about/")
    assert response.status_code == 200
    text = html.parse(response.content.decode()).text()
    assert "kept in the article as the article's own claims" in text
    assert 'href="/methodology/"' in response.content.decode()
    assert "How to read the marks" in text
    assert "<title>About and methodology ·" in response.content.decode()


@pytest.mark.parametrize("url", ["/", "/frameworks/", "/compare/", "/benchmarks/", "/about/"])
def test_every_page_links_changes_feed_about_and_sitemap_from_its_footer(demo, client, url):
    footer = html.parse(client.get(url).content.decode().split("<footer")[1])
    links = {a.attrs["href"] for a in footer.iter("a")}
    assert {"/changes/", "/changes/feed/", "/about/", "/sitemap.xml"} <= links


def test_the_about_page_is_in_the_sitemap(db, client):
    assert "/about/</loc>" in client.get("/sitemap-pages.xml").content.decode()
