"""The Pyramid app measured by ``manage.py run_benchmarks``, served by gunicorn (gthread).

Configured in code (no PasteDeploy file), templates through pyramid_jinja2, which escapes
``.jinja2`` templates. Each gunicorn thread keeps its own sqlite3 connection.
"""

import os
import sqlite3
import threading

from pyramid.config import Configurator
from pyramid.response import Response

DATABASE = os.environ.get("BENCH_FORTUNES_DB", "fortunes.sqlite3")
ADDITIONAL_FORTUNE = "Additional fortune added at request time."
_local = threading.local()


def get_db():
    connection = getattr(_local, "connection", None)
    if connection is None:
        connection = _local.connection = sqlite3.connect(DATABASE)
    return connection


def json_view(request):
    return {"message": "Hello, World!"}


def plaintext(request):
    return Response("Hello, World!", content_type="text/plain", charset="utf-8")


def fortunes(request):
    rows = get_db().execute("SELECT id, message FROM fortune").fetchall()
    rows.append((0, ADDITIONAL_FORTUNE))
    rows.sort(key=lambda row: row[1])
    return {"fortunes": rows}


with Configurator() as config:
    config.include("pyramid_jinja2")
    config.add_route("json", "/json")
    config.add_route("plaintext", "/plaintext")
    config.add_route("fortunes", "/fortunes")
    config.add_view(json_view, route_name="json", renderer="json")
    config.add_view(plaintext, route_name="plaintext")
    config.add_view(
        fortunes, route_name="fortunes", renderer="pyramid_app:templates/fortunes.jinja2"
    )
    app = config.make_wsgi_app()
