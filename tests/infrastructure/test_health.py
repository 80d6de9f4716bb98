"""config/infrastructure/health.py: /healthz, for load balancers."""

import threading
import time

from config.infrastructure import cache_backend, health


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
    monkeypatch.setattr(health, "database_status", lambda: "down")
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "unavailable"
    assert client.head("/healthz").status_code == 503


def test_healthz_answers_503_within_a_second_when_the_database_hangs(db, client, monkeypatch):
    unfrozen = threading.Event()
    probes = []

    class FrozenDatabase(health._DatabaseProbe):
        def _run(self):
            probes.append(self)
            unfrozen.wait(10)  # a query on a database that accepts and never answers
            self.answered.set()

    monkeypatch.setattr(health, "_DatabaseProbe", FrozenDatabase)
    monkeypatch.setattr(health, "_probe", None)
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
