"""comparisons/pages.py: every public route is in the list of pages (or said not to be
one), and every path the list gives answers, as HTML exactly when the list says so."""

import pytest

from comparisons import urls
from comparisons.pages import NOT_PAGES, PAGES


def test_every_route_of_the_site_is_a_listed_page_or_said_not_to_be_one():
    routes = {f"comparisons:{route.name}" for route in urls.urlpatterns}
    listed = {page.url_name for page in PAGES}
    assert len(listed) == len(PAGES), "a page is listed twice"
    assert routes - listed - set(NOT_PAGES) == set(), "add it to PAGES in comparisons/pages.py"
    assert not listed & set(NOT_PAGES)
    assert set(NOT_PAGES) <= routes


@pytest.mark.parametrize(
    ("url", "html"),
    [(url, page.html) for page in PAGES for url in page.paths(full_demo=True)],
)
def test_every_listed_path_answers_with_its_kind(full_demo, client, url, html):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("text/html") == html, response["Content-Type"]
