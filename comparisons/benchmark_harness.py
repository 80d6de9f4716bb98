"""Measure the framework apps in ``bench/frameworks/`` on this machine, the way TechEmpower does.

Each app (Flask, FastAPI, Django) answers the same three requests: ``/json``, ``/plaintext``
and ``/fortunes`` (rows read from a SQLite database, one added at request time, sorted and
rendered in an HTML template). Each runs under its usual production server from its own
virtualenv, ``.venv-bench``, with the same number of worker processes: gunicorn with sync
workers for Flask and Django, gunicorn with ``uvicorn_worker.UvicornWorker`` for FastAPI.

For each app the harness starts the server on a free 127.0.0.1 port, waits until it answers,
checks that every endpoint answers correctly (the fortunes page escapes the ``<script>`` row),
warms each endpoint up, runs ``wrk -t2 -c<concurrency> -d<duration>s --latency`` ``runs``
times per endpoint, and stops the server. ``record()`` stores one BenchmarkResult per
framework and metric: the median run, the slowest and fastest, and the whole setup.

``manage.py run_benchmarks`` is the command-line face of this module.
"""

import contextlib
import hashlib
import html
import json
import os
import platform
import re
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from django.conf import settings
from django.db import transaction

from .models import Benchmark, BenchmarkResult, Framework, Release
from .numbers import format_number

PROJECT = Path(settings.BASE_DIR)
APPS_DIR = PROJECT / "bench" / "frameworks"
BENCH_VENV = PROJECT / ".venv-bench"
BENCH_PYTHON = BENCH_VENV / "bin" / "python"
REQUIREMENTS = PROJECT / "requirements-bench.txt"
STAMP = BENCH_VENV / ".requirements-stamp"
SETUP_COMMAND = "bash bench/frameworks/setup_env.sh"
WRK_INSTALL = "apt-get install -y wrk"
FULL_RUN_COMMAND = "python manage.py run_benchmarks"

HOST = "127.0.0.1"
WRK_THREADS = 2
MIN_RUNS = 3
READY_SECONDS = 30  # the longest a server may take to answer its first request
STOP_SECONDS = 10
WRK_GRACE_SECONDS = 30  # how much longer than its duration a wrk run may take
PRIMING_REQUESTS = 20  # the warm-up when there is no timed warm-up (smoke runs)

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


class HarnessError(Exception):
    """A run that cannot go on: a server that does not start or answers wrongly, wrk failing."""


# --- What is measured ----------------------------------------------------------------


@dataclass(frozen=True)
class FrameworkApp:
    slug: str  # the Framework row's slug
    name: str
    distribution: str  # the package whose version is the framework's
    target: str  # gunicorn's APP_MODULE, relative to bench/frameworks/
    worker_class: str
    env: dict = field(default_factory=dict)

    @property
    def is_asgi(self):
        return self.worker_class != "sync"

    def server(self, versions):
        gunicorn = f"gunicorn {versions['gunicorn']}"
        if not self.is_asgi:
            return f"{gunicorn} (sync workers)"
        worker = f"uvicorn-worker {versions['uvicorn-worker']}"
        return f"{gunicorn} + {worker} (uvicorn {versions['uvicorn']})"


APPS = {
    app.slug: app
    for app in [
        FrameworkApp("flask", "Flask", "flask", "flask_app.app:app", "sync"),
        FrameworkApp(
            "fastapi", "FastAPI", "fastapi", "fastapi_app.app:app", "uvicorn_worker.UvicornWorker"
        ),
        FrameworkApp(
            "django",
            "Django",
            "django",
            "django_app.wsgi:application",
            "sync",
            env={"DJANGO_SETTINGS_MODULE": "django_app.settings"},
        ),
    ]
}
VERSIONED = ["flask", "fastapi", "starlette", "django", "gunicorn", "uvicorn", "uvicorn-worker"]


@dataclass(frozen=True)
class Endpoint:
    slug: str
    path: str
    title: str
    what: str


ENDPOINTS = {
    endpoint.slug: endpoint
    for endpoint in [
        Endpoint("json", "/json", "JSON", 'a JSON object, `{"message": "Hello, World!"}`'),
        Endpoint("plaintext", "/plaintext", "Plain text", "the text `Hello, World!`"),
        Endpoint(
            "fortunes",
            "/fortunes",
            "Fortunes",
            "an HTML page that lists the 12 rows of a SQLite table plus one added at request "
            "time, sorted by message and escaped by the framework's templates",
        ),
    ]
}


@dataclass(frozen=True)
class Metric:
    slug: str
    name: str
    unit: str
    lower_is_better: bool
    endpoint: str
    key: str  # the WrkResult attribute
    position: int
    places: int = 0  # decimal places recorded: whole requests per second, ms to 0.01

    @property
    def description(self):
        endpoint = ENDPOINTS[self.endpoint]
        if self.key == "requests_per_second":
            measure = "How many requests per second each framework answers"
        else:
            measure = "The time within which 99% of the requests were answered"
        return (
            f"{measure} for {endpoint.what} (`{endpoint.path}`), measured on this site's own "
            f"machine under load. {'Lower' if self.lower_is_better else 'Higher'} is better."
        )


METRICS = [
    Metric(
        "measured-json-throughput",
        "JSON: requests per second (measured)",
        "req/s",
        False,
        "json",
        "requests_per_second",
        10,
    ),
    Metric(
        "measured-plaintext-throughput",
        "Plain text: requests per second (measured)",
        "req/s",
        False,
        "plaintext",
        "requests_per_second",
        11,
    ),
    Metric(
        "measured-fortunes-throughput",
        "Fortunes: requests per second (measured)",
        "req/s",
        False,
        "fortunes",
        "requests_per_second",
        12,
    ),
    Metric(
        "measured-fortunes-latency-p99",
        "Fortunes: 99th percentile latency (measured)",
        "ms",
        True,
        "fortunes",
        "latency_p99_ms",
        13,
        places=2,
    ),
]

METHODOLOGY = """\
Measured by this site on its own machine with `python manage.py run_benchmarks`, after \
[TechEmpower's test types](https://github.com/TechEmpower/FrameworkBenchmarks/wiki/\
Project-Information-Framework-Tests-Overview). Each framework runs a small app that does the \
same work (`bench/frameworks/` in the site's repository): `/json` returns \
`{"message": "Hello, World!"}`, `/plaintext` returns `Hello, World!`, and `/fortunes` reads \
the 12 rows of a SQLite table, adds one at request time, sorts them by message and renders \
them in an HTML table with the framework's own templates (one row holds a `<script>` tag, \
which must come out escaped).

- **Servers**: each framework under its usual production server, with the same number of \
worker processes: gunicorn with sync workers for Flask and Django, gunicorn with uvicorn \
workers (`uvicorn_worker.UvicornWorker`, uvloop and httptools) for FastAPI. Sync workers \
close the connection after each response; uvicorn keeps it open. That difference is part of \
what is measured, as it is in production.
- **Load**: [wrk](https://github.com/wg/wrk) over the loopback interface, \
`wrk -t2 -c<concurrency> -d<seconds>s --latency`, after a warm-up. Every app's responses are \
checked before the load starts. The runs are interleaved (round 1 of every framework, then \
round 2...), so that a busy spell of the machine does not land on one framework only.
- **Figures**: each endpoint is measured at least 3 times; the figure is the median run, and \
the low and high values are the slowest and fastest runs, so their spread shows the noise.
- **Setup**: the framework and server versions, workers, concurrency, Python, CPU model and \
count, memory, number of runs and seconds per run are recorded with every result.
- **Caveats**: wrk runs on the same machine as the server and competes with it for the CPU; \
loopback has no network latency; the database is a local SQLite file. Compare these figures \
with each other, within one setup, and not with figures measured elsewhere.
"""


# --- wrk output and the maths ---------------------------------------------------------

_TIME_UNITS_MS = {"us": Decimal("0.001"), "ms": Decimal(1), "s": Decimal(1000), "m": Decimal(60000)}
_TIME = r"([\d.]+)(us|ms|s|m|h)"


@dataclass(frozen=True)
class WrkResult:
    requests_per_second: Decimal
    latency_p50_ms: Decimal
    latency_p99_ms: Decimal
    requests: int
    seconds: Decimal
    socket_errors: dict
    non_2xx: int

    @property
    def errors(self):
        return sum(self.socket_errors.values())


def _milliseconds(number, unit):
    if unit == "h":
        return Decimal(number) * 3600000
    return Decimal(number) * _TIME_UNITS_MS[unit]


def parse_wrk(output: str) -> WrkResult:
    """Requests/s, p50 and p99 latency (ms), requests, seconds and errors from wrk's output
    (run with ``--latency``)."""
    rate = re.search(r"^Requests/sec:\s+([\d.]+)", output, re.MULTILINE)
    if not rate:
        raise HarnessError(f"no Requests/sec in wrk's output:\n{output}")
    latencies = {}
    for percent in ("50", "99"):
        found = re.search(rf"^\s+{percent}(?:\.0+)?%\s+{_TIME}\s*$", output, re.MULTILINE)
        if not found:
            raise HarnessError(f"no {percent}% latency in wrk's output (was --latency given?)")
        latencies[percent] = _milliseconds(*found.groups())
    total = re.search(rf"^\s+(\d+) requests in {_TIME}", output, re.MULTILINE)
    if not total:
        raise HarnessError(f"no request count in wrk's output:\n{output}")
    socket_errors = dict.fromkeys(("connect", "read", "write", "timeout"), 0)
    found = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    if found:
        socket_errors = dict(zip(socket_errors, map(int, found.groups()), strict=True))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return WrkResult(
        requests_per_second=Decimal(rate.group(1)),
        latency_p50_ms=latencies["50"],
        latency_p99_ms=latencies["99"],
        requests=int(total.group(1)),
        seconds=_milliseconds(total.group(2), total.group(3)) / 1000,
        socket_errors=socket_errors,
        non_2xx=int(non_2xx.group(1)) if non_2xx else 0,
    )


@dataclass(frozen=True)
class Summary:
    """Repeated runs of one measurement: the median, and the lowest and highest run."""

    median: Decimal
    low: Decimal
    high: Decimal
    runs: int

    @property
    def spread_percent(self):
        """How far apart the lowest and highest runs are, as a share of the median."""
        if not self.median:
            return None
        return (self.high - self.low) / self.median * 100


def summarize(values, places=2) -> Summary:
    """The median, lowest and highest of ``values``, rounded to ``places`` decimal places."""
    values = [Decimal(value) for value in values]
    if not values:
        raise ValueError("no runs to summarize")
    step = Decimal(1).scaleb(-places)

    def rounded(value):
        return value.quantize(step, rounding=ROUND_HALF_UP)

    return Summary(
        median=rounded(statistics.median(values)),
        low=rounded(min(values)),
        high=rounded(max(values)),
        runs=len(values),
    )


# --- The machine and the tools ---------------------------------------------------------


def unavailable_reason():
    """Why the harness cannot run here, with the command that fixes it; None if it can."""
    if not shutil.which("wrk"):
        return f"the load tool wrk is not installed; install it with: {WRK_INSTALL}"
    if not BENCH_PYTHON.exists():
        return f"the virtualenv .venv-bench does not exist; create it with: {SETUP_COMMAND}"
    if not STAMP.exists() or STAMP.read_text().strip() != expected_stamp():
        return (
            ".venv-bench is not up to date with requirements-bench.txt and this Python; "
            f"update it with: {SETUP_COMMAND}"
        )
    return None


def expected_stamp():
    """What bench/frameworks/setup_env.sh writes once .venv-bench matches the requirements."""
    digest = hashlib.sha256(REQUIREMENTS.read_bytes()).hexdigest()
    return f"{digest} python-{platform.python_version()}"


def _run(command, timeout, **kwargs):
    try:
        return subprocess.run(
            command, capture_output=True, text=True, timeout=timeout, check=False, **kwargs
        )
    except subprocess.TimeoutExpired as error:
        raise HarnessError(f"{command[0]} took longer than {timeout} s") from error


def package_versions(names=VERSIONED):
    """The versions installed in .venv-bench, asked of its own Python."""
    script = (
        "import importlib.metadata as m, json, sys; "
        "print(json.dumps({name: m.version(name) for name in sys.argv[1:]}))"
    )
    done = _run([str(BENCH_PYTHON), "-c", script, *names], timeout=60)
    if done.returncode:
        raise HarnessError(f"cannot read package versions in .venv-bench: {done.stderr}")
    return json.loads(done.stdout)


def bench_python_version():
    done = _run([str(BENCH_PYTHON), "-c", "import platform; print(platform.python_version())"], 30)
    if done.returncode:
        raise HarnessError(f"cannot run .venv-bench's Python: {done.stderr}")
    return done.stdout.strip()


def cpu_model(cpuinfo="/proc/cpuinfo"):
    try:
        text = Path(cpuinfo).read_text()
    except OSError:
        text = ""
    found = re.search(r"^model name\s*:\s*(.+)$", text, re.MULTILINE)
    model = found.group(1) if found else platform.processor() or platform.machine()
    return " ".join(model.split()) or "Unknown CPU"


def cpu_count():
    """The CPUs this process may use (a container may have fewer than the machine)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def memory_gib(meminfo="/proc/meminfo"):
    try:
        found = re.search(r"^MemTotal:\s+(\d+) kB", Path(meminfo).read_text(), re.MULTILINE)
    except OSError:
        return None
    return round(int(found.group(1)) / 1024**2) if found else None


def wrk_version():
    done = _run(["wrk", "-v"], timeout=10)
    first = (done.stdout or done.stderr).strip().splitlines()
    return first[0].split(" Copyright")[0].strip() if first else "wrk"


@dataclass(frozen=True)
class Environment:
    python_version: str
    cpu_model: str
    cpu_count: int
    memory_gib: int | None
    wrk: str
    versions: dict

    @property
    def hardware(self):
        memory = f", {self.memory_gib} GiB RAM" if self.memory_gib else ""
        return f"{self.cpu_model} × {self.cpu_count} cores{memory}"[:200]

    @classmethod
    def detect(cls):
        return cls(
            python_version=bench_python_version(),
            cpu_model=cpu_model(),
            cpu_count=cpu_count(),
            memory_gib=memory_gib(),
            wrk=wrk_version(),
            versions=package_versions(),
        )


# --- Running the apps ------------------------------------------------------------------


@dataclass(frozen=True)
class Options:
    duration: int = 10  # seconds per run
    runs: int = MIN_RUNS
    concurrency: int = 64
    workers: int = field(default_factory=cpu_count)
    warmup: int = 5  # seconds of load before the runs of each endpoint; 0: a few requests
    endpoints: tuple = tuple(ENDPOINTS)

    @property
    def threads(self):
        return min(WRK_THREADS, self.concurrency)


@dataclass
class Measurement:
    """The runs of one endpoint of one app."""

    app: FrameworkApp
    endpoint: Endpoint
    runs: list
    server: str
    framework_version: str
    load_average: float | None = None  # the machine's, before the benchmark started

    def summary(self, key, places=2) -> Summary:
        return summarize((getattr(run, key) for run in self.runs), places)

    @property
    def errors(self):
        return sum(run.errors for run in self.runs)


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


def server_command(app, port, workers):
    return [
        str(BENCH_VENV / "bin" / "gunicorn"),
        "--chdir",
        str(APPS_DIR),
        "--bind",
        f"{HOST}:{port}",
        "--workers",
        str(workers),
        "--worker-class",
        app.worker_class,
        "--no-control-socket",
        "--log-level",
        "warning",
        app.target,
    ]


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


def start_server(app, port, workers, database, log_path):
    with open(log_path, "wb") as log:
        return subprocess.Popen(
            server_command(app, port, workers),
            env=server_env(app, database),
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: stopped as a whole
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


def _tail(path, lines=20):
    try:
        return "\n".join(Path(path).read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


def fetch(url, timeout=10):
    """(status, content type, body text) of a GET."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 (loopback)
            body = response.read().decode("utf-8")
            return response.status, response.headers.get("Content-Type", ""), body
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Content-Type", ""), ""


def wait_until_ready(base, process, log_path):
    deadline = time.monotonic() + READY_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise HarnessError(f"the server exited ({process.returncode}):\n{_tail(log_path)}")
        try:
            if fetch(base + "/plaintext", timeout=2)[0] == 200:
                return
        except (OSError, urllib.error.URLError):
            pass
        time.sleep(0.1)
    raise HarnessError(f"the server did not answer within {READY_SECONDS} s:\n{_tail(log_path)}")


_FORTUNE_ROW = re.compile(r"<tr><td>(\d+)</td><td>(.*?)</td></tr>", re.DOTALL)


def expected_fortunes():
    return sorted([*FORTUNES, (0, ADDITIONAL_FORTUNE)], key=lambda row: row[1])


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


def wrk(url, options, seconds):
    command = [
        "wrk",
        f"-t{options.threads}",
        f"-c{options.concurrency}",
        f"-d{seconds}s",
        "--latency",
        url,
    ]
    done = _run(command, timeout=seconds + WRK_GRACE_SECONDS)
    if done.returncode:
        raise HarnessError(f"wrk failed ({done.returncode}): {done.stderr or done.stdout}")
    return done.stdout


def warm_up(url, options):
    if options.warmup > 0:
        wrk(url, options, options.warmup)
    else:
        for _ in range(PRIMING_REQUESTS):
            fetch(url)


def load_average():
    """The machine's 1-minute load average (other work on it shows up as noise)."""
    return os.getloadavg()[0] if hasattr(os, "getloadavg") else None


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
    server = app.server(environment.versions)
    log(f"{app.name}: {server}, {options.workers} workers, on {HOST}:{port}")
    database = Path(workdir) / "fortunes.sqlite3"
    process = start_server(app, port, options.workers, database, log_path)
    running = RunningApp(app, process, f"http://{HOST}:{port}", log_path, server)
    try:
        wait_until_ready(running.base, process, log_path)
        for slug in options.endpoints:
            endpoint = ENDPOINTS[slug]
            check_response(endpoint, *fetch(running.base + endpoint.path))
    except BaseException:
        stop_server(process)
        raise
    return running


def run_once(running, endpoint, options):
    """One timed wrk run; refused if any response was an error or the server died."""
    result = parse_wrk(wrk(running.base + endpoint.path, options, options.duration))
    if result.non_2xx:
        raise HarnessError(
            f"{running.app.name} {endpoint.path}: {result.non_2xx} responses were errors:\n"
            f"{_tail(running.log_path)}"
        )
    if running.process.poll() is not None:
        raise HarnessError(f"{running.app.name} stopped during the run:\n{_tail(running.log_path)}")
    return result


def measure(apps, options, environment, log: Callable[[str], None] = print):
    """Measure every endpoint of every app ``options.runs`` times.

    All the servers start first (an idle server costs nothing), then the runs are
    interleaved: round 1 of every app and endpoint, then round 2, and so on, each round
    starting with the next app. A busy spell of the machine then lands on every framework
    alike instead of on one of them, and shows in the spread.
    """
    endpoints = [ENDPOINTS[slug] for slug in options.endpoints]
    idle_load = load_average()  # before anything of ours runs: what else keeps the machine busy
    with tempfile.TemporaryDirectory(prefix="fwcompare-frameworks-") as workdir:
        create_fortunes_database(Path(workdir) / "fortunes.sqlite3")
        running = []
        try:
            for app in apps:
                running.append(start_app(app, options, environment, workdir, log))
            measurements = {
                (item.app.slug, endpoint.slug): Measurement(
                    app=item.app,
                    endpoint=endpoint,
                    runs=[],
                    server=item.server,
                    framework_version=environment.versions[item.app.distribution],
                    load_average=idle_load,
                )
                for item in running
                for endpoint in endpoints
            }
            log("Warming up" + (f" ({options.warmup} s per endpoint)" if options.warmup else ""))
            for item in running:
                for endpoint in endpoints:
                    warm_up(item.base + endpoint.path, options)
            for number in range(options.runs):
                shift = number % len(running)
                for item in running[shift:] + running[:shift]:
                    for endpoint in endpoints:
                        result = run_once(item, endpoint, options)
                        measurements[item.app.slug, endpoint.slug].runs.append(result)
                        log(
                            f"  {item.app.name} {endpoint.path} run {number + 1}/{options.runs}: "
                            f"{format_number(result.requests_per_second)} req/s, "
                            f"p50 {format_number(result.latency_p50_ms)} ms, "
                            f"p99 {format_number(result.latency_p99_ms)} ms, "
                            f"{result.errors} socket errors"
                        )
        finally:
            for item in running:
                stop_server(item.process)
    return list(measurements.values())


# --- Recording ------------------------------------------------------------------------


def wrk_command(options):
    return f"wrk -t{options.threads} -c{options.concurrency} -d{options.duration}s --latency"


def result_notes(measurement, options, environment, summary):
    """Two sentences on how the figure was obtained, stored with the result."""
    warmup = f"a {options.warmup} s warm-up" if options.warmup else "a short warm-up"
    method = f"`{wrk_command(options)}` against `{measurement.endpoint.path}` on {HOST}"
    if summary.runs == 1:
        figure = f"One run of {method} after {warmup}: a smoke run, too short to compare."
    else:
        spread = summary.spread_percent
        spread_text = f" (spread {spread:.1f}%)" if spread is not None else ""
        figure = (
            f"The median of {summary.runs} runs of {method}, interleaved with the other "
            f"frameworks' runs after {warmup}; low and high are the lowest and highest "
            f"runs{spread_text}."
        )
    load = (
        f"; load average {measurement.load_average:.2f} when the benchmark started"
        if measurement.load_average is not None
        else ""
    )
    return (
        f"{figure} {environment.wrk} ran on the same machine as the server; "
        f"{measurement.errors} socket errors{load}."
    )


def ensure_benchmarks():
    """The measured benchmarks, created on first use (editors may change their text later)."""
    benchmarks = {}
    for metric in METRICS:
        benchmark = Benchmark.objects.filter(slug=metric.slug).first()
        if benchmark is None:
            benchmark = Benchmark(
                slug=metric.slug,
                name=metric.name,
                unit=metric.unit,
                lower_is_better=metric.lower_is_better,
                description=metric.description,
                methodology=METHODOLOGY,
                position=metric.position,
            )
            benchmark._change_reason = "Created by manage.py run_benchmarks"
            benchmark.save()
        benchmarks[metric.slug] = benchmark
    return benchmarks


def record(measurements, options, environment, today=None):
    """One BenchmarkResult per framework and metric, saved normally (history, change log)."""
    today = today or date.today()
    frameworks = Framework.objects.in_bulk([m.app.slug for m in measurements], field_name="slug")
    by_key = {(m.app.slug, m.endpoint.slug): m for m in measurements}
    results = []
    with transaction.atomic():
        benchmarks = ensure_benchmarks()
        for (framework_slug, endpoint_slug), measurement in by_key.items():
            framework = frameworks.get(framework_slug)
            if framework is None:
                continue
            release = Release.objects.filter(
                framework=framework, version=measurement.framework_version
            ).first()
            for metric in METRICS:
                if metric.endpoint != endpoint_slug:
                    continue
                summary = measurement.summary(metric.key, metric.places)
                result = BenchmarkResult(
                    framework=framework,
                    benchmark=benchmarks[metric.slug],
                    release=release,
                    origin=BenchmarkResult.Origin.MEASURED,
                    low_value=summary.low,
                    high_value=summary.high,
                    median_value=summary.median,
                    measured_on=today,
                    source_url="",
                    server=measurement.server,
                    workers=options.workers,
                    concurrency=options.concurrency,
                    python_version=environment.python_version,
                    hardware=environment.hardware,
                    runs=summary.runs,
                    duration_seconds=options.duration,
                    framework_version=measurement.framework_version,
                    notes=result_notes(measurement, options, environment, summary),
                )
                result._change_reason = "Measured by manage.py run_benchmarks"
                result.full_clean()
                result.save()
                results.append(result)
    return results
