"""Bad input never makes a 500, the admin included; a database outage is the site's own 503.

Each case is a 500 without its guard (some only on PostgreSQL, which refuses NUL
characters): the suite's PostgreSQL pass runs them there too.
"""

import io
import logging
from unittest import mock

import pytest
from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.test import Client

from comparisons.models import Framework
from config.infrastructure.logs import OneLineWarning
from tests.accounts import sign_in_verified


@pytest.fixture
def lenient():
    """A client that returns what a real server would send instead of raising."""
    return Client(raise_request_exception=False)


@pytest.fixture
def editor(demo, admin_user, lenient):
    sign_in_verified(lenient, admin_user)
    return lenient


def _flask_history_url():
    flask = Framework.objects.get(slug="flask")
    return f"/admin/comparisons/framework/{flask.pk}/history/"


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/admin/comparisons/framework/?kind__exact=%00", 400),
        ("/admin/comparisons/framework/?q=%00", 400),
        ("/admin/comparisons/framework/%00/change/", 400),
        ("/admin/comparisons/benchmarkresult/?measured_on__year=99999999999", 302),
        ("/admin/comparisons/release/?released_on__year=99999999999", 302),
        ("/admin/comparisons/changelogentry/?changed_at__year=99999999999", 302),
        (
            "/admin/comparisons/changelogentry/"
            "?changed_at__year=9999&changed_at__month=12&changed_at__day=31",
            302,
        ),
        ("/admin/comparisons/benchmarkresult/?measured_on__year=2024&measured_on__month=999", 302),
        ("/admin/comparisons/framework/99999999999999999999/change/", 302),
        ("/admin/comparisons/framework/99999999999999999999/history/", 404),
        ("/admin/comparisons/release/?framework__id__exact=99999999999999999999", 200),
    ],
)
def test_bad_admin_addresses_are_a_4xx_or_a_redirect(editor, url, status):
    response = editor.get(url)
    assert response.status_code == status, response.content[:300]


@pytest.mark.parametrize("version", ["abc", "1.5", "٣", "99999999999999999999"])
def test_a_history_version_that_is_no_number_is_a_404(editor, version):
    assert editor.get(f"{_flask_history_url()}{version}/").status_code == 404


def test_a_history_page_of_an_object_id_that_is_no_number_is_a_404(editor):
    assert editor.get("/admin/comparisons/framework/abc/history/1/").status_code == 404


def test_a_bad_admin_date_sends_the_editor_to_the_unfiltered_list(editor):
    url = "/admin/comparisons/benchmarkresult/"
    response = editor.get(url, {"measured_on__year": "99999999999"})
    assert response["Location"] == f"{url}?e=1"
    assert editor.get(response["Location"]).status_code == 200


@pytest.mark.parametrize("cookie", ["sessionid", "csrftoken", "messages"])
def test_a_cookie_holding_a_nul_is_ignored(demo, lenient, cookie):
    lenient.cookies[cookie] = "aaaa\x00bbbbccccddddeeeeffff"
    assert '"aaaa\\000bbbb' in lenient.cookies.output()  # sent escaped, as in the report
    assert lenient.get("/account/login/").status_code == 200
    assert lenient.get("/").status_code == 200


@pytest.mark.parametrize(
    ("method", "url", "allow"),
    [
        ("TRACE", "/sitemap.xml", "GET, HEAD, OPTIONS"),
        ("TRACE", "/", "GET, HEAD, OPTIONS"),
        ("FOO", "/changes/feed/", "GET, HEAD, OPTIONS"),
        ("POST", "/robots.txt", "GET, HEAD, OPTIONS"),
        ("DELETE", "/frameworks/flask/", "GET, HEAD, OPTIONS"),
        ("TRACE", "/admin/login/", "GET, HEAD, POST, OPTIONS"),
        ("PUT", "/admin/", "GET, HEAD, POST, OPTIONS"),
    ],
)
def test_a_method_a_page_does_not_take_is_a_405_with_allow(demo, lenient, method, url, allow):
    response = lenient.generic(method, url)
    assert response.status_code == 405
    assert response["Allow"] == allow


def test_options_says_what_a_page_allows(demo, lenient):
    response = lenient.options("/sitemap.xml")
    assert response.status_code == 200
    assert response["Allow"] == "GET, HEAD, OPTIONS"
    assert response.content == b""


@pytest.fixture
def database_down():
    error = OperationalError("connection to server at 127.0.0.1 failed: Connection refused")
    with mock.patch.object(BaseDatabaseWrapper, "ensure_connection", side_effect=error):
        yield


@pytest.mark.parametrize("url", ["/frameworks/", "/compare/", "/changes/", "/nope/"])
def test_with_the_database_down_pages_are_the_sites_own_503(db, lenient, database_down, url):
    response = lenient.get(url)
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    content = response.content.decode()
    assert "<h1>Temporarily unavailable</h1>" in content
    assert '<a class="skip-link" href="#main">' in content


def test_with_the_database_down_the_admin_is_the_sites_own_503(editor, database_down):
    response = editor.get("/admin/comparisons/framework/")
    assert response.status_code == 503
    assert "<h1>Temporarily unavailable</h1>" in response.content.decode()


def test_with_the_database_down_healthz_is_503(db, lenient, database_down):
    response = lenient.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "down"


def test_a_missing_page_is_the_sites_own_404(demo, client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    content = response.content.decode()
    assert "<h1>Page not found</h1>" in content
    assert "<title>Page not found · Python Framework Compare</title>" in content


def test_an_unexpected_error_is_the_sites_own_500(db, lenient, monkeypatch):
    from comparisons.views import home

    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(home.HomeView, "get_context_data", broken)
    response = lenient.get("/")
    assert response.status_code == 500
    assert "<h1>Something went wrong</h1>" in response.content.decode()


def test_a_bad_host_is_a_400_logged_as_one_warning_line(db, lenient):
    (handler,) = [
        handler
        for handler in logging.getLogger("django.security").handlers
        if any(isinstance(f, OneLineWarning) for f in handler.filters)
    ]
    stream = io.StringIO()
    previous = handler.setStream(stream)
    try:
        response = lenient.get("/", headers={"host": "evil.example"})
    finally:
        handler.setStream(previous)
    assert response.status_code == 400
    assert "<h1>Bad request</h1>" in response.content.decode()
    logged = stream.getvalue()
    assert "evil.example" in logged
    assert "Traceback" not in logged
    assert logged.count("\n") == 1
