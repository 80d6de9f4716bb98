"""What is measured: the framework apps, their endpoints, the metrics recorded and the
methodology published with them."""

from dataclasses import dataclass, field

HOST = "127.0.0.1"


GTHREAD_THREADS = 4  # threads per gthread worker: gunicorn's docs suggest 2-4 per core


@dataclass(frozen=True)
class Server:
    """A production server: how to start an app under it, and how results name it."""

    kind: str
    packages: tuple  # the distributions whose versions name the server

    def command(self, app, bin_dir, port, workers, apps_dir):
        bind = f"{HOST}:{port}"
        if self.kind in ("gthread", "aiohttp"):
            worker = (
                ["--worker-class", "gthread", "--threads", str(GTHREAD_THREADS)]
                if self.kind == "gthread"
                else ["--worker-class", "aiohttp.GunicornWebWorker"]
            )
            return [
                f"{bin_dir}/gunicorn",
                "--chdir",
                str(apps_dir),
                "--bind",
                bind,
                "--workers",
                str(workers),
                *worker,
                "--no-control-socket",
                "--log-level",
                "warning",
                app.target,
            ]
        if self.kind == "uvicorn":
            return [
                f"{bin_dir}/uvicorn",
                app.target,
                "--app-dir",
                str(apps_dir),
                "--host",
                HOST,
                "--port",
                str(port),
                "--workers",
                str(workers),
                "--no-access-log",
                "--log-level",
                "warning",
            ]
        if self.kind == "hypercorn":  # its access log is off unless asked for
            return [f"{bin_dir}/hypercorn", "--bind", bind, "--workers", str(workers), app.target]
        if self.kind == "sanic":
            return [
                f"{bin_dir}/sanic",
                app.target,
                "--host",
                HOST,
                "--port",
                str(port),
                "--workers",
                str(workers),
                "--no-access-logs",
                "--no-motd",
            ]
        if self.kind == "tornado":
            return [
                f"{bin_dir}/python",
                str(apps_dir / app.target),
                "--port",
                str(port),
                "--workers",
                str(workers),
            ]
        raise ValueError(f"unknown server kind {self.kind!r}")

    def describe(self, versions):
        """The server and its version, e.g. “gunicorn 27.0.1 (gthread workers, 4 threads)”."""
        version = versions.get(self.packages[0], "?")
        return {
            "gthread": f"gunicorn {version} (gthread workers, {GTHREAD_THREADS} threads each)",
            "aiohttp": f"gunicorn {version} (aiohttp.GunicornWebWorker)",
            "uvicorn": f"uvicorn {version} (--workers; uvloop, httptools)",
            "hypercorn": f"Hypercorn {version} (--workers; asyncio)",
            "sanic": f"Sanic server {version} (--workers)",
            "tornado": f"Tornado HTTPServer {version} (fork_processes)",
        }[self.kind]


GUNICORN_GTHREAD = Server("gthread", ("gunicorn",))
GUNICORN_AIOHTTP = Server("aiohttp", ("gunicorn", "aiohttp"))
UVICORN = Server("uvicorn", ("uvicorn", "uvloop", "httptools"))
HYPERCORN = Server("hypercorn", ("hypercorn",))
SANIC = Server("sanic", ("sanic",))
TORNADO = Server("tornado", ("tornado",))


@dataclass(frozen=True)
class FrameworkApp:
    slug: str  # the Framework row's slug
    name: str
    distribution: str  # the package whose version is the framework's
    target: str  # the server's APP_MODULE (a script for Tornado), relative to bench/frameworks/
    server_kind: Server
    docs: str  # the framework's (or its server's) page recommending this production server
    templates: str  # what renders /fortunes
    env: dict = field(default_factory=dict)

    @property
    def directory(self):
        return f"{self.slug.replace('-', '_')}_app"

    @property
    def packages(self):
        return (self.distribution, *self.server_kind.packages)

    def server(self, versions):
        return self.server_kind.describe(versions)


# Each app under the server its own documentation recommends for production (``docs``), with
# keep-alive on: gunicorn's sync worker closes every connection (https://gunicorn.org/design),
# so the WSGI apps use its gthread worker, which keeps them open. Checked on 5 December 2026.
APPS = {
    app.slug: app
    for app in [
        FrameworkApp(
            "flask",
            "Flask",
            "flask",
            "flask_app.app:app",
            GUNICORN_GTHREAD,
            "https://flask.palletsprojects.com/en/stable/deploying/gunicorn/",
            "Jinja2 (Flask's own)",
        ),
        FrameworkApp(
            "django",
            "Django",
            "django",
            "django_app.wsgi:application",
            GUNICORN_GTHREAD,
            "https://docs.djangoproject.com/en/stable/howto/deployment/wsgi/gunicorn/",
            "Django templates",
            env={"DJANGO_SETTINGS_MODULE": "django_app.settings"},
        ),
        FrameworkApp(
            "django-ninja",
            "Django Ninja",
            "django-ninja",
            "django_ninja_app.wsgi:application",
            GUNICORN_GTHREAD,
            # A Django app: deployed as Django is.
            "https://docs.djangoproject.com/en/stable/howto/deployment/wsgi/gunicorn/",
            "Django templates",
            env={"DJANGO_SETTINGS_MODULE": "django_ninja_app.settings"},
        ),
        FrameworkApp(
            "pyramid",
            "Pyramid",
            "pyramid",
            "pyramid_app.app:app",
            GUNICORN_GTHREAD,
            # Pyramid's default, Waitress, is one process with threads: no worker processes
            # to match the others; the cookbook's gunicorn recipe has them.
            "https://docs.pylonsproject.org/projects/pyramid_cookbook/en/latest/index.html "
            "(Deployment: gunicorn)",
            "Jinja2 (pyramid_jinja2)",
        ),
        FrameworkApp(
            "falcon",
            "Falcon",
            "falcon",
            "falcon_app.app:app",
            GUNICORN_GTHREAD,
            "https://falcon.readthedocs.io/en/stable/user/quickstart.html",
            "Jinja2 (Falcon has no template engine of its own)",
        ),
        FrameworkApp(
            "bottle",
            "Bottle",
            "bottle",
            "bottle_app.app:app",
            GUNICORN_GTHREAD,
            "https://bottlepy.org/docs/stable/deployment.html",
            "SimpleTemplate (Bottle's own)",
        ),
        FrameworkApp(
            "fastapi",
            "FastAPI",
            "fastapi",
            "fastapi_app.app:app",
            UVICORN,
            "https://fastapi.tiangolo.com/deployment/server-workers/",
            "Jinja2 (Jinja2Templates)",
        ),
        FrameworkApp(
            "starlette",
            "Starlette",
            "starlette",
            "starlette_app.app:app",
            UVICORN,
            "https://www.starlette.io/ (Installation: uvicorn)",
            "Jinja2 (Jinja2Templates)",
        ),
        FrameworkApp(
            "litestar",
            "Litestar",
            "litestar",
            "litestar_app.app:app",
            UVICORN,
            "https://docs.litestar.dev/2/topics/deployment/manually-with-asgi-server.html",
            "Jinja2 (JinjaTemplateEngine)",
        ),
        FrameworkApp(
            "quart",
            "Quart",
            "quart",
            "quart_app.app:app",
            HYPERCORN,
            "https://quart.palletsprojects.com/en/latest/tutorials/deployment.html",
            "Jinja2 (Quart's own)",
        ),
        FrameworkApp(
            "sanic",
            "Sanic",
            "sanic",
            "sanic_app.app:app",
            SANIC,
            "https://sanic.dev/en/guide/running/running.html",
            "Jinja2 (Sanic has none of its own; Sanic Extensions wraps Jinja2)",
        ),
        FrameworkApp(
            "aiohttp",
            "aiohttp",
            "aiohttp",
            "aiohttp_app.app:app",
            GUNICORN_AIOHTTP,
            "https://docs.aiohttp.org/en/stable/deployment.html",
            "Jinja2 (aiohttp-jinja2)",
        ),
        FrameworkApp(
            "tornado",
            "Tornado",
            "tornado",
            "tornado_app/app.py",
            TORNADO,
            "https://www.tornadoweb.org/en/stable/guide/running.html",
            "Tornado templates",
        ),
    ]
}


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
    statistic: str  # Benchmark.statistic: only figures of one statistic are compared
    places: int = 0  # decimal places recorded: whole requests per second, ms to 0.01

    @property
    def description(self):
        endpoint = ENDPOINTS[self.endpoint]
        measure = {
            "requests_per_second": "How many requests per second each framework answers",
            "latency_p99_ms": "The time within which 99% of the requests were answered",
            "latency_mean_ms": "The mean (average) time to answer a request",
        }[self.key]
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
        "throughput",
    ),
    Metric(
        "measured-plaintext-throughput",
        "Plain text: requests per second (measured)",
        "req/s",
        False,
        "plaintext",
        "requests_per_second",
        11,
        "throughput",
    ),
    Metric(
        "measured-fortunes-throughput",
        "Fortunes: requests per second (measured)",
        "req/s",
        False,
        "fortunes",
        "requests_per_second",
        12,
        "throughput",
    ),
    Metric(
        "measured-fortunes-latency-p99",
        "Fortunes: 99th percentile latency (measured)",
        "ms",
        True,
        "fortunes",
        "latency_p99_ms",
        13,
        "p99",
        places=2,
    ),
    # wrk's "Latency Avg" is the mean over every request: a cited average response time
    # compares with this, never with the 99th percentile.
    Metric(
        "measured-json-latency-mean",
        "JSON: mean latency (measured)",
        "ms",
        True,
        "json",
        "latency_mean_ms",
        14,
        "mean",
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
them in an HTML table with the framework's own templates, or Jinja2 where it has none (one \
row holds a `<script>` tag, which must come out escaped).

- **Servers**: each framework under the production server its own documentation recommends, \
with the same number of worker processes and keep-alive on for all (checked before every \
run: two requests must share one connection): gunicorn with gthread workers (4 threads \
each) for Flask, Django, Django Ninja, Pyramid, Falcon and Bottle (gunicorn's default sync \
worker closes every connection); `uvicorn --workers` (uvloop, httptools) for FastAPI, \
Starlette and Litestar; Hypercorn for Quart; Sanic's and Tornado's own servers; gunicorn \
with `aiohttp.GunicornWebWorker` for aiohttp. Access logs are off. Each result names its \
server and version.
- **Versions**: each framework at its newest release, in a virtualenv of its own, on the \
newest Python the machine has; each result records the release and the Python measured, \
and why, where a framework could not use the newest Python.
- **Load**: [wrk](https://github.com/wg/wrk) over the loopback interface, \
`wrk -c<concurrency> -d<seconds>s --latency`, after a warm-up. With 2 or more CPUs, wrk is \
pinned to one CPU and the servers to the others (`taskset`), so that the load generator \
does not take the servers' CPU time; the workers are one per server CPU. The runs are \
interleaved (round 1 of every framework, then round 2...), so that a busy spell of the \
machine does not land on one framework only.
- **Figures**: each endpoint is measured at least 6 times (each run's figure is kept); the \
figure is the median run, and the low and high values are the lowest and highest runs. With \
6 runs those two bound a distribution-free 95% confidence interval of the median (it misses \
with probability 2/2⁶ ≈ 3%). Throughput is requests per second; the latencies are wrk's \
mean over every request and its 99th percentile.
- **Noise**: a result whose runs spread over more than 10% of the median ((high − low) / \
median, the `--max-spread` limit) is kept from the published figures, with the reason shown \
to editors: with 6 runs that spread is the confidence interval itself, so closer medians \
would not be told apart.
- **Setup**: the framework and server versions, workers, concurrency, Python, CPU model and \
count, memory, number of runs and seconds per run are recorded with every result.
- **Caveats**: wrk runs on the same machine as the servers (on its own CPU where there are \
two or more); loopback has no network latency; the database is a local SQLite file. Compare \
these figures with each other, within one setup, and not with figures measured elsewhere.
"""
