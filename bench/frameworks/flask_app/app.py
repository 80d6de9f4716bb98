"""The Flask app measured by ``manage.py run_benchmarks``, in Flask's usual style.

Flask with sqlite3 and a Jinja2 template, served by gunicorn's gthread workers. The fortunes
database is the SQLite file named by ``BENCH_FORTUNES_DB`` (the harness creates it); each
gunicorn thread keeps one connection to it, as the Django app keeps its persistent one.
"""

import os
import sqlite3
import threading

from flask import Flask, jsonify, render_template

app = Flask(__name__)

DATABASE = os.environ.get("BENCH_FORTUNES_DB", "fortunes.sqlite3")
ADDITIONAL_FORTUNE = "Additional fortune added at request time."
_local = threading.local()


def get_db():
    """This thread's connection, opened on first use (after gunicorn has forked)."""
    connection = getattr(_local, "connection", None)
    if connection is None:
        connection = _local.connection = sqlite3.connect(DATABASE)
    return connection


@app.get("/json")
def json_endpoint():
    return jsonify(message="Hello, World!")


@app.get("/plaintext")
def plaintext():
    return "Hello, World!", 200, {"Content-Type": "text/plain; charset=utf-8"}


@app.get("/fortunes")
def fortunes():
    rows = get_db().execute("SELECT id, message FROM fortune").fetchall()
    rows.append((0, ADDITIONAL_FORTUNE))
    rows.sort(key=lambda row: row[1])
    return render_template("fortunes.html", fortunes=rows)
