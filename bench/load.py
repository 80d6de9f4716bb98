"""Load benchmark: gunicorn in production mode on loopback, driven by wrk.

Measures requests/s, p50 and p99 latency and errors for a static file, the article
(cached), the compare page (cached) and the compare page on a page-cache miss every
request, and reports each as a ratio to the static file. Installs nothing: it needs
``wrk`` (``apt-get install -y wrk``) and the project's virtualenv.

    .venv/bin/python bench/load.py [--duration 10] [--workers N] [--threads N]
        [--database-url postgres://...]
        [--cache-url redis://127.0.0.1:6379/2 | --private-redis]
        [--json out.json] [--markdown out.md]

Everything runs on 127.0.0.1: a throwaway database (an SQLite file in a temporary
directory unless ``--database-url``), ``migrate``, ``setup_demo``, ``collectstatic``
into a temporary STATIC_ROOT, then gunicorn with ``config/gunicorn.py`` (DEBUG off, a
random secret key, access log off). Every process it starts is stopped at the end,
and the whole run is bounded by ``--max-seconds``.

A ``--database-url`` database gets the demo data if it is empty; a ``--cache-url``
cache is cleared before and after the run, so give the benchmark a Redis database
of its own (``/2``: CI uses ``/1``). ``--private-redis`` starts a redis-server of its
own on a free loopback port instead (what ``make bench`` does), and stops it at the end.
"""

import argparse
import json
import os
import re
import resource
import secrets
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import asdict, dataclass, field
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
ARTICLE = "/articles/flask-vs-fastapi-vs-django/"
COMPARE = "/compare/"
STATIC_NAME = "css/site.css"
WARM_SECONDS = 2
# Variables from the caller's environment that would change what is measured.
_OWN_PREFIXES = ("DJANGO_", "GUNICORN_", "DATABASE_", "CACHE_URL", "FORWARDED_ALLOW_IPS")

# Every request of the miss run asks for a URL never asked before ("?sort=n-<run>-<thread>-<n>":
# a parameter the page reads, since the cache key ignores the others; an unknown sort key
# leaves the order as it is), so the page cache misses and the page renders each time. The
# response hook counts the X-Page-Cache headers, to prove it; done() prints the totals.
MISS_SCRIPT = r"""
hits, misses, others, counter, tid, nonce = 0, 0, 0, 0, 0, "x"
local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("tid", #threads)
end

function init(args)
  nonce = args[1] or "x"
end

function request()
  counter = counter + 1
  local url = string.format("%s?sort=n-%s-%d-%d", wrk.path, nonce, tid, counter)
  return wrk.format("GET", url)
end

function response(status, headers, body)
  local outcome = headers["X-Page-Cache"] or headers["x-page-cache"]
  if outcome == "miss" then
    misses = misses + 1
  elseif outcome == "hit" then
    hits = hits + 1
  else
    others = others + 1
  end
end

function done(summary, latency, requests)
  local h, m, o = 0, 0, 0
  for _, thread in ipairs(threads) do
    h = h + thread:get("hits")
    m = m + thread:get("misses")
    o = o + thread:get("others")
  end
  io.write(string.format("page-cache: hit=%d miss=%d none=%d\n", h, m, o))
end
"""


CLEAR_CACHE = "from django.core.cache import cache; cache.clear()"


class BenchError(RuntimeError):
    """A step failed or the time ran out: reported, then everything is stopped."""


class Deadline:
    def __init__(self, seconds):
        self.ends = time.monotonic() + seconds

    def left(self, want=None):
        remaining = self.ends - time.monotonic()
        if remaining <= 0:
            raise BenchError("the run took longer than --max-seconds; stopped")
        return remaining if want is None else min(want, remaining)


@dataclass
class Run:
    name: str
    label: str
    path: str
    rps: float = 0.0
    p50_ms: float = 0.0
    p99_ms: float = 0.0
    requests: int = 0
    seconds: float = 0.0
    non_2xx_3xx: int = 0
    socket_errors: dict = field(default_factory=dict)
    page_cache: dict = field(default_factory=dict)
    cpu: dict = field(default_factory=dict)
    note: str = ""

    @property
    def errors(self):
        return self.non_2xx_3xx + sum(self.socket_errors.values())


# --- wrk -------------------------------------------------------------------------------

_UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0, "h": 3_600_000.0}


def _ms(text):
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m|h)", text.strip())
    if not match:
        raise BenchError(f"cannot read wrk latency {text!r}")
    return float(match[1]) * _UNITS_MS[match[2]]


def parse_wrk(output):
    """requests/s, p50, p99, requests, seconds, errors and page-cache counts from wrk."""
    result = {}
    if match := re.search(r"^Requests/sec:\s+([\d.]+)", output, re.M):
        result["rps"] = float(match[1])
    else:
        raise BenchError(f"no Requests/sec in wrk output:\n{output}")
    for percent, key in (("50", "p50_ms"), ("99", "p99_ms")):
        match = re.search(rf"^\s+{percent}%\s+(\S+)", output, re.M)
        if not match:
            raise BenchError(f"no {percent}% latency in wrk output (was --latency given?)")
        result[key] = _ms(match[1])
    match = re.search(r"^\s+(\d+) requests in ([\d.]+)(us|ms|s|m)", output, re.M)
    result["requests"] = int(match[1]) if match else 0
    result["seconds"] = _ms(match[2] + match[3]) / 1000 if match else 0.0
    match = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    result["socket_errors"] = (
        dict(zip(("connect", "read", "write", "timeout"), map(int, match.groups()), strict=True))
        if match
        else {"connect": 0, "read": 0, "write": 0, "timeout": 0}
    )
    match = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    result["non_2xx_3xx"] = int(match[1]) if match else 0
    match = re.search(r"page-cache: hit=(\d+) miss=(\d+) none=(\d+)", output)
    if match:
        result["page_cache"] = dict(
            zip(("hit", "miss", "none"), map(int, match.groups()), strict=True)
        )
    return result


def wrk(url, *, threads, connections, seconds, deadline, script=None, script_args=(), timeout=2):
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency"]
    command.append(f"--timeout={timeout}s")
    if script:
        command += ["-s", str(script)]
    command.append(url)
    if script_args:
        command += ["--", *script_args]
    done = subprocess.run(
        command,
        capture_output=True,
        text=True,
        timeout=deadline.left(seconds + 30),
        check=False,
    )
    if done.returncode != 0:
        raise BenchError(f"wrk failed ({done.returncode}): {done.stderr or done.stdout}")
    return done.stdout


# --- The server --------------------------------------------------------------------------


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(url, timeout=10):
    """(status, headers, body) of one GET; HTTP errors are answers too."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def manage(env, deadline, *args):
    done = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=deadline.left(600),
        check=False,
    )
    if done.returncode != 0:
        raise BenchError(f"manage.py {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def server_env(args, workdir, port):
    env = {key: value for key, value in os.environ.items() if not key.startswith(_OWN_PREFIXES)}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DJANGO_DEBUG": "false",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DJANGO_SECURE_SSL_REDIRECT": "false",
            "DJANGO_SECURE_COOKIES": "false",
            "DJANGO_STATIC_ROOT": str(workdir / "static"),
            "DJANGO_PAGE_CACHE_SECONDS": "600",
            "DATABASE_URL": args.database_url or f"sqlite:///{workdir / 'bench.sqlite3'}",
            "CACHE_URL": args.cache_url or "locmemcache://",
            "GUNICORN_BIND": f"127.0.0.1:{port}",
            "GUNICORN_WORKERS": str(args.workers),
            "GUNICORN_ACCESS_LOG": "",
            "GUNICORN_LOG_LEVEL": "info",  # to count worker restarts
        }
    )
    if args.threads is not None:  # else config/gunicorn.py's default
        env["GUNICORN_THREADS"] = str(args.threads)
    if args.max_requests is not None:
        env["GUNICORN_MAX_REQUESTS"] = str(args.max_requests)
    return env


def start_gunicorn(env, log_path, base, deadline, extra_args=""):
    log = open(log_path, "wb")  # noqa: SIM115 - closed by stop_gunicorn
    process = subprocess.Popen(
        # No control socket: the default path is shared with any other gunicorn of this user.
        [sys.executable, "-m", "gunicorn", "-c", "config/gunicorn.py", "--no-control-socket"]
        + shlex.split(extra_args),
        cwd=PROJECT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group: the workers stop with it
    )
    process.log = log
    up_by = time.monotonic() + deadline.left(60)
    while time.monotonic() < up_by:
        if process.poll() is not None:
            raise BenchError(f"gunicorn exited:\n{tail(log_path)}")
        try:
            if get(base + "/healthz", timeout=2)[0] == 200:
                return process
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.2)
    raise BenchError(f"gunicorn did not answer /healthz in time:\n{tail(log_path)}")


def start_private_redis(workdir):
    """A redis-server of the benchmark's own, as production configures it (docs/deploy.md)."""
    if not shutil.which("redis-server"):
        raise BenchError("--private-redis needs redis-server: apt-get install -y redis-server")
    port = free_port()
    process = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
         "--appendonly", "no", "--dir", str(workdir), "--maxmemory", "256mb",
         "--maxmemory-policy", "allkeys-lru"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    process.port = port
    for _ in range(100):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return process
        except OSError:
            time.sleep(0.05)
    process.terminate()
    raise BenchError("the private redis-server did not start")


def stop_gunicorn(process):
    if process is None:
        return
    if process.poll() is None:
        process.terminate()  # graceful: the master stops its workers
        try:
            process.wait(timeout=35)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)  # the group we created, nothing else
            process.wait(timeout=10)
    process.log.close()


def tail(path, lines=30):
    try:
        return "\n".join(Path(path).read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


def gunicorn_log_findings(path):
    """Worker restarts, timeouts and errors the server logged during the run."""
    text = Path(path).read_text(errors="replace")
    return {
        "worker_timeouts": text.count("WORKER TIMEOUT"),
        "worker_restarts": len(re.findall(r"Booting worker", text)),
        "autorestarts": text.count("Autorestarting worker"),
        "errors": len(re.findall(r"\[ERROR\]|Traceback", text)),
    }


# --- Who used the CPU --------------------------------------------------------------------
# The machine may be shared: these say how much of it the server, wrk and everything else
# used during a measured run, so that a noisy figure can be told from a slow one.

_HZ = os.sysconf("SC_CLK_TCK")


def machine_busy_seconds():
    """CPU-seconds the whole machine spent busy since boot (all cores)."""
    with open("/proc/stat") as stat:
        values = [int(value) for value in stat.readline().split()[1:9]]
    return (sum(values) - values[3] - values[4]) / _HZ  # less idle and iowait


def _stat(pid):
    with open(f"/proc/{pid}/stat") as stat:
        text = stat.read()
    return text[text.rindex(")") + 2 :].split()  # fields from the state on


def tree_cpu_seconds(pid):
    """CPU-seconds of a process, its reaped children and its live children."""
    try:
        fields = _stat(pid)
    except OSError:
        return 0.0
    total = sum(int(value) for value in fields[11:15])  # utime stime cutime cstime
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                child = _stat(entry.name)
            except OSError:
                continue
            if int(child[1]) == pid:
                total += int(child[11]) + int(child[12])
    return total / _HZ


class CpuMeter:
    def __init__(self, server_pid):
        self.server_pid = server_pid
        self.started = (
            time.monotonic(),
            machine_busy_seconds(),
            tree_cpu_seconds(server_pid),
            _children_seconds(),
        )

    def stop(self):
        wall = time.monotonic() - self.started[0]
        busy = machine_busy_seconds() - self.started[1]
        server = tree_cpu_seconds(self.server_pid) - self.started[2]
        client = _children_seconds() - self.started[3]
        capacity = wall * (os.cpu_count() or 1)
        other = max(busy - server - client, 0.0)
        return {
            "machine_busy": round(busy / capacity, 3),
            "server": round(server / capacity, 3),
            "wrk": round(client / capacity, 3),
            "other": round(other / capacity, 3),
        }


def _children_seconds():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def load_average():
    with open("/proc/loadavg") as loadavg:
        return loadavg.read().split()[0]


# --- The benchmark -----------------------------------------------------------------------


def static_path(static_root):
    manifest = json.loads((static_root / "staticfiles.json").read_text())
    return "/static/" + manifest["paths"][STATIC_NAME]


def expect(base, path, status=200, cache=None, tries=1):
    """GET ``path`` and check the status (and the X-Page-Cache header, if given)."""
    seen = None
    for _ in range(tries):
        code, headers, _ = get(base + path)
        seen = (code, headers.get("X-Page-Cache"))
        if code == status and (cache is None or seen[1] == cache):
            return seen
    raise BenchError(f"GET {path}: expected {status} {cache or ''}, got {seen}")


def boots(log_path):
    """Workers gunicorn has started so far (at start-up and after each restart)."""
    return Path(log_path).read_text(errors="replace").count("Booting worker")


def measure(args, base, run, deadline, server, script=None, nonce="x"):
    url = base + run.path
    # Warm-up, not counted: every worker imports, connects and (cached pages) fills its cache.
    wrk(
        url,
        threads=1,
        connections=max(2 * args.workers * (args.threads or 4), 8),
        seconds=WARM_SECONDS,
        deadline=deadline,
        script=script,
        script_args=(f"{nonce}-warm",) if script else (),
    )
    booted = boots(server.log.name)
    meter = CpuMeter(server.pid)
    output = wrk(
        url,
        threads=args.wrk_threads,
        connections=args.connections,
        seconds=args.duration,
        deadline=deadline,
        script=script,
        script_args=(nonce,) if script else (),
        timeout=args.wrk_timeout,
    )
    run.cpu = meter.stop()
    run.cpu["worker_restarts"] = boots(server.log.name) - booted
    for key, value in parse_wrk(output).items():
        setattr(run, key, value)
    cores = os.cpu_count() or 1
    run.cpu["server_ms_per_request"] = round(
        1000 * run.cpu["server"] * cores * (run.seconds or args.duration) / max(run.requests, 1),
        3,
    )
    return output


def gunicorn_settings(env, deadline):
    """The settings config/gunicorn.py gives in this environment."""
    code = (
        "import json, runpy; c = runpy.run_path('config/gunicorn.py'); print(json.dumps({k: "
        "c.get(k) for k in ('workers', 'threads', 'keepalive', 'timeout', 'max_requests', "
        "'max_requests_jitter', 'accesslog', 'preload_app', 'worker_class')}))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=deadline.left(30),
        check=True,
    )
    return json.loads(done.stdout)


def benchmark(args, workdir, deadline):
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = server_env(args, workdir, port)
    log_path = workdir / "gunicorn.log"
    print(f"Setting up in {workdir} ...", flush=True)
    if args.cache_url:
        manage(env, deadline, "shell", "-c", CLEAR_CACHE)
    manage(env, deadline, "migrate", "--noinput")
    manage(env, deadline, "setup_demo")
    manage(env, deadline, "collectstatic", "--noinput", "-v0")
    settings = gunicorn_settings(env, deadline)
    static = static_path(workdir / "static")
    script = workdir / "miss.lua"
    script.write_text(MISS_SCRIPT)
    nonce = secrets.token_hex(4)

    runs = [
        Run("static", "Static file (hashed site.css, whitenoise)", static),
        Run("article", "Article, page cache hit", ARTICLE),
        Run("compare_hit", "Compare page, page cache hit", COMPARE),
        Run(
            "compare_miss",
            "Compare page, page cache miss",
            COMPARE,
            note="a unique `?sort=n-...` per request (wrk Lua script): every request renders",
        ),
    ]
    server = None
    started = time.monotonic()
    try:
        print(
            f"Starting gunicorn: {settings['workers']} workers x {settings['threads']} threads,"
            f" max_requests {settings['max_requests']}, on {base}",
            flush=True,
        )
        server = start_gunicorn(env, log_path, base, deadline, args.gunicorn_args)
        expect(base, static)
        for run in runs:
            print(f"  {run.label}: {run.path} ...", flush=True)
            if run.name == "compare_miss":
                expect(base, f"{COMPARE}?sort=n-{nonce}-probe-1", cache="miss")
                expect(base, f"{COMPARE}?sort=n-{nonce}-probe-2", cache="miss")
                measure(args, base, run, deadline, server, script=script, nonce=nonce)
                seen = run.page_cache
                run.note += (
                    f"; X-Page-Cache seen: miss {seen.get('miss', 0):,}, hit {seen.get('hit', 0)}"
                )
            else:
                if run.name != "static":
                    expect(base, run.path)  # renders and stores it
                measure(args, base, run, deadline, server)
                if run.name != "static":
                    # Hits after the run, on several workers (locmem is per process; a worker
                    # that gunicorn restarted starts with an empty cache).
                    probes = [get(base + run.path)[1].get("X-Page-Cache") for _ in range(10)]
                    run.note = f"X-Page-Cache after the run: hit on {probes.count('hit')} of 10"
            print(
                f"    {run.rps:9.1f} req/s  p50 {run.p50_ms:7.2f} ms  p99 {run.p99_ms:7.2f} ms"
                f"  errors {run.errors}  CPU: server {run.cpu['server']:.0%}, wrk "
                f"{run.cpu['wrk']:.0%}, other processes {run.cpu['other']:.0%}; "
                f"worker restarts {run.cpu['worker_restarts']}",
                flush=True,
            )
    finally:
        stop_gunicorn(server)
        if args.cache_url:
            try:
                manage(env, Deadline(60), "shell", "-c", CLEAR_CACHE)
            except (BenchError, subprocess.TimeoutExpired) as error:
                print(f"Could not clear the cache: {error}", file=sys.stderr)
    return runs, settings, gunicorn_log_findings(log_path), time.monotonic() - started


# --- Report ------------------------------------------------------------------------------

TARGET_RATIO = 0.9
TARGET_P99_MS = 25.0
CACHED = ("article", "compare_hit")


def markdown(runs, config):
    static = next(run for run in runs if run.name == "static")
    lines = [
        "| URL | requests/s | ratio to static | p50 ms | p99 ms | errors | requests "
        "| CPU: server / wrk / other | server CPU ms per request | worker restarts |",
        "|---|---:|---:|---:|---:|---:|---:|---|---:|---:|",
    ]
    for run in runs:
        ratio = run.rps / static.rps if static.rps else 0.0
        errors = run.errors
        if errors:
            kinds = [f"{count} {kind}" for kind, count in run.socket_errors.items() if count]
            if run.non_2xx_3xx:
                kinds.insert(0, f"{run.non_2xx_3xx} non-2xx/3xx")
            errors = f"{errors} ({', '.join(kinds)})"
        label = f"{run.label}<br>`{run.path}`" + (f"<br>{run.note}" if run.note else "")
        cpu = run.cpu
        lines.append(
            f"| {label} | {run.rps:,.0f} | {ratio:.2f} | {run.p50_ms:.1f} | {run.p99_ms:.1f} "
            f"| {errors} | {run.requests:,} "
            f"| {cpu['server']:.0%} / {cpu['wrk']:.0%} / {cpu['other']:.0%} "
            f"| {cpu['server_ms_per_request']:.2f} | {cpu['worker_restarts']} |"
        )
    g = config["gunicorn"]
    lines.append("")
    lines.append(
        f"wrk `-t{config['wrk_threads']} -c{config['connections']} -d{config['duration']}s "
        f"--latency --timeout={config['wrk_timeout']}s` per URL, after a {WARM_SECONDS} s "
        f"uncounted warm-up; gunicorn {g['workers']} workers x {g['threads']} threads "
        f"(keepalive {g['keepalive']} s, max_requests {g['max_requests']} "
        f"+ jitter {g['max_requests_jitter']}, access log off"
        + (f", plus `{config['gunicorn_args']}`" if config.get("gunicorn_args") else "")
        + f"); database {config['database']}; "
        f"cache {config['cache']}. CPU: share of the machine's {os.cpu_count()} cores during "
        f"the measured run used by gunicorn, by wrk, and by every other process. Errors are "
        f"non-2xx/3xx answers plus wrk's socket errors (a timeout is a request not answered "
        f"within {config['wrk_timeout']} s)."
    )
    return "\n".join(lines)


def targets(runs, cache_label=""):
    """[(target, met, detail)] for the load targets, each named with the cache it ran with."""
    suffix = f" [{cache_label}]" if cache_label else ""
    by_name = {run.name: run for run in runs}
    static = by_name["static"]
    checks = []
    for name in CACHED:
        run = by_name[name]
        ratio = run.rps / static.rps if static.rps else 0.0
        checks.append(
            (
                f"{run.label}: >= {TARGET_RATIO:.0%} of the static file's requests/s{suffix}",
                ratio >= TARGET_RATIO,
                f"{ratio:.0%} ({run.rps:,.0f} vs {static.rps:,.0f} req/s)",
            )
        )
    for run in runs:
        if run.name == "compare_miss":
            continue
        checks.append(
            (
                f"{run.label}: p99 <= {TARGET_P99_MS:.0f} ms at 64 connections{suffix}",
                run.p99_ms <= TARGET_P99_MS,
                f"{run.p99_ms:.1f} ms",
            )
        )
    for run in runs:
        checks.append((f"{run.label}: no errors{suffix}", run.errors == 0, str(run.errors)))
    return checks


def main(argv=None):
    cores = os.cpu_count() or 1
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds per URL (10)")
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--wrk-threads", type=int, default=2)
    parser.add_argument("--workers", type=int, default=cores * 2 + 1, help="cores x 2 + 1")
    parser.add_argument(
        "--threads", type=int, help="gunicorn threads per worker (config/gunicorn.py's default)"
    )
    parser.add_argument("--max-requests", type=int, help="override GUNICORN_MAX_REQUESTS")
    parser.add_argument(
        "--gunicorn-args",
        default="",
        help='more gunicorn options, e.g. --gunicorn-args="--preload"',
    )
    parser.add_argument("--wrk-timeout", type=int, default=2, help="seconds (wrk's default 2)")
    parser.add_argument("--database-url", help="an empty database (default: a temp SQLite file)")
    parser.add_argument("--cache-url", help="e.g. redis://127.0.0.1:6379/2 (cleared!)")
    parser.add_argument(
        "--private-redis",
        action="store_true",
        help="start a redis-server of its own on a free port and use it as the cache",
    )
    parser.add_argument("--max-seconds", type=int, help="bound on the whole run")
    parser.add_argument("--json", type=Path, help="write the figures as JSON here")
    parser.add_argument("--markdown", type=Path, help="write the Markdown table here")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    args = parser.parse_args(argv)
    if not shutil.which("wrk"):
        print("wrk is not installed: apt-get install -y wrk", file=sys.stderr)
        return 2
    if args.max_seconds is None:
        args.max_seconds = 300 + 4 * (args.duration + WARM_SECONDS + 15)
    config = {
        "duration": args.duration,
        "connections": args.connections,
        "wrk_threads": args.wrk_threads,
        "wrk_timeout": args.wrk_timeout,
        "gunicorn_args": args.gunicorn_args,
        "database": "PostgreSQL (--database-url)"
        if args.database_url and args.database_url.startswith("postgres")
        else ("--database-url" if args.database_url else "SQLite (temporary file)"),
        "cache": (
            "Redis (a private redis-server on loopback)"
            if args.private_redis
            else "Redis (--cache-url)"
            if args.cache_url
            else "local memory (per process)"
        ),
        "cache_label": "Redis" if args.private_redis or args.cache_url else "local memory",
        "wrk": subprocess.run(["wrk", "-v"], capture_output=True, text=True).stdout.split("\n")[0],
    }

    def interrupted(signum, frame):
        raise KeyboardInterrupt(f"signal {signum}")

    signal.signal(signal.SIGTERM, interrupted)
    workdir = Path(tempfile.mkdtemp(prefix="fwcompare-load-"))
    redis = None
    try:
        if args.private_redis:
            redis = start_private_redis(workdir)
            args.cache_url = f"redis://127.0.0.1:{redis.port}/0"
        load_before = load_average()
        runs, settings, server_log, elapsed = benchmark(args, workdir, Deadline(args.max_seconds))
        config["gunicorn"] = settings
        config["load_average"] = {"before": load_before, "after": load_average()}
    except (BenchError, subprocess.TimeoutExpired) as error:
        print(f"Load benchmark failed: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("Load benchmark interrupted; everything stopped.", file=sys.stderr)
        return 130
    finally:
        if redis is not None:
            redis.terminate()
            redis.wait(timeout=10)
        if args.keep:
            print(f"Kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)

    table = markdown(runs, config)
    checks = targets(runs, config["cache_label"])
    print()
    print(table)
    print()
    for name, met, detail in checks:
        print(f"{'MET   ' if met else 'MISSED'} {name}: {detail}")
    print(f"gunicorn log: {server_log}")
    if args.markdown:
        args.markdown.write_text(table + "\n")
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "config": config,
                    "runs": [{**asdict(run), "errors": run.errors} for run in runs],
                    "targets": [
                        {"target": name, "met": met, "detail": detail}
                        for name, met, detail in checks
                    ],
                    "server_log": server_log,
                    "seconds": round(elapsed, 1),
                },
                indent=2,
            )
            + "\n"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
