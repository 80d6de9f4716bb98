"""The Litestar app measured by ``manage.py run_benchmarks``, served by uvicorn.

The sqlite3 query runs on the event loop (a local file answers in microseconds); each worker
process keeps one connection, opened after the fork.
"""

import os
import sqlite3
from pathlib import Path

from litestar import Litestar, MediaType, get
from litestar.contrib.jinja import JinjaTemplateEngine
from litestar.response import Template
from litestar.template.config import TemplateConfig

DATABASE = os.environ.get("BENCH_FORTUNES_DB", "fortunes.sqlite3")
ADDITIONAL_FORTUNE = "Additional fortune added at request time."
_connection = None


def get_db():
    global _connection
    if _connection is None:
        _connection = sqlite3.connect(DATABASE)
    return _connection


@get("/json")
async def json_endpoint() -> dict[str, str]:
    return {"message": "Hello, World!"}


@get("/plaintext", media_type=MediaType.TEXT)
async def plaintext() -> str:
    return "Hello, World!"


@get("/fortunes")
async def fortunes() -> Template:
    rows = get_db().execute("SELECT id, message FROM fortune").fetchall()
    rows.append((0, ADDITIONAL_FORTUNE))
    rows.sort(key=lambda row: row[1])
    return Template(template_name="fortunes.html", context={"fortunes": rows})


app = Litestar(
    route_handlers=[json_endpoint, plaintext, fortunes],
    template_config=TemplateConfig(
        directory=Path(__file__).parent / "templates", engine=JinjaTemplateEngine
    ),
    openapi_config=None,
)
