"""comparisons/views/service.py: /healthz, /robots.txt and /favicon.ico, the answers for
machines."""

import threading
import time

from comparisons import cache_backend
from comparisons.views import service


def test_healthz_answers_ok(db, client, django_assert_max_num_queries, monkeypatch):
    # With CACHE_URL=redis://..., a loaded machine's round trip can take longer than 20 ms.
    monkeypatch.setattr(cache_backend, "SLOW_SECONDS", 1.0)
    with django_assert_max_num_queries(1):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}
    assert "no-store" in response["Cache-Control"]


def test_healthz_answers_head_and_503_only_when_the_database_is_down(db, client, monkeypatch):
    assert client.head("/healthz").status_code == 200
    monkeypatch.setattr(service, "database_status", lambda: "down")
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "unavailable"
    assert client.head("/healthz").status_code == 503


def test_healthz_answers_503_within_a_second_when_the_database_hangs(db, client, monkeypatch):
    unfrozen = threading.Event()
    probes = []

    class FrozenDatabase(service._DatabaseProbe):
        def _run(self):
            probes.append(self)
            unfrozen.wait(10)  # a query on a database that accepts and never answers
            self.answered.set()

    monkeypatch.setattr(service, "_DatabaseProbe", FrozenDatabase)
    monkeypatch.setattr(service, "_probe", None)
    try:
        for _ in range(3):
            started = time.monotonic()
            response = client.get("/healthz")
            assert time.monotonic() - started < 3  # the probe waits 0.8 s, on a loaded machine
            assert response.status_code == 503
            assert response.json()["database"] == "down"
        assert len(probes) == 1, "one stuck probe, however many checks"
    finally:
        unfrozen.set()


def test_robots_points_at_the_sitemap_and_keeps_crawlers_out_of_admin(
    db, client, django_assert_max_num_queries
):
    with django_assert_max_num_queries(0):
        response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert "Disallow: /admin/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines


def test_pages_link_a_favicon_and_favicon_ico_is_not_a_404(db, client):
    content = client.get("/about/").content.decode()
    assert '<link rel="icon" href="/static/img/favicon.svg" type="image/svg+xml">' in content
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"] == "/static/img/favicon.ico"
