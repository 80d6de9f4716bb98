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

``manage.py run_benchmarks`` is the command-line face of this package.
"""

from .catalogue import (
    APPS,
    ENDPOINTS,
    METHODOLOGY,
    METRICS,
    VERSIONED,
    Endpoint,
    FrameworkApp,
    Metric,
)
from .environment import (
    APPS_DIR,
    BENCH_PYTHON,
    BENCH_VENV,
    FULL_RUN_COMMAND,
    PROJECT,
    REQUIREMENTS,
    SETUP_COMMAND,
    STAMP,
    WRK_INSTALL,
    Environment,
    bench_python_version,
    cpu_count,
    cpu_model,
    expected_stamp,
    load_average,
    memory_gib,
    package_versions,
    unavailable_reason,
    wrk_version,
)
from .errors import HarnessError
from .load import (
    PRIMING_REQUESTS,
    WRK_GRACE_SECONDS,
    WRK_THREADS,
    Summary,
    WrkResult,
    parse_wrk,
    summarize,
    warm_up,
    wrk,
    wrk_command,
)
from .records import ensure_benchmarks, record, result_notes
from .runs import MIN_RUNS, Measurement, Options, measure, run_once
from .servers import (
    ADDITIONAL_FORTUNE,
    FORTUNES,
    HOST,
    READY_SECONDS,
    STOP_SECONDS,
    RunningApp,
    check_response,
    create_fortunes_database,
    expected_fortunes,
    fetch,
    free_port,
    server_command,
    server_env,
    start_app,
    start_server,
    stop_server,
    wait_until_ready,
)

__all__ = [
    "ADDITIONAL_FORTUNE",
    "APPS",
    "APPS_DIR",
    "BENCH_PYTHON",
    "BENCH_VENV",
    "ENDPOINTS",
    "FORTUNES",
    "FULL_RUN_COMMAND",
    "HOST",
    "METHODOLOGY",
    "METRICS",
    "MIN_RUNS",
    "PRIMING_REQUESTS",
    "PROJECT",
    "READY_SECONDS",
    "REQUIREMENTS",
    "SETUP_COMMAND",
    "STAMP",
    "STOP_SECONDS",
    "VERSIONED",
    "WRK_GRACE_SECONDS",
    "WRK_INSTALL",
    "WRK_THREADS",
    "Endpoint",
    "Environment",
    "FrameworkApp",
    "HarnessError",
    "Measurement",
    "Metric",
    "Options",
    "RunningApp",
    "Summary",
    "WrkResult",
    "bench_python_version",
    "check_response",
    "cpu_count",
    "cpu_model",
    "create_fortunes_database",
    "ensure_benchmarks",
    "expected_fortunes",
    "expected_stamp",
    "fetch",
    "free_port",
    "load_average",
    "measure",
    "memory_gib",
    "package_versions",
    "parse_wrk",
    "record",
    "result_notes",
    "run_once",
    "server_command",
    "server_env",
    "start_app",
    "start_server",
    "stop_server",
    "summarize",
    "unavailable_reason",
    "wait_until_ready",
    "warm_up",
    "wrk",
    "wrk_command",
    "wrk_version",
]
