"""config/infrastructure/capacity.py: requests that may reach the database share a few slots per
process, so a database that stops answering holds those few threads, and every other request
gets an answer at once: a cached page, a static file, /healthz, or a quick 503."""

import threading
import time

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from config.infrastructure.capacity import RenderSlotsMiddleware


@pytest.fixture
def one_slot(settings):
    settings.RENDER_SLOTS = 1
    settings.RENDER_SLOT_WAIT_SECONDS = 0.2


def _stuck_render(middleware, holding):
    """A request holding the only slot, as one waiting on a frozen database does; returns
    once its view runs (and sets ``holding``), so the slot is taken."""
    thread = threading.Thread(
        target=middleware, args=[RequestFactory().get("/frameworks/?q=stuck")]
    )
    thread.start()
    assert holding.wait(5), "the stuck request never reached its view"
    return thread


def test_with_every_slot_held_a_render_gets_a_quick_503(one_slot, db):
    holding, release = threading.Event(), threading.Event()

    def view(request):
        if request.GET.get("q") == "stuck":
            holding.set()
            release.wait(5)
        return HttpResponse("rendered")

    middleware = RenderSlotsMiddleware(view)
    thread = _stuck_render(middleware, holding)
    try:
        started = time.monotonic()
        busy = middleware(RequestFactory().get("/frameworks/"))
        waited = time.monotonic() - started
        assert busy.status_code == 503
        assert busy["Retry-After"] == "5"
        assert "Temporarily unavailable" in busy.content.decode()
        assert waited < 1
        for exempt in ("/healthz", "/static/css/site.css"):
            assert middleware(RequestFactory().get(exempt)).status_code == 200
    finally:
        release.set()
        thread.join()
    assert middleware(RequestFactory().get("/frameworks/")).status_code == 200  # freed


def test_a_cached_page_needs_no_slot(one_slot, demo, client, monkeypatch):
    client.get("/frameworks/flask/")  # stored
    from config.infrastructure import capacity

    monkeypatch.setattr(capacity.threading, "BoundedSemaphore", lambda n: threading.Semaphore(0))
    from django.test import Client

    fresh = Client()  # a handler built now, with no slot free
    assert fresh.get("/frameworks/flask/")["X-Page-Cache"] == "hit"
    assert fresh.get("/frameworks/django/").status_code == 503
    assert fresh.get("/frameworks/django/")["Cache-Control"] == "no-store"
