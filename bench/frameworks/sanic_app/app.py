"""The Sanic app measured by ``manage.py run_benchmarks``, on Sanic's own server.

Sanic has no template engine of its own (Sanic Extensions wraps Jinja2), so the page is
rendered with Jinja2 directly. The sqlite3 query runs on the event loop (a local file
answers in microseconds); each worker process keeps one connection.
"""

import os
import sqlite3
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from sanic import Sanic
from sanic.response import html, json, text

app = Sanic("bench")

DATABASE = os.environ.get("BENCH_FORTUNES_DB", "fortunes.sqlite3")
ADDITIONAL_FORTUNE = "Additional fortune added at request time."
templates = Environment(
    loader=FileSystemLoader(Path(__file__).parent / "templates"), autoescape=select_autoescape()
)
_connection = None


def get_db():
    global _connection
    if _connection is None:
        _connection = sqlite3.connect(DATABASE)
    return _connection


@app.get("/json")
async def json_endpoint(request):
    return json({"message": "Hello, World!"})


@app.get("/plaintext")
async def plaintext(request):
    return text("Hello, World!")


@app.get("/fortunes")
async def fortunes(request):
    rows = get_db().execute("SELECT id, message FROM fortune").fetchall()
    rows.append((0, ADDITIONAL_FORTUNE))
    rows.sort(key=lambda row: row[1])
    return html(templates.get_template("fortunes.html").render(fortunes=rows))
