"""Load benchmark: the site in production mode on loopback, driven by wrk, as a browser asks.

    .venv/bin/python -m bench.load [--duration 10] [--connections 64] [--workers N]
        [--threads N] [--cache locmem redis] [--database-url URL] [--quiet-wait S] --json F

A throwaway database (a temporary SQLite file unless ``--database-url``) gets the demo data.
Per cache setting (local memory; a private redis-server), gunicorn with config/gunicorn.py
(DEBUG off) serves it, and the shipped nginx configuration (deploy/nginx) runs in front of
it. Every request says ``Accept-Encoding: gzip``, as browsers do, and each run first checks
that it gets what it means to measure (gzip; a proxy hit; the same bytes). wrk measures:
gunicorn's static file; the article and the compare page from Django's page cache straight
from gunicorn; the same two pages through nginx's cache; the same gzipped bytes served by
that nginx as plain files; and the compare page with a new query string per request (each
one rendered, or refused with a quick 503 when every render slot is busy).

After the static file's and each app-side hit's measured run, a second, unmeasured run is
sampled by py-spy in every gunicorn process: the share of the samples in each layer is what
a hit still spends its time on.
"""

import argparse
import contextlib
import gzip
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
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import asdict
from pathlib import Path
from unittest import mock

import psutil

from bench.harness import servers
from bench.harness.environment import PROJECT, cpu_count, load_average, run_command
from bench.harness.errors import HarnessError
from bench.harness.load import parse_wrk, warm_up, wrk, wrk_command
from bench.harness.proxy import running_proxy
from bench.harness.runs import Options
from bench.harness.servers import HOST, free_port

WARM_SECONDS = 2
ARTICLE, COMPARE = "/articles/flask-vs-fastapi-vs-django/", "/compare/"
FILES = "/bench-files/"  # the pages' bytes as plain files, served by the same nginx
PAGES = [  # name, label, served by ("app": gunicorn, "proxy": nginx), path
    ("static", "Static file (hashed site.css, whitenoise), from gunicorn", "app", None),
    ("article", "Article, Django's page cache, from gunicorn", "app", ARTICLE),
    ("compare_hit", "Compare page, Django's page cache, from gunicorn", "app", COMPARE),
    ("article_proxy", "Article through the shipped nginx (its cache)", "proxy", ARTICLE),
    ("compare_proxy", "Compare page through the shipped nginx (its cache)", "proxy", COMPARE),
    ("article_file", "The article's gzipped bytes as a plain file, nginx", "proxy", None),
    ("compare_file", "The compare page's gzipped bytes as a plain file, nginx", "proxy", None),
    ("compare_miss", "Compare page, a new `?sort=` per request, from gunicorn", "app", COMPARE),
]
GZIP = ("Accept-Encoding: gzip",)
PROXY_HITS = {"HIT", "STALE", "UPDATING", "REVALIDATED"}  # answered from nginx's cache
CACHES = {"locmem": "local memory", "redis": "Redis (a private redis-server)"}
# Variables from the caller's environment that would change what is measured.
OWN_PREFIXES = ("DJANGO_", "GUNICORN_", "DATABASE_", "CACHE_URL", "FORWARDED_ALLOW_IPS")

# A URL never asked before per request: rendered every time (a query string is never
# stored by Django's page cache). Counts the quick 503s of full render slots.
MISS_SCRIPT = """
threads, n, busy = {}, 0, 0  -- globals: thread:get() reads them
function setup(thread) table.insert(threads, thread); thread:set("id", #threads) end
function init(args) nonce = args[1] end
function request()
  n = n + 1
  local path = string.format("%s?sort=n-%s-%d-%d", wrk.path, nonce, id, n)
  return wrk.format("GET", path, {["Accept-Encoding"] = "gzip"})
end
function response(status, headers)
  if status == 503 then busy = busy + 1 end
end
function done()
  local total = 0
  for _, thread in ipairs(threads) do total = total + thread:get("busy") end
  io.write(string.format("busy 503s: %d\\n", total))
end
"""


PROFILE_SECONDS = 5
PROFILED = ("static", "article", "compare_hit")
# Where a sampled stack (py-spy's frames, outermost first) spends its time: the first match.
LAYERS = [
    # The static file passes through the page cache's middleware (it skips /static/).
    ("whitenoise: the static file", re.compile(r"\(whitenoise/")),
    ("page cache: Redis calls", re.compile(r"PageCacheMiddleware.*\(redis/")),
    (
        "page cache: lookup, headers, ETag",
        re.compile(r"(PageCacheMiddleware|SharedCacheHeadersMiddleware|ConditionalGetMiddleware)"),
    ),
    ("Django: handler, request object, signals", re.compile(r"WSGIHandler\.__call__")),
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


def probe(url):
    """(headers, raw body) of a GET as a browser asks (gzip), which must answer 200."""
    request = urllib.request.Request(url, headers=dict([GZIP[0].split(": ")]))
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 (loopback)
            return response.headers, response.read()
    except urllib.error.HTTPError as error:
        raise HarnessError(f"GET {url} answered {error.code}") from error


def check_before_measuring(name, url, expected_bytes):
    """Fail rather than measure something else than the label says."""
    headers, body = probe(url)
    if headers.get("Content-Encoding") != "gzip":
        raise HarnessError(f"{url} was not sent gzipped to a client asking for gzip")
    if name.endswith("_proxy") and headers.get("X-Proxy-Cache") not in PROXY_HITS:
        raise HarnessError(f"{url} was not answered from nginx's cache: {headers}")
    if name.endswith("_file") and body != expected_bytes:
        raise HarnessError(f"{url} is not the same bytes as the page")
    # A new connection may reach a worker the warm-up's connections never did (each has its
    # own local-memory copy): a page cache that works answers some of five from it.
    if name in ("article", "compare_hit") and not any(
        probe(url)[0].get("X-Page-Cache") == "hit" for _ in range(5)
    ):
        raise HarnessError(f"{url} was not a hit in Django's page cache: {dict(headers)}")
    return headers


def measure(name, label, url, options, server_pid, workdir, expected_bytes=None):
    """One URL's figures: wrk's, the CPU shares, worker restarts, and what answered."""
    script, script_args = None, ()
    if name == "compare_miss":
        script, script_args = workdir / "miss.lua", (secrets.token_hex(4),)
        script.write_text(MISS_SCRIPT)
    else:
        probe(url)  # renders and stores it
    warm_up(url, options, headers=GZIP)
    if not script:
        check_before_measuring(name, url, expected_bytes)
    workers = {child.pid for child in psutil.Process(server_pid).children()}
    meter = CpuMeter(server_pid)
    output = wrk(url, options, options.duration, script, script_args, headers=GZIP)
    cpu = meter.stop()
    result = parse_wrk(output)
    restarted = {child.pid for child in psutil.Process(server_pid).children()} - workers
    if script:
        busy = int(output.split("busy 503s: ")[-1].split()[0])
        page = f"rendered each time; {busy:,} of {result.requests:,} answered 503 (slots busy)"
    elif name.endswith("_proxy"):
        seen = [check_before_measuring(name, url, None).get("X-Proxy-Cache") for _ in range(5)]
        page = f"nginx: {', '.join(sorted(set(seen)))} on 5 of 5 after the run"
    elif name in ("article", "compare_hit"):
        hits = sum(probe(url)[0].get("X-Page-Cache") == "hit" for _ in range(10))
        page = f"hit on {hits} of 10 after the run"
    else:
        page = ""
    profile = None
    if name in PROFILED:
        profile = profile_layers(url, options, server_pid, workdir)
    errors = result.errors + result.non_2xx
    print(
        f"  {label}: {result.requests_per_second:,.0f} req/s, p50 {result.latency_p50_ms} ms, "
        f"p99 {result.latency_p99_ms} ms, {errors} errors; CPU: server {cpu['server']:.0%}, "
        f"wrk {cpu['wrk']:.0%}, other {cpu['other']:.0%}",
        flush=True,
    )
    path = urllib.parse.urlsplit(url).path
    figures = {"name": name, "label": label, "path": path, "errors": errors, "cpu": cpu}
    figures["profile"] = profile
    return {**asdict(result), **figures, "worker_restarts": len(restarted), "page_cache": page}


def write_page_files(app_base, directory):
    """The article's and compare page's gzipped bytes (and plain ones) as nginx serves files."""
    folder = directory / FILES.strip("/")
    folder.mkdir(parents=True)
    stored = {}
    for name, path in (("article", ARTICLE), ("compare", COMPARE)):
        probe(app_base + path)  # stored in Django's page cache first: the bytes readers get
        headers, body = probe(app_base + path)
        (folder / f"{name}.html.gz").write_bytes(body)
        (folder / f"{name}.html").write_bytes(gzip.decompress(body))
        stored[f"{name}_file"] = body
    return stored


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
        files = workdir / f"files-{cache}"
        expected = write_page_files(base, files)
        extra = f"location {FILES} {{ root {files}; gzip_static on; }}"
        proxy = stack.enter_context(
            running_proxy(workdir / f"nginx-{cache}", f"{HOST}:{port}", extra_server=extra)
        )
        load_before = load_average()
        runs = []
        for name, label, served_by, path in PAGES:
            if name.endswith("_file"):
                path = f"{FILES}{name.removesuffix('_file')}.html"
            if served_by == "proxy":
                url, pid = proxy.base + path, proxy.process.pid
            else:
                url, pid = base + (path or static), server.pid
            runs.append(measure(name, label, url, options, pid, workdir, expected.get(name)))
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
