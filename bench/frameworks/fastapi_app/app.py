"""The FastAPI app measured by ``manage.py run_benchmarks``, in FastAPI's usual style.

Async endpoints for JSON and plain text; the fortunes page is a plain ``def`` endpoint, so
FastAPI runs its blocking sqlite3 query in its thread pool, and renders with
``Jinja2Templates``. Served by ``uvicorn --workers``, as FastAPI's deployment docs show.
The fortunes database is the SQLite file named by
``BENCH_FORTUNES_DB``; each thread keeps one connection to it.
"""

import os
import sqlite3
import threading
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, PlainTextResponse
from fastapi.templating import Jinja2Templates

DATABASE = os.environ.get("BENCH_FORTUNES_DB", "fortunes.sqlite3")
ADDITIONAL_FORTUNE = "Additional fortune added at request time."

app = FastAPI(openapi_url=None, docs_url=None, redoc_url=None)
templates = Jinja2Templates(directory=Path(__file__).parent / "templates")
_local = threading.local()


def get_db():
    """This thread's connection (sqlite3 connections are not shared between threads)."""
    connection = getattr(_local, "connection", None)
    if connection is None:
        connection = _local.connection = sqlite3.connect(DATABASE)
    return connection


@app.get("/json")
async def json_endpoint():
    return {"message": "Hello, World!"}


@app.get("/plaintext", response_class=PlainTextResponse)
async def plaintext():
    return "Hello, World!"


@app.get("/fortunes", response_class=HTMLResponse)
def fortunes(request: Request):
    rows = get_db().execute("SELECT id, message FROM fortune").fetchall()
    rows.append((0, ADDITIONAL_FORTUNE))
    rows.sort(key=lambda row: row[1])
    return templates.TemplateResponse(request, "fortunes.html", {"fortunes": rows})
