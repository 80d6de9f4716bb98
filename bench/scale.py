"""Scale benchmark: SQL queries and server time per page at 3, 50 and 200 frameworks.

    .venv/bin/python bench/scale.py [--renders 15] [--database-url postgres://...]
        [--json out.json] [--markdown out.md]

In one process, on a throwaway database (an SQLite file in a temporary directory unless
``--database-url``, which must point at an empty database): ``migrate``,
``collectstatic`` into a temporary STATIC_ROOT and ``setup_demo`` (3 frameworks), then
``generate_scale_data --attributes 100`` tops the data up to 50 and to 200 frameworks
(47, then 150 more: the command adds to what is there and reuses its 100 synthetic
attributes, so the 200 are the demo plus 197 synthetic frameworks).

At each size every page is rendered through the Django test client with DEBUG off and
the page cache off (``DJANGO_PAGE_CACHE_SECONDS=0``): two uncounted renders, then
``--renders`` measured ones, each inside ``CaptureQueriesContext``. Reported: the
number of SQL queries and the median time of a render, and the ratio of the largest
size to the smallest. A page whose query count changes with the size is flagged.
"""

import argparse
import cProfile
import io
import json
import os
import pstats
import secrets
import shutil
import signal
import statistics
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
SIZES = (3, 50, 200)
ATTRIBUTES = 100
WARM_RENDERS = 2
PAGE_SECONDS = 40  # at most this long measuring one page at one size (at least 3 renders)
PAGES = [
    ("home", "/"),
    ("frameworks", "/frameworks/"),
    ("framework", "/frameworks/flask/"),
    ("compare", "/compare/"),
    ("compare_pair", "/compare/flask-vs-django/"),
    ("benchmarks", "/benchmarks/"),
    ("choose", "/choose/?needs=routing&needs=admin-panel&needs=async-support"),
    ("article", "/articles/flask-vs-fastapi-vs-django/"),
    ("changes", "/changes/"),
    ("sitemap", "/sitemap.xml"),
]
TARGET_PAGE = "compare"
TARGET_RATIO = 5.0
DESIGN_MAX_QUERIES = 8
_OWN_PREFIXES = ("DJANGO_", "DATABASE_", "CACHE_URL")


class BenchError(RuntimeError):
    pass


def configure(args, workdir):
    """The environment of a production process with the page cache off, then Django."""
    for key in [key for key in os.environ if key.startswith(_OWN_PREFIXES)]:
        del os.environ[key]
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DJANGO_DEBUG": "false",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
            "DJANGO_ALLOWED_HOSTS": "testserver",
            "DJANGO_SECURE_SSL_REDIRECT": "false",
            "DJANGO_SECURE_COOKIES": "false",
            "DJANGO_PAGE_CACHE_SECONDS": "0",
            "DJANGO_STATIC_ROOT": str(workdir / "static"),
            "DJANGO_LOG_LEVEL": "WARNING",
            "DATABASE_URL": args.database_url or f"sqlite:///{workdir / 'scale.sqlite3'}",
            "CACHE_URL": "locmemcache://",
        }
    )
    sys.path.insert(0, str(PROJECT))
    import django

    django.setup()


def setup_database():
    from django.core.management import call_command

    from comparisons.models import Framework

    quiet = io.StringIO()
    call_command("migrate", interactive=False, verbosity=0, stdout=quiet)
    if Framework.objects.exists():
        raise BenchError("the database is not empty: give --database-url an empty database")
    call_command("collectstatic", interactive=False, verbosity=0, stdout=quiet)
    call_command("setup_demo", stdout=quiet)


def grow_to(size):
    from django.core.management import call_command

    from comparisons.models import Framework

    have = Framework.objects.filter(is_published=True).count()
    if have < size:
        out = io.StringIO()
        started = time.perf_counter()
        call_command(
            "generate_scale_data", frameworks=size - have, attributes=ATTRIBUTES, stdout=out
        )
        print(
            f"  generate_scale_data --frameworks {size - have} --attributes {ATTRIBUTES}: "
            f"{time.perf_counter() - started:.1f} s",
            flush=True,
        )
    have = Framework.objects.filter(is_published=True).count()
    if have != size:
        raise BenchError(f"wanted {size} published frameworks, have {have}")


def shape():
    from comparisons.models import Attribute, AttributeValue, BenchmarkResult, Framework, Release

    return {
        "frameworks": Framework.objects.filter(is_published=True).count(),
        "attributes": Attribute.objects.count(),
        "cells": AttributeValue.objects.count(),
        "releases": Release.objects.count(),
        "benchmark_results": BenchmarkResult.objects.count(),
    }


def render(client, path):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        started, cpu_started = time.perf_counter(), time.process_time()
        response = client.get(path)
        content = response.content  # a streaming page would render here
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    return response.status_code, len(queries), elapsed * 1000, cpu * 1000, content


def measure_page(client, path, renders, deadline):
    for _ in range(WARM_RENDERS):
        render(client, path)
    statuses, counts, times, cpu_times, content = set(), [], [], [], b""
    ends = time.monotonic() + PAGE_SECONDS
    while len(times) < renders:
        if len(times) >= 3 and time.monotonic() > ends:
            break
        if time.monotonic() > deadline:
            raise BenchError("the run took longer than --max-seconds; stopped")
        status, count, ms, cpu_ms, content = render(client, path)
        statuses.add(status)
        counts.append(count)
        times.append(ms)
        cpu_times.append(cpu_ms)
    return {
        "status": sorted(statuses),
        "queries": statistics.median_low(counts),
        "queries_min": min(counts),
        "queries_max": max(counts),
        "ms": round(statistics.median(times), 2),
        "ms_min": round(min(times), 2),
        "cpu_ms": round(statistics.median(cpu_times), 2),
        "renders": len(times),
        "bytes": len(content),
        "table_cells": content.count(b"<td"),
    }


def profile(client, path, renders=5, top=20):
    """The functions ``renders`` renders of ``path`` spend their own time in."""
    render(client, path)
    profiler = cProfile.Profile()
    for _ in range(renders):
        profiler.enable()
        render(client, path)
        profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("tottime").print_stats(top)
    text = out.getvalue()
    root = str(PROJECT) + "/"
    return text[text.find("   ncalls") :].replace(root, "").strip()


def load_average():
    with open("/proc/loadavg") as loadavg:
        return loadavg.read().split()[0]


def run(args):
    from django.test import Client

    deadline = time.monotonic() + args.max_seconds
    setup_database()
    client = Client()
    results = {name: {} for name, _ in PAGES}
    shapes = {}
    profiles = {}
    for size in args.sizes:
        print(f"{size} frameworks:", flush=True)
        grow_to(size)
        shapes[size] = shape()
        for name, path in PAGES:
            results[name][size] = measure_page(client, path, args.renders, deadline)
            result = results[name][size]
            print(
                f"  {path:<62} {result['queries']:>3} queries {result['ms']:>9.1f} ms "
                f"(x{result['renders']}) {result['status']}",
                flush=True,
            )
    largest = max(args.sizes)
    profiles[TARGET_PAGE] = profile(client, dict(PAGES)[TARGET_PAGE])
    return results, shapes, profiles, largest


# --- Report ------------------------------------------------------------------------------


def flags(results, sizes):
    """{page: [reasons]} for pages whose query count changes with size, or that fail."""
    found = {}
    for name, path in PAGES:
        by_size = results[name]
        reasons = []
        counts = {by_size[size]["queries"] for size in sizes}
        if len(counts) > 1 or any(
            by_size[size]["queries_min"] != by_size[size]["queries_max"] for size in sizes
        ):
            reasons.append(
                "query count changes: "
                + ", ".join(
                    f"{by_size[s]['queries_min']}–{by_size[s]['queries_max']} at {s}"
                    if by_size[s]["queries_min"] != by_size[s]["queries_max"]
                    else f"{by_size[s]['queries']} at {s}"
                    for s in sizes
                )
            )
        if any(by_size[size]["status"] != [200] for size in sizes):
            reasons.append("status " + ", ".join(f"{by_size[s]['status']} at {s}" for s in sizes))
        if reasons:
            found[path] = reasons
    return found


def markdown(results, sizes, shapes):
    smallest, largest = min(sizes), max(sizes)
    head = (
        "| page | "
        + " | ".join(f"queries @{s}" for s in sizes)
        + " | "
        + " | ".join(f"ms @{s}" for s in sizes)
        + f" | time {largest}/{smallest} | CPU time {largest}/{smallest} |"
    )
    lines = [head, "|---|" + "---:|" * (2 * len(sizes) + 2)]
    flagged = flags(results, sizes)
    for name, path in PAGES:
        by_size = results[name]
        counts = [str(by_size[s]["queries"]) for s in sizes]
        if path in flagged:
            counts[-1] += " ⚠"
        ratio = by_size[largest]["ms"] / by_size[smallest]["ms"]
        cpu_ratio = by_size[largest]["cpu_ms"] / max(by_size[smallest]["cpu_ms"], 0.01)
        lines.append(
            f"| `{path}` | "
            + " | ".join(counts)
            + " | "
            + " | ".join(f"{by_size[s]['ms']:.1f}" for s in sizes)
            + f" | {ratio:.1f}x | {cpu_ratio:.1f}x |"
        )
    lines.append("")
    lines.append(
        "Data at each size: "
        + "; ".join(
            f"{s}: {shapes[s]['frameworks']} frameworks, {shapes[s]['attributes']} attributes, "
            f"{shapes[s]['cells']:,} cells"
            for s in sizes
        )
        + ". ms: median wall-clock time of the measured renders through the test client "
        "(DEBUG off, page cache off, warm: two uncounted renders first); CPU time: the same "
        "renders' process CPU time, less sensitive to other processes on a shared machine."
    )
    if flagged:
        lines.append("")
        for path, reasons in flagged.items():
            lines.append(f"- ⚠ `{path}`: " + "; ".join(reasons))
    return "\n".join(lines)


def targets(results, sizes):
    smallest, largest = min(sizes), max(sizes)
    flagged = flags(results, sizes)
    checks = [
        (
            "Every page: the same query count at every size",
            not any("query count" in " ".join(r) for r in flagged.values()),
            "; ".join(f"{path}: {' '.join(r)}" for path, r in flagged.items()) or "all constant",
        )
    ]
    most = max(results[name][s]["queries"] for name, _ in PAGES for s in sizes)
    checks.append(
        (
            f"Every page: at most ~{DESIGN_MAX_QUERIES} queries (design)",
            most <= DESIGN_MAX_QUERIES,
            "most: "
            + ", ".join(
                f"{path} {results[name][largest]['queries']}"
                for name, path in PAGES
                if results[name][largest]["queries"] > DESIGN_MAX_QUERIES
            )
            if most > DESIGN_MAX_QUERIES
            else f"at most {most}",
        )
    )
    compare = results[TARGET_PAGE]
    ratio = compare[largest]["ms"] / compare[smallest]["ms"]
    checks.append(
        (
            f"/compare/ at {largest} x {ATTRIBUTES} within {TARGET_RATIO:.0f}x its time at "
            f"{smallest}",
            ratio <= TARGET_RATIO,
            f"{ratio:.1f}x ({compare[smallest]['ms']:.1f} ms -> {compare[largest]['ms']:.1f} ms)",
        )
    )
    return checks


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--renders", type=int, default=15, help="measured renders per page")
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--database-url", help="an EMPTY database (default: temp SQLite)")
    parser.add_argument("--max-seconds", type=int, default=1800, help="bound on the run")
    parser.add_argument("--json", type=Path, help="write the figures as JSON here")
    parser.add_argument("--markdown", type=Path, help="write the Markdown table here")
    args = parser.parse_args(argv)
    args.sizes = sorted(set(args.sizes))
    if args.sizes[0] < 3:
        parser.error("the smallest size is the demo's 3 frameworks")

    def interrupted(signum, frame):
        raise KeyboardInterrupt(f"signal {signum}")

    signal.signal(signal.SIGTERM, interrupted)
    workdir = Path(tempfile.mkdtemp(prefix="fwcompare-scale-"))
    started = time.monotonic()
    load_before = load_average()
    try:
        configure(args, workdir)
        results, shapes, profiles, largest = run(args)
    except BenchError as error:
        print(f"Scale benchmark failed: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("Scale benchmark interrupted.", file=sys.stderr)
        return 130
    finally:
        shutil.rmtree(workdir, ignore_errors=True)

    table = markdown(results, args.sizes, shapes)
    checks = targets(results, args.sizes)
    print()
    print(table)
    print()
    for name, met, detail in checks:
        print(f"{'MET   ' if met else 'MISSED'} {name}: {detail}")
    if args.markdown:
        args.markdown.write_text(table + "\n")
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "sizes": args.sizes,
                    "attributes": ATTRIBUTES,
                    "renders": args.renders,
                    "pages": [
                        {"name": name, "path": path, "by_size": results[name]}
                        for name, path in PAGES
                    ],
                    "shapes": shapes,
                    "targets": [
                        {"target": name, "met": met, "detail": detail}
                        for name, met, detail in checks
                    ],
                    "profile": {
                        "page": dict(PAGES)[TARGET_PAGE],
                        "size": largest,
                        "text": profiles[TARGET_PAGE],
                    },
                    "seconds": round(time.monotonic() - started, 1),
                    "load_average": {"before": load_before, "after": load_average()},
                },
                indent=2,
            )
            + "\n"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
