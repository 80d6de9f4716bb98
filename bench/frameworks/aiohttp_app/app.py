"""The aiohttp app measured by ``manage.py run_benchmarks``, served by gunicorn with
``aiohttp.GunicornWebWorker`` as aiohttp's deployment docs show.

Templates through aiohttp-jinja2. The sqlite3 query runs on the event loop (a local file
answers in microseconds); each worker process keeps one connection.
"""

import os
import sqlite3
from pathlib import Path

import aiohttp_jinja2
import jinja2
from aiohttp import web

DATABASE = os.environ.get("BENCH_FORTUNES_DB", "fortunes.sqlite3")
ADDITIONAL_FORTUNE = "Additional fortune added at request time."
_connection = None


def get_db():
    global _connection
    if _connection is None:
        _connection = sqlite3.connect(DATABASE)
    return _connection


async def json_endpoint(request):
    return web.json_response({"message": "Hello, World!"})


async def plaintext(request):
    return web.Response(text="Hello, World!", content_type="text/plain")


@aiohttp_jinja2.template("fortunes.html")
async def fortunes(request):
    rows = get_db().execute("SELECT id, message FROM fortune").fetchall()
    rows.append((0, ADDITIONAL_FORTUNE))
    rows.sort(key=lambda row: row[1])
    return {"fortunes": rows}


app = web.Application()
aiohttp_jinja2.setup(app, loader=jinja2.FileSystemLoader(Path(__file__).parent / "templates"))
app.router.add_get("/json", json_endpoint)
app.router.add_get("/plaintext", plaintext)
app.router.add_get("/fortunes", fortunes)
