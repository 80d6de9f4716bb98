"""The Bottle app measured by ``manage.py run_benchmarks``, served by gunicorn (gthread).

The page is rendered with SimpleTemplate, Bottle's own engine (``views/fortunes.tpl``),
which escapes ``{{...}}``. Each gunicorn thread keeps its own sqlite3 connection.
"""

import os
import sqlite3
import threading
from pathlib import Path

import bottle

DATABASE = os.environ.get("BENCH_FORTUNES_DB", "fortunes.sqlite3")
ADDITIONAL_FORTUNE = "Additional fortune added at request time."
VIEWS = str(Path(__file__).parent / "views")
_local = threading.local()

app = bottle.Bottle()


def get_db():
    connection = getattr(_local, "connection", None)
    if connection is None:
        connection = _local.connection = sqlite3.connect(DATABASE)
    return connection


@app.get("/json")
def json_endpoint():
    return {"message": "Hello, World!"}


@app.get("/plaintext")
def plaintext():
    bottle.response.content_type = "text/plain; charset=utf-8"
    return "Hello, World!"


@app.get("/fortunes")
def fortunes():
    rows = get_db().execute("SELECT id, message FROM fortune").fetchall()
    rows.append((0, ADDITIONAL_FORTUNE))
    rows.sort(key=lambda row: row[1])
    return bottle.template("fortunes", fortunes=rows, template_lookup=[VIEWS])
