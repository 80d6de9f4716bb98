"""The Quart app measured by ``manage.py run_benchmarks``, served by Hypercorn, the server
Quart's deployment docs name first.

The sqlite3 query runs on the event loop (a local file answers in microseconds); each worker
process keeps one connection, opened after the fork.
"""

import os
import sqlite3

from quart import Quart, render_template

app = Quart(__name__)

DATABASE = os.environ.get("BENCH_FORTUNES_DB", "fortunes.sqlite3")
ADDITIONAL_FORTUNE = "Additional fortune added at request time."
_connection = None


def get_db():
    global _connection
    if _connection is None:
        _connection = sqlite3.connect(DATABASE)
    return _connection


@app.get("/json")
async def json_endpoint():
    return {"message": "Hello, World!"}


@app.get("/plaintext")
async def plaintext():
    return "Hello, World!", 200, {"Content-Type": "text/plain; charset=utf-8"}


@app.get("/fortunes")
async def fortunes():
    rows = get_db().execute("SELECT id, message FROM fortune").fetchall()
    rows.append((0, ADDITIONAL_FORTUNE))
    rows.sort(key=lambda row: row[1])
    return await render_template("fortunes.html", fortunes=rows)
