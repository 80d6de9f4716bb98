"""bench/report.py: issue 15's targets, met or missed and by how much, from fixed figures."""

from bench import report


def _run(name, rate, p99=10.0, errors=0):
    return {
        "name": name,
        "label": name.title(),
        "path": f"/{name}/",
        "requests_per_second": rate,
        "latency_p50_ms": 5.0,
        "latency_p99_ms": p99,
        "requests": int(rate * 10),
        "socket_errors": {"connect": 0, "read": 0, "write": 0, "timeout": errors},
        "non_2xx": 0,
        "errors": errors,
        "cpu": {"server": 0.8, "wrk": 0.1, "other": 0.05},
        "worker_restarts": 0,
        "page_cache": "",
    }


LOAD = {
    "wrk": "wrk -t2 -c64 -d10s --latency",
    "warm_up_seconds": 2,
    "connections": 64,
    "database": "SQLite (a temporary file)",
    "load_average_at_start": 0.5,
    "caches": [
        {
            "cache": "local memory",
            "gunicorn": {"workers": 5, "threads": 4, "worker_class": "gthread"},
            "load_average": [0.5, 1.5],
            "runs": [
                _run("static", 5000),
                _run("article", 4600, p99=24.0),
                _run("compare_hit", 3800, p99=28.5),
                _run("article_proxy", 30000, p99=3.0),
                _run("compare_proxy", 15000, p99=6.0, errors=3),
                _run("article_file", 32000, p99=2.5),
                _run("compare_file", 30000, p99=3.0),
                _run("compare_miss", 80, p99=900, errors=40),
            ],
        }
    ],
}
SCALE = {
    "sizes": [3, 50, 200],
    "attributes": 100,
    "renders": 15,
    "pages": {
        "/": {"3": {"ms": 2.0}, "50": {"ms": 4.0}, "200": {"ms": 9.0}},
        "/compare/": {"3": {"ms": 10.0}, "50": {"ms": 40.0}, "200": {"ms": 55.0}},
    },
}


def test_load_targets_say_met_or_by_how_much_they_are_missed():
    rows = {target: (measured, result) for target, _, measured, result in
            report.load_targets(LOAD)}  # fmt: skip
    over_app = " through the proxy against the same page from gunicorn: >= 5.0x"
    over_file = " through the proxy against its bytes as a plain file: >= 0.9x"
    p99 = " through the proxy: p99 <= 1.5x the file's"
    app = ", Django's page cache hit from gunicorn, against gunicorn's static file: >= 0.8x"
    assert rows["Article" + over_app] == ("6.52x (30,000 vs gunicorn 4,600 req/s)", "met")
    assert rows["Compare page" + over_app] == (
        "3.95x (15,000 vs gunicorn 3,800 req/s)",
        "**missed** by 1.05x",
    )
    assert rows["Article" + over_file] == ("0.94x (30,000 vs file 32,000 req/s)", "met")
    assert rows["Compare page" + over_file][1] == "**missed** by 0.40x"
    assert rows["Article" + p99] == ("3.00 ms (the file: 2.50 ms; 1.20x)", "met")
    assert rows["Compare page" + p99] == (
        "6.00 ms (the file: 3.00 ms; 2.00x)",
        "**missed** by 1.50 ms",
    )
    assert rows["Article" + app] == ("0.92x (4,600 vs static 5,000 req/s)", "met")
    assert rows["Compare page" + app][1] == "**missed** by 0.04x"
    # The miss run's errors (overload answered with 503s) are figures, not a failed target.
    assert rows["No errors on any stored page or file"] == (3, "**missed** by 3 errors")


def test_scale_targets_compare_the_largest_size_with_the_demo():
    rows = list(report.scale_targets(SCALE))
    assert rows == [
        ("`/`: cold render at 200 x 100 within 5x its time at 3", "-", "4.5x (2.0 -> 9.0 ms)",
         "met"),
        ("`/compare/`: cold render at 200 x 100 within 5x its time at 3", "-",
         "5.5x (10.0 -> 55.0 ms)", "**missed** by 0.5x"),
    ]  # fmt: skip


def test_load_section_shows_every_run_with_its_ratio_errors_and_cpu():
    text = "\n".join(report.load_section(LOAD))
    assert "### Cache: local memory" in text
    proxy = "| Compare_Proxy<br>`/compare_proxy/` | 15,000 | 3.00 | 5.0 | 6.0 | 3 (3 timeout) |"
    assert proxy in text
    assert "| 80% / 10% / 5% |" in text
    assert "gunicorn 5 gthread workers x 4 threads" in text


def test_the_profile_section_shows_each_layer_per_page_or_says_none_was_taken():
    assert report.profile_section(LOAD)[0].startswith("No profile was taken")
    profiled = {
        **LOAD,
        "caches": [
            {
                **LOAD["caches"][0],
                "runs": [
                    {**_run("static", 5000), "profile": {"gunicorn": 0.75, "Django": 0.25}},
                    {**_run("article", 4600), "profile": {"gunicorn": 0.6, "Django": 0.4}},
                ],
            }
        ],
    }
    lines = report.profile_section(profiled)
    assert lines[0] == "| layer | Static, local memory | Article, local memory |"
    assert "| gunicorn | 75% | 60% |" in lines
    assert "| Django | 25% | 40% |" in lines


def test_each_sampled_stack_is_put_in_the_first_layer_it_is_in():
    from bench.load import LAYERS

    def layer(stack):
        return next((name for name, pattern in LAYERS if pattern.search(stack)), "other")

    handler = "ThreadWorker.handle (gunicorn/workers/gthread.py:553);WSGIHandler.__call__ (d.py:1)"
    cache = handler + ";PageCacheMiddleware.__call__ (config/infrastructure/http_cache.py:110)"
    assert layer(cache + ";Redis.get (redis/client.py:9)") == "page cache: Redis calls"
    assert layer(cache) == "page cache: lookup, headers, ETag"
    static = cache + ";WhiteNoiseMiddleware.__call__ (whitenoise/middleware.py:116)"
    assert layer(static) == "whitenoise: the static file"
    assert layer(handler) == "Django: handler, request object, signals"
    assert layer("ThreadWorker.handle (gunicorn/workers/gthread.py:553)").startswith("gunicorn")
    idle = "Thread.run (threading.py:982);_worker (concurrent/futures/thread.py:81)"
    assert layer(idle) == "idle: waiting for a request"


def test_the_report_says_what_a_proxy_hit_costs_against_a_plain_file():
    note = report.proxy_cost_note(LOAD)[0]
    # The same CPU share for every run: the cost per request is the inverse of the rates.
    assert "article, local memory: 1.07x" in note
    assert "compare page, local memory: 2.00x" in note
