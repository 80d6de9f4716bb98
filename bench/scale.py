"""Scale benchmark: each public page's cold render time at 3, 50 and 200 frameworks.

    .venv/bin/python -m bench.scale [--renders 15] [--sizes 3 50 200]
        [--database-url postgres://...] --json out.json

In one process with production settings (DEBUG off) and the page cache off, on a throwaway
database (an SQLite file in a temporary directory unless ``--database-url``, an empty one):
the demo data (3 frameworks), then ``generate_scale_data --attributes 100`` tops it up to
each size. Each page is rendered through the test client twice uncounted, then ``--renders``
times (at most PAGE_SECONDS per page and size); the median time is the figure. The query
count is recorded too; tests/tooling/test_scale.py asserts that it stays the same at every size.
"""

import argparse
import io
import json
import os
import secrets
import signal
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bench.harness.environment import load_average
from bench.harness.errors import HarnessError
from comparisons.pages import PAGES

ATTRIBUTES = 100
WARM_RENDERS = 2
PAGE_SECONDS = 40  # at most this long on one page at one size (at least 3 renders)


def timed_pages():
    """The paths that comparisons/pages.py says are timed at scale (Django set up)."""
    return [page.paths()[0] + page.timed for page in PAGES if page.timed is not None]


def configure(database_url, workdir):
    """A production process's environment with the page cache off, then Django."""
    for key in [key for key in os.environ if key.startswith(("DJANGO_", "DATABASE_", "CACHE_"))]:
        del os.environ[key]
    os.environ.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(64),
        DJANGO_ALLOWED_HOSTS="testserver",
        DJANGO_SECURE_SSL_REDIRECT="false",
        DJANGO_SECURE_COOKIES="false",
        DJANGO_PAGE_CACHE_SECONDS="0",
        DJANGO_STATIC_ROOT=str(workdir / "static"),
        DJANGO_LOG_LEVEL="WARNING",
        DATABASE_URL=database_url or f"sqlite:///{workdir / 'scale.sqlite3'}",
        CACHE_URL="locmemcache://",
    )
    import django

    django.setup()


def render(client, path):
    """(status, queries, milliseconds) of one render."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        response = client.get(path)
        response.content  # noqa: B018 - a streaming page renders here
        elapsed = time.perf_counter() - started
    return response.status_code, len(queries), elapsed * 1000


def measure_page(client, path, renders):
    for _ in range(WARM_RENDERS):
        render(client, path)
    times, counts = [], set()
    ends = time.monotonic() + PAGE_SECONDS
    while len(times) < renders and (len(times) < 3 or time.monotonic() < ends):
        status, count, ms = render(client, path)
        if status != 200:
            raise HarnessError(f"{path} answered {status}")
        times.append(ms)
        counts.add(count)
    return {"ms": round(statistics.median(times), 2), "queries": max(counts), "renders": len(times)}


def run(sizes, renders):
    from django.core.management import call_command
    from django.test import Client

    from comparisons.models import Attribute, AttributeValue, Framework

    quiet = io.StringIO()
    call_command("migrate", interactive=False, verbosity=0, stdout=quiet)
    if Framework.objects.exists():
        raise HarnessError("the database is not empty: give --database-url an empty database")
    call_command("collectstatic", interactive=False, verbosity=0, stdout=quiet)
    call_command("setup_demo", stdout=quiet)
    client = Client()
    paths = timed_pages()
    pages = {path: {} for path in paths}
    shapes = {}
    for size in sizes:
        have = Framework.objects.filter(is_published=True).count()
        if have < size:
            more = {"frameworks": size - have, "attributes": ATTRIBUTES}
            call_command("generate_scale_data", **more, stdout=quiet)
        shapes[size] = {
            "frameworks": Framework.objects.filter(is_published=True).count(),
            "attributes": Attribute.objects.count(),
            "cells": AttributeValue.objects.count(),
        }
        print(f"{size} frameworks: {shapes[size]}", flush=True)
        for path in paths:
            pages[path][size] = figures = measure_page(client, path, renders)
            print(f"  {path:<62} {figures['ms']:>8.1f} ms, {figures['queries']} queries")
    return pages, shapes


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--renders", type=int, default=15, help="measured renders per page")
    parser.add_argument("--sizes", type=int, nargs="+", default=[3, 50, 200])
    parser.add_argument("--database-url", help="an EMPTY database (default: temporary SQLite)")
    parser.add_argument("--json", type=Path, required=True, help="write the figures here")
    args = parser.parse_args(argv)
    sizes = sorted(set(args.sizes))
    if sizes[0] != 3:
        parser.error("the smallest size is the demo's 3 frameworks")
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(130))  # `timeout`: clean up first
    load_before = load_average()
    with tempfile.TemporaryDirectory(prefix="fwcompare-scale-") as workdir:
        configure(args.database_url, Path(workdir))
        try:
            pages, shapes = run(sizes, args.renders)
        except HarnessError as error:
            print(f"Scale benchmark failed: {error}", file=sys.stderr)
            return 1
    figures = {
        "sizes": sizes,
        "attributes": ATTRIBUTES,
        "renders": args.renders,
        "pages": pages,
        "shapes": shapes,
        "load_average": [load_before, load_average()],
    }
    args.json.write_text(json.dumps(figures, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
