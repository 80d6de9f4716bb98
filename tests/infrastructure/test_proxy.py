"""The shipped nginx configuration (deploy/nginx) in front of gunicorn in production mode:
pages are kept by their own headers, editors bypass the cache, edits reach readers within
10 s, conditional requests get 304, and pages keep answering while the app or its database
is down or frozen. Behaviour only: no timings are measured here beyond the promises."""

import concurrent.futures
import contextlib
import subprocess
import sys
import time

import pytest

from bench.harness.proxy import nginx_binary, running_proxy
from tests.servers import (
    PROJECT,
    Client,
    PrivatePostgres,
    production_env,
    running_gunicorn,
    set_up_site,
)

pytestmark = pytest.mark.skipif(
    nginx_binary() is None, reason="needs nginx (apt-get install nginx; .ci/run installs it)"
)

# s-maxage + stale-while-revalidate, and the content revision's re-read, from settings.
PROMISED_SECONDS = 10


@contextlib.contextmanager
def running_stack(tmp):
    """gunicorn (two workers, SQLite file, local-memory cache) behind the shipped nginx."""
    env = production_env(tmp, f"sqlite:///{tmp / 'db.sqlite3'}")
    set_up_site(env)
    with (
        running_gunicorn(env) as (app, process),
        running_proxy(tmp / "nginx", app.removeprefix("http://")) as proxy,
    ):
        yield {"env": env, "app": app, "proxy": proxy.base, "process": process, "tmp": tmp}


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    with running_stack(tmp_path_factory.mktemp("proxy")) as started:
        yield started


@pytest.fixture
def own_stack(tmp_path):
    """A stack of the test's own, for a test that stops part of it."""
    with running_stack(tmp_path) as started:
        yield started


def _reached_the_app(stack, path):
    """How many requests for ``path`` gunicorn logged. It writes a request's line after the
    response has gone, so wait (briefly) for the first one to be there."""
    log = stack["tmp"] / "access.log"
    deadline = time.monotonic() + 5
    while True:
        count = sum(f'"GET {path} ' in line for line in log.read_text().splitlines())
        if count or time.monotonic() > deadline:
            return count
        time.sleep(0.1)


def _edit_flask_summary(env, text):
    """An editor's save, committed by another process, as the admin would make it."""
    code = (
        "from comparisons.models import Framework; from comparisons.changes import "
        "save_with_history; f = Framework.objects.get(slug='flask'); "
        f"f.summary = {text!r}; save_with_history(f, reason='test')"
    )
    subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", code],
        cwd=PROJECT,
        env=env,
        check=True,
        capture_output=True,
    )


def test_a_public_page_is_kept_and_served_by_the_proxy(stack):
    reader = Client(stack["proxy"])
    first = reader.get("/about/", {"Accept-Encoding": "gzip"})
    second = reader.get("/about/", {"Accept-Encoding": "gzip"})
    assert first.status == second.status == 200
    assert first.headers["X-Proxy-Cache"] == "MISS"
    assert second.headers["X-Proxy-Cache"] == "HIT"
    assert second.body == first.body
    assert "s-maxage=4" in second.headers["Cache-Control"]
    assert _reached_the_app(stack, "/about/") == 1


def test_a_conditional_request_gets_304_from_the_proxy(stack):
    reader = Client(stack["proxy"])
    etag = reader.get("/methodology/").headers["ETag"]
    answer = reader.get("/methodology/", {"If-None-Match": etag})
    assert answer.status == 304
    assert answer.headers["X-Proxy-Cache"] == "HIT"
    assert answer.body == b""


@pytest.mark.parametrize("path", ["/healthz", "/admin/login/", "/frameworks/no-such-thing/"])
def test_health_admin_and_errors_are_never_kept(stack, path):
    reader = Client(stack["proxy"])
    reader.get(path)
    again = reader.get(path)
    assert again.headers.get("X-Proxy-Cache") != "HIT"
    assert "public" not in again.headers.get("Cache-Control", "")


def test_an_edit_reaches_readers_within_ten_seconds_and_its_editor_at_once(stack):
    reader, editor = Client(stack["proxy"]), Client(stack["proxy"])
    editor.sign_in()
    assert reader.get("/frameworks/flask/").status == 200
    assert reader.get("/frameworks/flask/").headers["X-Proxy-Cache"] == "HIT"

    _edit_flask_summary(stack["env"], "Edited through the admin, seen through the proxy.")
    saved = time.monotonic()
    mine = editor.get("/frameworks/flask/")
    assert mine.headers["X-Proxy-Cache"] == "BYPASS"
    assert "private" in mine.headers["Cache-Control"]
    assert "seen through the proxy" in mine.text, "the editor must see the edit at once"

    while "seen through the proxy" not in reader.get("/frameworks/flask/").text:
        # + 1: this loop itself looks only every half second.
        assert time.monotonic() - saved <= PROMISED_SECONDS + 1, "readers did not see the edit"
        time.sleep(0.5)
    print(f"\nreaders saw the edit after {time.monotonic() - saved:.1f} s")


def test_made_up_queries_are_limited_per_client(stack):
    reader = Client(stack["proxy"])
    statuses = [reader.get(f"/robots.txt?made-up={n}").status for n in range(80)]
    assert statuses[0] == 200
    assert 429 in statuses, "40 in a burst, then 10 a second: 80 at once cannot all pass"
    assert reader.get("/robots.txt").status == 200  # plain pages are not limited


def test_stored_pages_answer_while_the_app_is_down(own_stack):
    reader = Client(own_stack["proxy"])
    assert reader.get("/choose/").status == 200
    own_stack["process"].terminate()
    own_stack["process"].wait(timeout=20)
    time.sleep(4 + 3 + 2)  # past s-maxage and stale-while-revalidate: only stale-if-error
    stale = reader.get("/choose/")
    assert stale.status == 200
    assert stale.headers["X-Proxy-Cache"] == "STALE"
    assert reader.get("/benchmarks/?never=asked").status == 502  # nothing stored to serve


def test_a_frozen_database_holds_a_few_threads_and_pages_keep_answering(tmp_path):
    database = PrivatePostgres()
    if not database.available:
        pytest.skip("needs PostgreSQL's server binaries (/usr/lib/postgresql/*/bin) and runuser")
    database.start()
    try:
        env = production_env(tmp_path, database.url)
        env["DJANGO_RENDER_SLOTS"] = "2"
        set_up_site(env)
        with (
            running_gunicorn({**env, "GUNICORN_WORKERS": "1"}) as (app, _),
            running_proxy(tmp_path / "nginx", app.removeprefix("http://")) as proxy,
        ):
            reader, direct = Client(proxy.base), Client(app)
            for path in ("/", "/frameworks/django/"):
                assert reader.get(path).status == 200  # in the proxy's cache
                assert direct.get(path).status == 200  # and in Django's

            database.freeze()
            try:
                health = direct.get("/healthz", timeout=5)
                assert health.status == 503 and health.seconds < 2, health.seconds
                # Uncached renders take the two slots and hang on the frozen database...
                with concurrent.futures.ThreadPoolExecutor(4) as pool:
                    stuck = [
                        pool.submit(direct.get, f"/frameworks/?q=frozen{n}", None, 30)
                        for n in range(2)
                    ]
                    time.sleep(1)
                    # ...and the next one is told so at once, with a 503.
                    busy = direct.get("/frameworks/?q=one-more", timeout=10)
                    assert busy.status == 503 and busy.seconds < 3, busy.seconds
                    # A page in Django's cache needs no slot.
                    hit = direct.get("/frameworks/django/", timeout=5)
                    assert hit.status == 200 and hit.headers["X-Page-Cache"] == "hit"
                    # Through the proxy, past the pages' freshness: the stored copies.
                    time.sleep(4 + 3 + 1)
                    for path in ("/", "/frameworks/django/"):
                        answer = reader.get(path, timeout=20)
                        assert answer.status == 200, path
                    database.thaw()
                    for future in stuck:
                        assert future.result().status in (200, 503)
            finally:
                database.thaw()
    finally:
        database.stop()
