"""What is measured: the framework apps, their endpoints, the metrics recorded and the
methodology published with them."""

from dataclasses import dataclass, field


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
