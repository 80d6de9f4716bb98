"""Write bench/RESULTS.md from the JSON that bench/load.py and bench/scale.py wrote.

    .venv/bin/python bench/report.py --load load.json --scale scale.json \
        --command "make bench" --out bench/RESULTS.md

Stdlib only. A benchmark that failed (no JSON) is reported as failed, with its log's tail.
"""

import argparse
import json
import os
import platform
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent


# --- The machine -------------------------------------------------------------------------


def _first(path, prefix):
    try:
        for line in Path(path).read_text().splitlines():
            if line.startswith(prefix):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "unknown"


def _os_name():
    try:
        for line in Path("/etc/os-release").read_text().splitlines():
            if line.startswith("PRETTY_NAME="):
                return line.split("=", 1)[1].strip('"')
    except OSError:
        pass
    return platform.system()


def _versions():
    code = (
        "import django, gunicorn, platform; "
        "print(platform.python_version(), django.get_version(), gunicorn.__version__)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    return done.stdout.split() if done.returncode == 0 else ["?", "?", "?"]


def _git():
    def git(*args):
        done = subprocess.run(
            ["git", *args], cwd=PROJECT, capture_output=True, text=True, check=False
        )
        return done.stdout.strip() if done.returncode == 0 else ""

    commit = git("rev-parse", "--short", "HEAD") or "unknown"
    changed = [line for line in git("status", "--porcelain").splitlines() if line.strip()]
    return commit, changed


def machine():
    memory_kb = _first("/proc/meminfo", "MemTotal").split()[0]
    python, django, gunicorn = _versions()
    wrk = subprocess.run(["wrk", "-v"], capture_output=True, text=True).stdout.split("\n")[0]
    return {
        "cores (nproc)": str(os.cpu_count()),
        "CPU": _first("/proc/cpuinfo", "model name"),
        "memory": f"{int(memory_kb) / 1024 / 1024:.1f} GiB" if memory_kb.isdigit() else "?",
        "OS": f"{_os_name()}, kernel {platform.release()}",
        "Python": python,
        "Django": django,
        "gunicorn": gunicorn,
        "wrk": wrk.replace("Copyright (C) 2012 Will Glozer", "").strip() or "not installed",
    }


# --- Why a target was missed --------------------------------------------------------------


def server_ms(run, config):
    """gunicorn's CPU time per answered request, in ms (all workers, all cores)."""
    cores = config.get("cores") or os.cpu_count() or 1
    seconds = run["seconds"] or config["duration"]
    return 1000 * run["cpu"]["server"] * cores * seconds / max(run["requests"], 1)


def load_why(load):
    """Reasons read from the figures of the load run, for each kind of miss."""
    runs = {run["name"]: run for run in load["runs"]}
    config = load["config"]
    connections = config["connections"]
    g = config["gunicorn"]
    missed = [t for t in load["targets"] if not t["met"]]
    why = []
    busy_others = [run for run in load["runs"] if run["cpu"].get("other", 0) >= 0.10]
    if busy_others:
        why.append(
            "**A shared machine.** Other processes used "
            + ", ".join(f"{run['cpu']['other']:.0%} ({run['name']})" for run in busy_others)
            + " of the CPU during these runs: every figure here is lower, and noisier, than on "
            "an idle machine."
        )
    restarts = {run["name"]: run["cpu"].get("worker_restarts", 0) for run in load["runs"]}
    if any(restarts.values()):
        preload = (
            "on" if g["preload_app"] or "--preload" in config.get("gunicorn_args", "") else "off"
        )
        why.append(
            f"**Workers restarting under load.** `max_requests` is {g['max_requests']} (+ up to "
            f"{g['max_requests_jitter']}) and `preload_app` is {preload}: at these rates "
            "each of the "
            f"{g['workers']} workers is replaced every few seconds, and each new worker imports "
            "Django and the project again (about a second of CPU) while its share of the "
            "connections waits; with the local-memory cache it also starts with an empty page "
            "cache. Restarts during the measured runs: "
            + ", ".join(f"{name} {count}" for name, count in restarts.items())
            + "."
        )
    if any("p99" in t["target"] for t in missed):
        worst = max(
            (run for name, run in runs.items() if name != "compare_miss"),
            key=lambda run: run["p99_ms"],
        )
        why.append(
            f"**p99 at {connections} connections is mostly queueing.** wrk keeps {connections} "
            f"requests in flight, so the mean latency is {connections} / throughput (Little's "
            f"law): {worst['rps']:,.0f} req/s gives {1000 * connections / worst['rps']:.0f} ms "
            f"on average for {worst['name']}, p99 {worst['p99_ms']:.0f} ms. With "
            f"{g['workers']} {g.get('worker_class') or 'sync'} workers x {g['threads']} "
            "threads (no keep-alive, so a new TCP connection per request) and 2 cores, the "
            "rest wait in the listen queue or for the GIL. A low p99 at this concurrency needs "
            "several thousand "
            "requests/s with a short tail, or fewer connections."
        )
    if any("requests/s" in t["target"] for t in missed):
        static = runs["static"]
        why.append(
            "**Cached pages against the static file.** Server CPU per request: "
            + ", ".join(
                f"{run['name']} {server_ms(run, config):.2f} ms"
                for run in load["runs"]
                if run["name"] != "compare_miss"
            )
            + ". A static file is answered by whitenoise in the fourth middleware; a cached "
            "page by the first, from stored bytes (gzip for clients that take it; wrk does not "
            "ask for it, so it gets the larger identity body), after one read of the content "
            "version from the cache (a Redis round trip with Redis) and of this process's "
            f"copy of the page. Static: {static['rps']:,.0f} req/s; "
            + ", ".join(f"{n}: {runs[n]['rps']:,.0f}" for n in ("article", "compare_hit"))
            + "."
        )
    miss = runs.get("compare_miss")
    if miss and miss["errors"]:
        why.append(
            f"**Errors on the miss run are wrk timeouts.** Every request renders the compare "
            f"page: {miss['rps']:,.0f} req/s, so {connections} requests in flight wait "
            f"{1000 * connections / max(miss['rps'], 0.1):,.0f} ms on average, and the slowest "
            f"pass wrk's {config['wrk_timeout']} s timeout ({miss['errors']} errors: "
            f"{miss['socket_errors']}, non-2xx/3xx {miss['non_2xx_3xx']}). No answer was an "
            "error status: these are requests wrk stopped waiting for."
        )
    other_errors = [run for run in load["runs"] if run["name"] != "compare_miss" and run["errors"]]
    for run in other_errors:
        why.append(
            f"**Errors on {run['name']}:** {run['errors']} ({run['socket_errors']}, "
            f"non-2xx/3xx {run['non_2xx_3xx']}); worker restarts during the run: "
            f"{run['cpu'].get('worker_restarts', 0)}."
        )
    return why


def scale_why(scale):
    why = []
    pages = {page["name"]: page for page in scale["pages"]}
    sizes = [str(size) for size in scale["sizes"]]
    small, large = sizes[0], sizes[-1]
    compare = pages["compare"]["by_size"]
    if any(not t["met"] and "/compare/" in t["target"] for t in scale["targets"]):
        shape = scale["shapes"]
        why.append(
            f"**The compare page shows more the larger the data.** Its query count stays "
            f"{compare[large]['queries']}, so the growth is Python: at {small} frameworks the "
            f"page has {compare[small]['table_cells']:,} table cells "
            f"({compare[small]['bytes'] / 1024:,.0f} KiB), at {large} it has "
            f"{compare[large]['table_cells']:,} ({compare[large]['bytes'] / 1024:,.0f} KiB): "
            f"one page of frameworks, but every one of the {shape[large]['attributes']} "
            f"attributes as a column (against {shape[small]['attributes']}), plus a picker with "
            f"a checkbox per framework. Rendering time follows the cells: "
            f"{compare[small]['ms']:.1f} ms -> {compare[large]['ms']:.1f} ms. The profile below "
            "shows where the time goes."
        )
    if any(not t["met"] and "query count" in t["target"] for t in scale["targets"]):
        why.append(
            "**A query count that changes with the size** means a query per row somewhere "
            "(an N+1): see the flagged pages under the table."
        )
    return why


# --- The report --------------------------------------------------------------------------


def _targets_table(loads, scale):
    lines = ["| target | result | measured |", "|---|---|---|"]
    for source in (*loads, scale):
        if source is None:
            continue
        for target in source["targets"]:
            verdict = "met" if target["met"] else "**missed**"
            lines.append(f"| {target['target']} | {verdict} | {target['detail']} |")
    return "\n".join(lines)


def _tail(path, lines=25):
    try:
        return "\n".join(Path(path).read_text(errors="replace").splitlines()[-lines:])
    except (OSError, TypeError):
        return "(no log)"


def _read_json(path):
    return json.loads(path.read_text()) if path and path.exists() else None


def render(args):
    # One load run per cache setting (bench/run: local memory, then Redis).
    count = max(len(args.load), len(args.load_md), len(args.load_log), 1)
    runs = [
        (
            _read_json(args.load[i] if i < len(args.load) else None),
            args.load_md[i] if i < len(args.load_md) else None,
            args.load_log[i] if i < len(args.load_log) else None,
        )
        for i in range(count)
    ]
    loads = [load for load, _, _ in runs if load]
    scale = json.loads(args.scale.read_text()) if args.scale and args.scale.exists() else None
    commit, changed = _git()
    out = [
        "# Benchmark results",
        "",
        "Figures of one run of `make bench` (`bash bench/run`), on the machine below; "
        "ratios matter more than absolute numbers. Re-running overwrites this file.",
        "",
        f"- **Date:** {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
        f"- **Code:** commit `{commit}`"
        + (
            f", with {len(changed)} uncommitted change(s) in the working tree"
            if changed
            else ", clean working tree"
        ),
    ]
    for key, value in machine().items():
        out.append(f"- **{key}:** {value}")
    out += [
        f"- **Load average (1 min)** at the start: {args.load_average or '?'}",
        "",
        "Command:",
        "",
        "```sh",
        args.command,
        "```",
        "",
        "which ran:",
        "",
        "```sh",
        *args.ran,
        "```",
        "",
        "## Targets",
        "",
        "From the design (“Speed and scale”).",
        "",
        _targets_table(loads, scale),
        "",
    ]

    out += ["## Load: gunicorn in production mode on loopback, driven by wrk", ""]
    for load, load_md, load_log in runs:
        if load:
            out += [
                f"### Cache: {load['config']['cache']}",
                "",
                load_md.read_text().strip() if load_md and load_md.exists() else "",
                "",
                f"Load average before/after: {load['config']['load_average']['before']} / "
                f"{load['config']['load_average']['after']}. Server log: {load['server_log']}.",
                "",
            ]
        else:
            out += ["**A load benchmark failed.** The end of its output:", "", "```"]
            out += [_tail(load_log), "```", ""]

    out += ["## Scale: queries and server time per page at 3, 50 and 200 frameworks", ""]
    if scale:
        out += [
            args.scale_md.read_text().strip() if args.scale_md and args.scale_md.exists() else "",
            "",
        ]
    else:
        out += ["**The scale benchmark failed.** The end of its output:", "", "```"]
        out += [_tail(args.scale_log), "```", ""]

    why = [
        f"[{load['config'].get('cache_label', 'cache')}] {reason}"
        for load in loads
        for reason in load_why(load)
    ] + (scale_why(scale) if scale else [])
    if why:
        out += ["## Why the misses (read from this run's figures)", ""]
        out += [f"- {reason}" for reason in why]
        out.append("")
    if scale and scale.get("profile"):
        profile = scale["profile"]
        out += [
            "<details><summary>Profile: five renders of "
            f"<code>{profile['page']}</code> at {profile['size']} frameworks (cProfile, by own "
            "time)</summary>",
            "",
            "```",
            profile["text"],
            "```",
            "",
            "</details>",
            "",
        ]
    return "\n".join(out)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    # Once per load run (one per cache setting), in the same order.
    parser.add_argument("--load", type=Path, action="append", default=[])
    parser.add_argument("--load-md", type=Path, action="append", default=[])
    parser.add_argument("--load-log", type=Path, action="append", default=[])
    parser.add_argument("--scale", type=Path)
    parser.add_argument("--scale-md", type=Path)
    parser.add_argument("--scale-log", type=Path)
    parser.add_argument("--command", default="make bench")
    parser.add_argument("--ran", action="append", default=[], help="a command bench/run ran")
    parser.add_argument("--load-average", help="the 1-minute load average at the start")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    args.out.write_text(render(args))
    print(f"Wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
