"""The Tornado app measured by ``manage.py run_benchmarks``, on Tornado's own HTTP server.

Started as Tornado's "Running and deploying" guide shows for several processes: bind the
sockets, ``fork_processes(N)``, then one server per process. Tornado templates escape by
default. The sqlite3 query runs on the event loop; each process keeps one connection.

    python tornado_app/app.py --port 8000 --workers 2
"""

import argparse
import asyncio
import os
import sqlite3
from pathlib import Path

import tornado.httpserver
import tornado.netutil
import tornado.process
import tornado.web

DATABASE = os.environ.get("BENCH_FORTUNES_DB", "fortunes.sqlite3")
ADDITIONAL_FORTUNE = "Additional fortune added at request time."
_connection = None


def get_db():
    global _connection
    if _connection is None:
        _connection = sqlite3.connect(DATABASE)
    return _connection


class JsonHandler(tornado.web.RequestHandler):
    def get(self):
        self.write({"message": "Hello, World!"})


class PlaintextHandler(tornado.web.RequestHandler):
    def get(self):
        self.set_header("Content-Type", "text/plain; charset=utf-8")
        self.write("Hello, World!")


class FortunesHandler(tornado.web.RequestHandler):
    def get(self):
        rows = get_db().execute("SELECT id, message FROM fortune").fetchall()
        rows.append((0, ADDITIONAL_FORTUNE))
        rows.sort(key=lambda row: row[1])
        self.render("fortunes.html", fortunes=rows)


def make_app():
    return tornado.web.Application(
        [
            (r"/json", JsonHandler),
            (r"/plaintext", PlaintextHandler),
            (r"/fortunes", FortunesHandler),
        ],
        template_path=str(Path(__file__).parent / "templates"),
    )


async def serve(sockets):
    server = tornado.httpserver.HTTPServer(make_app())
    server.add_sockets(sockets)
    await asyncio.Event().wait()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--workers", type=int, default=1)
    arguments = parser.parse_args()
    sockets = tornado.netutil.bind_sockets(arguments.port, arguments.host)
    tornado.process.fork_processes(arguments.workers)
    asyncio.run(serve(sockets))


if __name__ == "__main__":
    main()
