"""bench/RESULTS.md from the JSON of bench/load.py and bench/scale.py: the figures, the targets
(issue 22's for caching, issue 15's for scale: met, or missed and by how much), the machine,
the commit and the commands.

    .venv/bin/python -m bench.report --load L.json --scale S.json [--load-log L.log]
        [--scale-log S.log] [--command "make bench"] [--ran CMD ...] --out bench/RESULTS.md

A benchmark without JSON failed: the report says so and shows the end of its log.
"""

import argparse
import json
import platform
import sys
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path

from bench.harness import environment
from bench.harness.servers import log_tail
from bench.load import PROFILE_SECONDS

TARGET_PROXY_OVER_APP = 5.0  # a page from the proxy's cache against the same page from gunicorn
TARGET_PROXY_OVER_FILE = 0.9  # ...against the same bytes served by nginx as a plain file
TARGET_P99_OVER_FILE = 1.5  # its p99 against the file's
TARGET_APP_OVER_STATIC = 0.8  # Django's page cache hit against gunicorn's static file
TARGET_SCALE = 5.0  # a page's cold render at the largest size against the demo's
PAGES = (("article", "Article"), ("compare", "Compare page"))


def verdict(excess, unit, places=1):
    return "met" if excess <= 0 else f"**missed** by {excess:.{places}f}{unit}"


def _ratio_row(target, cache, rate, base, base_name, minimum):
    ratio = rate / base
    measured = f"{ratio:.2f}x ({rate:,.0f} vs {base_name} {base:,.0f} req/s)"
    return (f"{target}: >= {minimum}x", cache, measured, verdict(minimum - ratio, "x", 2))


def load_targets(load):
    """(target, cache, measured, verdict) rows per page and cache setting."""
    for cache in load["caches"]:
        runs = {run["name"]: run for run in cache["runs"]}
        static, name = runs["static"], cache["cache"]
        for key, what in PAGES:
            app = runs["article" if key == "article" else "compare_hit"]
            proxy, file = runs[f"{key}_proxy"], runs[f"{key}_file"]
            rate = proxy["requests_per_second"]
            yield _ratio_row(
                f"{what} through the proxy against the same page from gunicorn",
                name, rate, app["requests_per_second"], "gunicorn", TARGET_PROXY_OVER_APP,
            )  # fmt: skip
            yield _ratio_row(
                f"{what} through the proxy against its bytes as a plain file",
                name, rate, file["requests_per_second"], "file", TARGET_PROXY_OVER_FILE,
            )  # fmt: skip
            p99, file_p99 = proxy["latency_p99_ms"], file["latency_p99_ms"]
            limit = TARGET_P99_OVER_FILE * file_p99
            yield (
                f"{what} through the proxy: p99 <= {TARGET_P99_OVER_FILE}x the file's",
                name,
                f"{p99:.2f} ms (the file: {file_p99:.2f} ms; {p99 / file_p99:.2f}x)",
                verdict(p99 - limit, " ms", 2),
            )
            yield _ratio_row(
                f"{what}, Django's page cache hit from gunicorn, against gunicorn's static file",
                name, app["requests_per_second"], static["requests_per_second"], "static",
                TARGET_APP_OVER_STATIC,
            )  # fmt: skip
        errors = sum(run["errors"] for run in cache["runs"] if run["name"] != "compare_miss")
        yield ("No errors on any stored page or file", name, errors, verdict(errors, " errors", 0))


def proxy_cost_note(load):
    """Why a page from nginx's cache trails the same bytes as a plain file: its CPU per
    request against the file's, from the runs' own CPU shares."""
    ratios = []
    for cache in load["caches"]:
        runs = {run["name"]: run for run in cache["runs"]}
        for key, what in PAGES:
            proxy, file = runs[f"{key}_proxy"], runs[f"{key}_file"]
            per_request = [
                run["cpu"]["server"] / run["requests_per_second"] for run in (proxy, file)
            ]
            ratios.append(
                f"{what.lower()}, {cache['cache']}: {per_request[0] / per_request[1]:.2f}x"
            )
    return [
        "Why a page from the proxy's cache trails the same bytes as a plain file: on every hit "
        "nginx looks the key up in shared memory, reads and parses the stored response's "
        "header block (Django's dozen headers: CSP, ETag, Vary, Cache-Control...), checks the "
        "Vary variant and adds its own header, where the file is an open (cached) and a "
        "sendfile. nginx's CPU per request, the proxy's against the file's: "
        + "; ".join(ratios)
        + ". wrk needs about as much CPU as nginx on these two cores, so the ratio of requests "
        "per second is the ratio of nginx's cost per request.",
        "",
    ]


def scale_targets(scale):
    small, large = str(scale["sizes"][0]), str(scale["sizes"][-1])
    for path, by_size in scale["pages"].items():
        ratio = by_size[large]["ms"] / by_size[small]["ms"]
        yield (
            f"`{path}`: cold render at {large} x {scale['attributes']} within "
            f"{TARGET_SCALE:.0f}x its time at {small}",
            "-",
            f"{ratio:.1f}x ({by_size[small]['ms']:.1f} -> {by_size[large]['ms']:.1f} ms)",
            verdict(ratio - TARGET_SCALE, "x"),
        )


def table(head, rows):
    lines = ["| " + " | ".join(head) + " |", "|---" * len(head) + "|"]
    return lines + ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows] + [""]


def load_row(run, static):
    errors = [f"{n} {kind}" for kind, n in run["socket_errors"].items() if n]
    errors += [f"{run['non_2xx']} non-2xx/3xx"] if run["non_2xx"] else []
    cpu = run["cpu"]
    return (
        f"{run['label']}<br>`{run['path']}`",
        f"{run['requests_per_second']:,.0f}",
        f"{run['requests_per_second'] / static:.2f}",
        f"{run['latency_p50_ms']:.1f}",
        f"{run['latency_p99_ms']:.1f}",
        f"{run['errors']}" + (f" ({', '.join(errors)})" if errors else ""),
        f"{run['requests']:,}",
        f"{cpu['server']:.0%} / {cpu['wrk']:.0%} / {cpu['other']:.0%}",
        run["worker_restarts"],
        run["page_cache"],
    )


LOAD_HEAD = ["URL", "requests/s", "ratio to static", "p50 ms", "p99 ms", "errors", "requests"]
LOAD_HEAD += ["CPU: server / wrk / other", "worker restarts", "page cache"]


def load_section(load):
    out = []
    for cache in load["caches"]:
        static = cache["runs"][0]["requests_per_second"]  # bench/load.py measures it first
        g, (before, after) = cache["gunicorn"], cache["load_average"]
        out += [f"### Cache: {cache['cache']}", ""]
        out += table(LOAD_HEAD, [load_row(run, static) for run in cache["runs"]])
        out += [
            f"`{load['wrk']}` after {load['warm_up_seconds']} s of warm-up per URL; gunicorn "
            f"{g['workers']} {g['worker_class']} workers x {g['threads']} threads, access log "
            f"off; database {load['database']}; load average before / after: {before:.2f} / "
            f"{after:.2f}.",
            "",
        ]
    return out + [
        "CPU: shares of the machine's cores during each measured run (for the rows served by "
        "nginx, the server is nginx). Ratio: against gunicorn's static file. Errors: non-2xx/3xx "
        "answers plus wrk's socket errors (a timeout is a request not answered within 2 s).",
        "",
    ]


def profile_section(load):
    """The server's samples per layer during an (unmeasured) run of each page, per cache."""
    columns = [
        (cache["cache"], run)
        for cache in load["caches"]
        for run in cache["runs"]
        if run.get("profile")
    ]
    if not columns:
        return ["No profile was taken (py-spy is not installed, or could not attach).", ""]
    layers = list(columns[0][1]["profile"])
    head = ["layer", *(f"{run['label']}, {cache}" for cache, run in columns)]
    rows = [(layer, *(f"{run['profile'][layer]:.0%}" for _, run in columns)) for layer in layers]
    return table(head, rows) + [
        f"py-spy sampling every gunicorn process and thread (250 Hz, without pausing them) "
        f"for {PROFILE_SECONDS} s of a second wrk run of the same page, after the measured "
        "one; shares of the samples, by the first layer each stack is in.",
        "",
    ]


def scale_section(scale):
    sizes = [str(size) for size in scale["sizes"]]
    head = ["page", *(f"queries @{s}" for s in sizes), *(f"ms @{s}" for s in sizes)]
    rows = [
        (
            f"`{path}`",
            *(by_size[size]["queries"] for size in sizes),
            *(f"{by_size[size]['ms']:.1f}" for size in sizes),
            f"{by_size[sizes[-1]]['ms'] / by_size[sizes[0]]['ms']:.1f}x",
        )
        for path, by_size in scale["pages"].items()
    ]
    data = "; ".join(
        f"{size}: {shape['frameworks']} frameworks, {shape['attributes']} attributes, "
        f"{shape['cells']:,} cells"
        for size, shape in scale["shapes"].items()
    )
    return table([*head, f"time {sizes[-1]}/{sizes[0]}"], rows) + [
        f"Data at each size: {data}. ms: the median of {scale['renders']} renders through the "
        "test client (DEBUG off, page cache off, after two uncounted renders).",
        "",
    ]


def failed(what, log):
    tail = log_tail(log, 25) if log else "(no log)"
    return [f"**The {what} benchmark failed.** The end of its output:", "", "```", tail, "```", ""]


def machine(load):
    def git(*args):
        return environment.run_command(["git", *args], 30, cwd=environment.PROJECT).stdout

    dirty = "with uncommitted changes" if git("status", "--porcelain").strip() else "clean tree"
    os_name = platform.freedesktop_os_release().get("PRETTY_NAME", platform.system())
    cpu = f"{environment.cpu_model()} × {environment.cpu_count()} cores"
    return {
        "Date": f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
        "Code": f"commit `{git('rev-parse', '--short', 'HEAD').strip()}`, {dirty}",
        "Machine": f"{cpu}, {environment.memory_gib()} GiB RAM; {os_name}, {platform.release()}",
        "Software": f"Python {platform.python_version()}, Django {version('django')}, "
        f"gunicorn {version('gunicorn')}, {environment.wrk_version()}",
        "Load average (1 min) at the start": load["load_average_at_start"] if load else "?",
    }


def render(args):
    load, scale = (
        json.loads(p.read_text()) if p.exists() else None for p in (args.load, args.scale)
    )
    targets = [*(load_targets(load) if load else []), *(scale_targets(scale) if scale else [])]
    return "\n".join(
        [
            "# Benchmark results",
            "",
            "One run of `make bench` (bench/run); running it again overwrites this file.",
            "",
            *(f"- **{key}:** {value}" for key, value in machine(load).items()),
            "",
            "```sh",
            args.command,
            "```",
            "",
            "ran:",
            "",
            "```sh",
            *args.ran,
            "```",
            "",
            "## Targets",
            "",
            *table(["target", "cache", "measured", "result"], targets),
            *(proxy_cost_note(load) if load else []),
            "## Load: gunicorn in production mode behind the shipped nginx, driven by wrk",
            "",
            "Every request asks for gzip, as browsers do; each run first checked that it got "
            "gzip and, through nginx, a hit from its cache (the stored variant is the one "
            "measured). This machine's cores are shared by wrk, nginx and gunicorn: each "
            "run's CPU column says who used them.",
            "",
            *(load_section(load) if load else failed("load", args.load_log)),
            "## Where a hit in Django's page cache spends its time",
            "",
            *(profile_section(load) if load else []),
            "## Scale: each page's cold render at 3, 50 and 200 frameworks",
            "",
            *(scale_section(scale) if scale else failed("scale", args.scale_log)),
        ]
    )


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--load", type=Path, required=True)
    parser.add_argument("--scale", type=Path, required=True)
    parser.add_argument("--load-log", type=Path)
    parser.add_argument("--scale-log", type=Path)
    parser.add_argument("--command", default="make bench")
    parser.add_argument("--ran", action="append", default=[], help="a command bench/run ran")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    args.out.write_text(render(args))
    print(f"Wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
