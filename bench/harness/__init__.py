"""Measure the framework apps in ``bench/frameworks/`` on this machine, the way TechEmpower does.

Each app (Flask, Django, Django Ninja, Pyramid, Falcon, Bottle, FastAPI, Starlette, Litestar,
Quart, Sanic, aiohttp, Tornado) answers the same three requests: ``/json``, ``/plaintext``
and ``/fortunes`` (rows read from a SQLite database, one added at request time, sorted and
rendered in an HTML template). Each runs under the production server its documentation
recommends, keep-alive on, from its own virtualenv (``.venv-bench/<slug>/``, the newest
Python on the machine), with the same number of worker processes.

- ``catalogue``: the apps and their servers, endpoints and metrics, and the published
  methodology;
- ``environment``: the virtualenvs and their Python, wrk, the CPUs (and pinning), memory and
  load average;
- ``servers``: starting a server on a free 127.0.0.1 port, waiting until it answers,
  checking its answers and keep-alive, stopping it (``bench/load.py`` starts the site's
  gunicorn with it);
- ``load``: running wrk and parsing its output, the median and spread of repeated runs;
- ``runs``: the interleaved runs of every endpoint of every app;
- ``records``: one BenchmarkResult per framework and metric, withheld when too noisy.

``manage.py run_benchmarks`` is the command-line face of this package. Import from the
modules: this package re-exports nothing.
"""
