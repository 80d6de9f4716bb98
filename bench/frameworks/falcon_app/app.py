"""The Falcon app measured by ``manage.py run_benchmarks``, served by gunicorn (gthread).

Falcon has no template engine of its own: the page is rendered with Jinja2. Each gunicorn
thread keeps its own sqlite3 connection (they are not shared between threads).
"""

import os
import sqlite3
import threading
from pathlib import Path

import falcon
from jinja2 import Environment, FileSystemLoader, select_autoescape

DATABASE = os.environ.get("BENCH_FORTUNES_DB", "fortunes.sqlite3")
ADDITIONAL_FORTUNE = "Additional fortune added at request time."
templates = Environment(
    loader=FileSystemLoader(Path(__file__).parent / "templates"), autoescape=select_autoescape()
)
_local = threading.local()


def get_db():
    connection = getattr(_local, "connection", None)
    if connection is None:
        connection = _local.connection = sqlite3.connect(DATABASE)
    return connection


class JsonResource:
    def on_get(self, req, resp):
        resp.media = {"message": "Hello, World!"}


class PlaintextResource:
    def on_get(self, req, resp):
        resp.content_type = falcon.MEDIA_TEXT
        resp.text = "Hello, World!"


class FortunesResource:
    def on_get(self, req, resp):
        rows = get_db().execute("SELECT id, message FROM fortune").fetchall()
        rows.append((0, ADDITIONAL_FORTUNE))
        rows.sort(key=lambda row: row[1])
        resp.content_type = falcon.MEDIA_HTML
        resp.text = templates.get_template("fortunes.html").render(fortunes=rows)


app = falcon.App()
app.add_route("/json", JsonResource())
app.add_route("/plaintext", PlaintextResource())
app.add_route("/fortunes", FortunesResource())
