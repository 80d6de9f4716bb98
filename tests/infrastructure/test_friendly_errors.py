"""Under DEBUG (make run) a missing page is the site's own 404, as in production."""

import pytest
from django.test import Client


@pytest.fixture
def debug_client(db, settings):
    settings.DEBUG = True
    return Client()


@pytest.mark.parametrize(
    "url",
    ["/no-such-page/", "/frameworks/no-such-framework/", "/compare/nope-vs-nothing/"],
)
def test_a_missing_page_is_the_sites_own_404(debug_client, url):
    response = debug_client.get(url)
    assert response.status_code == 404
    content = response.content.decode()
    assert "<h1>Page not found</h1>" in content
    assert "URLconf" not in content  # Django's debug page lists every URL pattern
    assert '<a class="skip-link" href="#main">' in content


def test_a_missing_slash_is_still_added(debug_client):
    response = debug_client.get("/frameworks")
    assert response.status_code == 301
    assert response["Location"] == "/frameworks/"


def test_without_debug_django_shows_the_sites_own_404_by_itself(db, client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "<h1>Page not found</h1>" in response.content.decode()
