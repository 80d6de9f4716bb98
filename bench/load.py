"""Load benchmark: the site under gunicorn in production mode on loopback, driven by wrk.

    .venv/bin/python -m bench.load [--duration 10] [--connections 64] [--workers N]
        [--threads N] [--cache locmem redis] [--database-url URL] [--quiet-wait S] --json F

A throwaway database (a temporary SQLite file unless ``--database-url``) gets the demo data.
Per cache setting (local memory; a private redis-server), gunicorn with config/gunicorn.py
(DEBUG off) serves it and wrk measures a static file, the article and the compare page from
the page cache, and the compare page with a new ``?sort=`` per request (a miss every time).
Servers are started and stopped, and wrk driven, by ``comparisons.benchmark_harness``.

After the static file's and each cached page's measured run, a second, unmeasured run is
sampled by py-spy in every gunicorn process: the share of the samples in each layer
(gunicorn, Django's handler, the page cache, Redis) is what a hit still spends its time on.
"""

import argparse
import contextlib
import json
import os
import re
import runpy
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict
from pathlib import Path
from unittest import mock

import psutil

from comparisons.benchmark_harness import servers
from comparisons.benchmark_harness.environment import PROJECT, cpu_count, load_average, run_command
from comparisons.benchmark_harness.errors import HarnessError
from comparisons.benchmark_harness.load import parse_wrk, warm_up, wrk, wrk_command
from comparisons.benchmark_harness.runs import Options
from comparisons.benchmark_harness.servers import HOST, free_port

WARM_SECONDS = 2
PAGES = [  # name, label, path (the static file's comes from the manifest)
    ("static", "Static file (hashed site.css, whitenoise)", None),
    ("article", "Article, page cache hit", "/articles/flask-vs-fastapi-vs-django/"),
    ("compare_hit", "Compare page, page cache hit", "/compare/"),
    ("compare_miss", "Compare page, page cache miss (a new `?sort=` per request)", "/compare/"),
]
CACHES = {"locmem": "local memory", "redis": "Redis (a private redis-server)"}
# Variables from the caller's environment that would change what is measured.
OWN_PREFIXES = ("DJANGO_", "GUNICORN_", "DATABASE_", "CACHE_URL", "FORWARDED_ALLOW_IPS")

# A URL never asked before per request: "sort" is a parameter the page reads (the cache key
# ignores the others) and an unknown sort key leaves the order as it is. Counts the misses.
MISS_SCRIPT = """
threads, n, misses = {}, 0, 0  -- globals: thread:get() reads them
function setup(thread) table.insert(threads, thread); thread:set("id", #threads) end
function init(args) nonce = args[1] end
function request()
  n = n + 1
  return wrk.format("GET", string.format("%s?sort=n-%s-%d-%d", wrk.path, nonce, id, n))
end
function response(status, headers)
  if headers["X-Page-Cache"] == "miss" then misses = misses + 1 end
end
function done()
  local total = 0
  for _, thread in ipairs(threads) do total = total + thread:get("misses") end
  io.write(string.format("page-cache misses: %d\\n", total))
end
"""


PROFILE_SECONDS = 5
PROFILED = ("static", "article", "compare_hit")
# Where a sampled stack (py-spy's frames, outermost first) spends its time: the first match.
LAYERS = [
    # The static file passes through the page cache's middleware (it skips /static/).
    ("whitenoise: the static file", re.compile(r"\(whitenoise/")),
    ("page cache: Redis calls", re.compile(r"PublicPageCacheMiddleware.*\(redis/")),
    ("page cache: lookup and response", re.compile(r"PublicPageCacheMiddleware")),
    ("Django: handler, request object, signals", re.compile(r"WSGIHandler\.__call__")),
    ("content version watcher thread", re.compile(r"VersionWatcher")),
    # A pool thread blocked on its queue, the poller, the arbiter's sleep: no work to do.
    (
        "idle: waiting for a request",
        re.compile(r"(_worker \(concurrent/futures/thread\.py:\d+\)|\(selectors\.py:\d+\))$"),
    ),
    ("gunicorn: HTTP parsing, socket writes", re.compile(r"\(gunicorn/workers/")),
    ("gunicorn: arbiter", re.compile(r"Arbiter\.")),
]


def profile_layers(url, options, server_pid, workdir):
    """The server's samples per layer during an unmeasured wrk run (None without py-spy)."""
    py_spy = shutil.which("py-spy") or shutil.which("py-spy", path=str(Path(sys.executable).parent))
    if py_spy is None:
        return None
    raw = workdir / "profile.txt"
    command = [py_spy, "record", "--pid", str(server_pid), "--subprocesses"]
    command += ["--duration", str(PROFILE_SECONDS)]
    command += ["--rate", "250", "--format", "raw", "--output", str(raw), "--nonblocking"]
    sampler = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    wrk(url, options, PROFILE_SECONDS + 1)
    _, error = sampler.communicate(timeout=60)
    if sampler.returncode or not raw.exists():
        print(f"  (no profile: py-spy said {error.decode().strip()[-200:]!r})", flush=True)
        return None
    counts = dict.fromkeys([name for name, _ in LAYERS] + ["other"], 0)
    for line in raw.read_text().splitlines():
        stack, _, samples = line.rpartition(" ")
        layer = next((name for name, pattern in LAYERS if pattern.search(stack)), "other")
        counts[layer] += int(samples)
    total = sum(counts.values()) or 1
    return {name: round(count / total, 3) for name, count in counts.items()}


def tree_cpu_seconds(process):
    """CPU time of a process, of the children it has reaped and of its live children."""
    times = process.cpu_times()
    total = times.user + times.system + times.children_user + times.children_system
    for child in process.children(recursive=True):
        with contextlib.suppress(psutil.NoSuchProcess):
            total += sum(child.cpu_times()[:2])
    return total


class CpuMeter:
    """Shares of the machine's CPU during a run: the server's, wrk's and everyone else's,
    so that a noisy figure can be told from a slow one on a shared machine."""

    def __init__(self, server_pid):
        self.server, self.us = psutil.Process(server_pid), psutil.Process()
        psutil.cpu_percent()  # the machine's count starts now
        self.started = time.monotonic(), tree_cpu_seconds(self.server), self.wrk_seconds()

    def wrk_seconds(self):  # wrk is our only child that ends during a run
        times = self.us.cpu_times()
        return times.children_user + times.children_system

    def stop(self):
        busy = psutil.cpu_percent() / 100
        capacity = (time.monotonic() - self.started[0]) * psutil.cpu_count()
        server = (tree_cpu_seconds(self.server) - self.started[1]) / capacity
        client = (self.wrk_seconds() - self.started[2]) / capacity
        shares = {"server": server, "wrk": client, "other": max(busy - server - client, 0)}
        return {key: round(share, 3) for key, share in shares.items()}


def page_cache(url):
    """The X-Page-Cache header of a GET that must answer 200."""
    status, headers, _ = servers.fetch(url)
    if status != 200:
        raise HarnessError(f"GET {url} answered {status}")
    return headers.get("X-Page-Cache")


def measure(name, label, base, path, options, server, workdir):
    """One URL's figures: wrk's, the CPU shares, worker restarts and what the page cache did."""
    url, script, script_args = base + path, None, ()
    if name == "compare_miss":
        nonce = secrets.token_hex(4)
        if {page_cache(f"{url}?sort=n-{nonce}-probe-{n}") for n in (1, 2)} != {"miss"}:
            raise HarnessError(f"{url}: a URL never asked before did not miss the page cache")
        script, script_args = workdir / "miss.lua", (nonce,)
        script.write_text(MISS_SCRIPT)
    elif name != "static":
        page_cache(url)  # renders and stores it
    warm_up(url, options)
    workers = {child.pid for child in psutil.Process(server.pid).children()}
    meter = CpuMeter(server.pid)
    output = wrk(url, options, options.duration, script, script_args)
    cpu = meter.stop()
    result = parse_wrk(output)
    restarted = {child.pid for child in psutil.Process(server.pid).children()} - workers
    if script:
        misses = int(output.split("page-cache misses: ")[-1].split()[0])
        page = f"{misses:,} of {result.requests:,} requests missed"
    elif name == "static":
        page = ""
    else:  # hits on several workers (each keeps its own copy of a page)
        page = f"hit on {[page_cache(url) for _ in range(10)].count('hit')} of 10 after the run"
    profile = None
    if name in PROFILED:
        profile = profile_layers(url, options, server.pid, workdir)
    errors = result.errors + result.non_2xx
    print(
        f"  {label}: {result.requests_per_second:,.0f} req/s, p50 {result.latency_p50_ms} ms, "
        f"p99 {result.latency_p99_ms} ms, {errors} errors; CPU: server {cpu['server']:.0%}, "
        f"wrk {cpu['wrk']:.0%}, other {cpu['other']:.0%}",
        flush=True,
    )
    figures = {"name": name, "label": label, "path": path, "errors": errors, "cpu": cpu}
    figures["profile"] = profile
    return {**asdict(result), **figures, "worker_restarts": len(restarted), "page_cache": page}


def accepts(port):
    with socket.create_connection((HOST, port), timeout=1):
        return True


def measure_cache(cache, env, options, static, workdir):
    port = free_port()
    env = {**env, "GUNICORN_BIND": f"{HOST}:{port}"}
    with contextlib.ExitStack() as stack:
        if cache == "redis":
            redis_port = free_port()
            log = workdir / "redis.log"
            redis = servers.start_server(
                ["redis-server", "--port", str(redis_port), "--bind", HOST, "--save", "",
                 "--appendonly", "no", "--maxmemory", "256mb",
                 "--maxmemory-policy", "allkeys-lru"],
                os.environ, log, cwd=workdir,
            )  # fmt: skip
            stack.callback(servers.stop_server, redis)
            servers.wait_until_ready(redis, log, lambda: accepts(redis_port))
            env["CACHE_URL"] = f"redis://{HOST}:{redis_port}/0"
        with mock.patch.dict(os.environ, env, clear=True):  # what config/gunicorn.py reads
            config = runpy.run_path(str(PROJECT / "config" / "gunicorn.py"))
        gunicorn = {key: config[key] for key in ("workers", "threads", "worker_class")}
        print(f"{CACHES[cache]}: gunicorn {gunicorn} on {HOST}:{port}", flush=True)
        log = workdir / f"gunicorn-{cache}.log"
        command = [sys.executable, "-m", "gunicorn", "-c", "config/gunicorn.py"]
        server = servers.start_server(command + ["--no-control-socket"], env, log, cwd=PROJECT)
        stack.callback(servers.stop_server, server)
        base = f"http://{HOST}:{port}"
        servers.wait_until_ready(
            server, log, lambda: servers.answers(base + "/healthz"), seconds=60
        )
        load_before = load_average()
        runs = [
            measure(name, label, base, path or static, options, server, workdir)
            for name, label, path in PAGES
        ]
    return {
        "cache": CACHES[cache],
        "gunicorn": gunicorn,
        "runs": runs,
        "load_average": [load_before, load_average()],
    }


def site_env(args, workdir):
    env = {key: value for key, value in os.environ.items() if not key.startswith(OWN_PREFIXES)}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(64),
        DJANGO_ALLOWED_HOSTS=HOST,
        DJANGO_SECURE_SSL_REDIRECT="false",
        DJANGO_SECURE_COOKIES="false",
        DJANGO_STATIC_ROOT=str(workdir / "static"),
        DJANGO_PAGE_CACHE_SECONDS="600",
        DATABASE_URL=args.database_url or f"sqlite:///{workdir / 'bench.sqlite3'}",
        CACHE_URL="locmemcache://",
        GUNICORN_ACCESS_LOG="",
    )
    if args.workers:
        env["GUNICORN_WORKERS"] = str(args.workers)
    if args.threads:
        env["GUNICORN_THREADS"] = str(args.threads)
    return env


def wait_for_quiet(seconds):
    """Wait, at most ``seconds``, for the 1-minute load average to fall below cores / 2."""
    ends = time.monotonic() + seconds
    while load_average() >= cpu_count() / 2 and time.monotonic() < ends:
        print(f"Waiting for a quieter machine (load average {load_average():.2f})...", flush=True)
        time.sleep(10)
    return load_average()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds of wrk per URL")
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--workers", type=int, help="gunicorn workers (config/gunicorn.py's)")
    parser.add_argument("--threads", type=int, help="threads per worker (config/gunicorn.py's)")
    parser.add_argument("--cache", nargs="+", choices=CACHES, default=list(CACHES))
    parser.add_argument("--database-url", help="a database for the demo data (default: SQLite)")
    parser.add_argument("--quiet-wait", type=int, default=0, help="seconds (default 0)")
    parser.add_argument("--json", type=Path, required=True, help="write the figures here")
    args = parser.parse_args(argv)
    options = Options(duration=args.duration, concurrency=args.connections, warmup=WARM_SECONDS)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(130))  # `timeout`: stop the servers first
    load_at_start = wait_for_quiet(args.quiet_wait)
    try:
        with tempfile.TemporaryDirectory(prefix="fwcompare-load-") as workdir:
            workdir = Path(workdir)
            env = site_env(args, workdir)
            for command in ("migrate --noinput", "setup_demo", "collectstatic --noinput -v0"):
                manage = [sys.executable, "manage.py", *command.split()]
                done = run_command(manage, timeout=600, cwd=PROJECT, env=env)
                if done.returncode:
                    raise HarnessError(f"manage.py {command} failed:\n{done.stdout}{done.stderr}")
            manifest = json.loads((workdir / "static" / "staticfiles.json").read_text())
            static = "/static/" + manifest["paths"]["css/site.css"]
            caches = [measure_cache(c, env, options, static, workdir) for c in args.cache]
    except HarnessError as error:
        print(f"Load benchmark failed: {error}", file=sys.stderr)
        return 1
    figures = {
        "wrk": wrk_command(options),
        "warm_up_seconds": WARM_SECONDS,
        "connections": args.connections,
        "database": "PostgreSQL" if args.database_url else "SQLite (a temporary file)",
        "load_average_at_start": round(load_at_start, 2),
        "caches": caches,
    }
    args.json.write_text(json.dumps(figures, indent=2, default=float) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
