"""Measure the framework apps in ``bench/frameworks/`` on this machine, the way TechEmpower does.

Each app (Flask, FastAPI, Django) answers the same three requests: ``/json``, ``/plaintext``
and ``/fortunes`` (rows read from a SQLite database, one added at request time, sorted and
rendered in an HTML template). Each runs under its usual production server from its own
virtualenv, ``.venv-bench``, with the same number of worker processes: gunicorn with sync
workers for Flask and Django, gunicorn with ``uvicorn_worker.UvicornWorker`` for FastAPI.

- ``catalogue``: the apps, endpoints and metrics, and the published methodology;
- ``environment``: .venv-bench, wrk, the CPU, memory and load average;
- ``servers``: starting a server on a free 127.0.0.1 port, waiting until it answers,
  checking its answers, stopping it (``bench/load.py`` starts the site's gunicorn with it);
- ``load``: running wrk and parsing its output, the median and spread of repeated runs;
- ``runs``: the interleaved runs of every endpoint of every app;
- ``records``: one BenchmarkResult per framework and metric.

``manage.py run_benchmarks`` is the command-line face of this package. Import from the
modules: this package re-exports nothing.
"""
