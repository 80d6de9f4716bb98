"""The apps' servers: the fortunes database, starting each app under its production server,
waiting until it answers, checking its answers and that it keeps connections open, and
stopping it."""

import contextlib
import html
import http.client
import json
import os
import re
import signal
import socket
import sqlite3
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from .catalogue import ENDPOINTS, HOST, FrameworkApp
from .environment import APPS_DIR, pinned, venv
from .errors import HarnessError

READY_SECONDS = 30  # the longest a server may take to answer its first request
STOP_SECONDS = 10

ADDITIONAL_FORTUNE = "Additional fortune added at request time."
# TechEmpower's fortunes (https://github.com/TechEmpower/FrameworkBenchmarks, "Fortunes").
FORTUNES = [
    (1, "fortune: No such file or directory"),
    (2, "A computer scientist is someone who fixes things that aren't broken."),
    (3, "After enough decimal places, nobody gives a damn."),
    (4, "A bad random number generator: 1, 1, 1, 1, 1, 4.33e+67, 1, 1, 1"),
    (5, "A computer program does what you tell it to do, not what you want it to do."),
    (6, "Emacs is a nice operating system, but I prefer UNIX. — Tom Christaensen"),
    (7, "Any program that runs right is obsolete."),
    (8, "A list is only as strong as its weakest link. — Donald Knuth"),
    (9, "Feature: A bug with seniority."),
    (10, "Computers make very fast, very accurate mistakes."),
    (11, '<script>alert("This should not be displayed in a browser alert box.");</script>'),
    (12, "フレームワークのベンチマーク"),
]


def create_fortunes_database(path):
    """The fortune table the three apps read, with TechEmpower's 12 rows."""
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE fortune (id INTEGER PRIMARY KEY, message TEXT NOT NULL)")
        connection.executemany("INSERT INTO fortune (id, message) VALUES (?, ?)", FORTUNES)
    connection.close()
    return path


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def server_command(app, port, workers, cpus=()):
    """The command that starts ``app``'s server from its virtualenv, pinned to ``cpus``."""
    command = app.server_kind.command(app, venv(app) / "bin", port, workers, APPS_DIR)
    return pinned(command, cpus)


def server_env(app, database):
    """A clean environment: nothing of the site's (DJANGO_SETTINGS_MODULE, DATABASE_URL...)."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", "/tmp"),
        "LANG": "C.UTF-8",
        "PYTHONDONTWRITEBYTECODE": "1",
        "BENCH_FORTUNES_DB": str(database),
    }
    return {**env, **app.env}


def start_server(command, env, log_path, cwd=None):
    """Start a server in a process group of its own (stop_server stops it as a whole)."""
    with open(log_path, "wb") as log:
        return subprocess.Popen(
            command,
            cwd=cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def stop_server(process):
    """Stop the server we started: its master and workers, one process group of its own."""
    with contextlib.suppress(ProcessLookupError):
        if process.poll() is not None:
            os.killpg(process.pid, signal.SIGKILL)  # the master is gone: no worker outlives it
            return
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=STOP_SECONDS)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=STOP_SECONDS)


def log_tail(path, lines=20):
    try:
        return "\n".join(Path(path).read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


def fetch(url, timeout=10):
    """(status, headers, body text) of a GET; an HTTP error status is an answer too."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 (loopback)
            return response.status, response.headers, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.headers, ""


def answers(url):
    """Whether ``url`` answers 200 (for wait_until_ready)."""
    return fetch(url, timeout=2)[0] == 200


def wait_until_ready(process, log_path, ready, seconds=READY_SECONDS):
    """Wait until ``ready()`` is true; a connection refused or reset means not yet."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise HarnessError(f"the server exited ({process.returncode}):\n{log_tail(log_path)}")
        with contextlib.suppress(OSError):  # urllib's URLError and socket errors are OSErrors
            if ready():
                return
        time.sleep(0.1)
    raise HarnessError(f"the server did not answer within {seconds} s:\n{log_tail(log_path)}")


_FORTUNE_ROW = re.compile(r"<tr><td>(\d+)</td><td>(.*?)</td></tr>", re.DOTALL)


def expected_fortunes():
    return sorted([*FORTUNES, (0, ADDITIONAL_FORTUNE)], key=lambda row: row[1])


def check_keep_alive(base, path="/plaintext"):
    """Raise HarnessError unless two requests are answered over one connection: every
    server is measured with keep-alive on, as browsers and proxies use them."""
    host, port = base.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=10)
    try:
        connection.request("GET", path)
        first = connection.getresponse()
        first.read()
        sock = connection.sock
        closes = first.will_close
        if not closes:
            connection.request("GET", path)
            second = connection.getresponse()
            second.read()
            closes = connection.sock is not sock or second.will_close
    finally:
        connection.close()
    if closes:
        raise HarnessError(f"{base} closes the connection after a response: keep-alive is off")


def check_response(endpoint, status, content_type, body):
    """Raise HarnessError unless the response is what every app must answer."""
    problem = None
    if status != 200:
        problem = f"status {status}"
    elif endpoint.slug == "json":
        if not content_type.startswith("application/json"):
            problem = f"content type {content_type!r}"
        elif json.loads(body) != {"message": "Hello, World!"}:
            problem = f"body {body!r}"
    elif endpoint.slug == "plaintext":
        if not content_type.startswith("text/plain"):
            problem = f"content type {content_type!r}"
        elif body != "Hello, World!":
            problem = f"body {body!r}"
    elif endpoint.slug == "fortunes":
        rows = [(int(id_), html.unescape(message)) for id_, message in _FORTUNE_ROW.findall(body)]
        if not content_type.startswith("text/html"):
            problem = f"content type {content_type!r}"
        elif "<script>" in body:
            problem = "the <script> fortune is not escaped"
        elif rows != expected_fortunes():
            problem = f"rows {rows!r} are not the 13 fortunes sorted by message"
    if problem:
        raise HarnessError(f"{endpoint.path} answered wrongly: {problem}")


@dataclass
class RunningApp:
    app: FrameworkApp
    process: subprocess.Popen
    base: str
    log_path: Path
    server: str


def start_app(app, options, environment, workdir, log):
    """Start ``app``'s server, wait until it answers and check every endpoint's answer."""
    log_path = Path(workdir) / f"{app.slug}-server.log"
    port = free_port()
    server = app.server(environment.versions[app.slug])
    plural = "s" if options.workers != 1 else ""
    log(f"{app.name}: {server}, {options.workers} worker{plural}, on {HOST}:{port}")
    database = Path(workdir) / "fortunes.sqlite3"
    command = server_command(app, port, options.workers, options.server_cpus)
    process = start_server(command, server_env(app, database), log_path, cwd=APPS_DIR)
    running = RunningApp(app, process, f"http://{HOST}:{port}", log_path, server)
    try:
        wait_until_ready(process, log_path, lambda: answers(running.base + "/plaintext"))
        for slug in options.endpoints:
            endpoint = ENDPOINTS[slug]
            status, headers, body = fetch(running.base + endpoint.path)
            check_response(endpoint, status, headers.get("Content-Type", ""), body)
        check_keep_alive(running.base)
    except BaseException:
        stop_server(process)
        raise
    return running
