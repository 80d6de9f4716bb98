"""The Starlette app measured by ``manage.py run_benchmarks``, served by uvicorn.

The sqlite3 query runs on the event loop: a local file answers in microseconds, and each
worker process keeps one connection (opened after the fork).
"""

import os
import sqlite3
from pathlib import Path

from starlette.applications import Starlette
from starlette.responses import JSONResponse, PlainTextResponse
from starlette.routing import Route
from starlette.templating import Jinja2Templates

DATABASE = os.environ.get("BENCH_FORTUNES_DB", "fortunes.sqlite3")
ADDITIONAL_FORTUNE = "Additional fortune added at request time."
templates = Jinja2Templates(directory=Path(__file__).parent / "templates")
_connection = None


def get_db():
    global _connection
    if _connection is None:
        _connection = sqlite3.connect(DATABASE)
    return _connection


async def json_endpoint(request):
    return JSONResponse({"message": "Hello, World!"})


async def plaintext(request):
    return PlainTextResponse("Hello, World!")


async def fortunes(request):
    rows = get_db().execute("SELECT id, message FROM fortune").fetchall()
    rows.append((0, ADDITIONAL_FORTUNE))
    rows.sort(key=lambda row: row[1])
    return templates.TemplateResponse(request, "fortunes.html", {"fortunes": rows})


app = Starlette(
    routes=[
        Route("/json", json_endpoint),
        Route("/plaintext", plaintext),
        Route("/fortunes", fortunes),
    ]
)
