"""A benchmark run: its options, and the interleaved runs of every endpoint of every app."""

import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from comparisons.numbers import format_number

from .catalogue import ENDPOINTS, Endpoint, FrameworkApp
from .environment import cpu_count, load_average
from .errors import HarnessError
from .load import WRK_THREADS, Summary, parse_wrk, summarize, warm_up, wrk
from .servers import create_fortunes_database, log_tail, start_app, stop_server

# The fewest runs whose lowest and highest bound a distribution-free 95% confidence interval
# of the median: with n runs, [x(1), x(n)] misses it with probability 2 / 2**n, 3.1% for 6.
MIN_RUNS = 6
# The widest spread, (highest - lowest) / median, of a published result. With 6 runs that
# spread is the 96.9% interval of the median itself, so medians further apart than about
# 10% are told apart and closer ones are not claimed to differ.
MAX_SPREAD_PERCENT = Decimal(10)


@dataclass(frozen=True)
class Options:
    duration: int = 10  # seconds per run
    runs: int = MIN_RUNS
    concurrency: int = 64
    workers: int = field(default_factory=cpu_count)
    warmup: int = 5  # seconds of load before the runs of each endpoint; 0: a few requests
    endpoints: tuple = tuple(ENDPOINTS)
    server_cpus: tuple = ()  # CPUs the servers are pinned to; () for all
    load_cpus: tuple = ()  # CPUs wrk is pinned to; () for all
    max_spread: Decimal = MAX_SPREAD_PERCENT

    @property
    def threads(self):
        return min(WRK_THREADS, self.concurrency, len(self.load_cpus) or WRK_THREADS)

    @property
    def pinning(self):
        """How the load generator and the servers share the CPUs, in words."""
        if not self.load_cpus:
            return "wrk and the servers share every CPU (one CPU, or no taskset)"
        cpus = ", ".join(map(str, self.server_cpus))
        return f"wrk pinned to CPU {self.load_cpus[0]} and the servers to CPU {cpus} (taskset)"


@dataclass
class Measurement:
    """The runs of one endpoint of one app."""

    app: FrameworkApp
    endpoint: Endpoint
    runs: list
    server: str
    framework_version: str
    python_version: str = ""
    load_average: float | None = None  # the machine's, before the benchmark started

    def summary(self, key, places=2) -> Summary:
        return summarize(self.values(key), places)

    def values(self, key):
        """Each run's figure, in the order the runs were made."""
        return [getattr(run, key) for run in self.runs]

    @property
    def errors(self):
        return sum(run.errors for run in self.runs)


def run_once(running, endpoint, options):
    """One timed wrk run; refused if any response was an error or the server died."""
    result = parse_wrk(wrk(running.base + endpoint.path, options, options.duration))
    if result.non_2xx:
        raise HarnessError(
            f"{running.app.name} {endpoint.path}: {result.non_2xx} responses were errors:\n"
            f"{log_tail(running.log_path)}"
        )
    if running.process.poll() is not None:
        raise HarnessError(
            f"{running.app.name} stopped during the run:\n{log_tail(running.log_path)}"
        )
    return result


def measure(apps, options, environment, log: Callable[[str], None] = print):
    """Measure every endpoint of every app ``options.runs`` times.

    All the servers start first (an idle server costs nothing), then the runs are
    interleaved: round 1 of every app and endpoint, then round 2, and so on, each round
    starting with the next app. A busy spell of the machine then lands on every framework
    alike instead of on one of them, and shows in the spread.
    """
    endpoints = [ENDPOINTS[slug] for slug in options.endpoints]
    idle_load = load_average()  # before anything of ours runs: what else keeps the machine busy
    with tempfile.TemporaryDirectory(prefix="fwcompare-frameworks-") as workdir:
        create_fortunes_database(Path(workdir) / "fortunes.sqlite3")
        running = []
        try:
            for app in apps:
                running.append(start_app(app, options, environment, workdir, log))
            measurements = {
                (item.app.slug, endpoint.slug): Measurement(
                    app=item.app,
                    endpoint=endpoint,
                    runs=[],
                    server=item.server,
                    framework_version=environment.versions[item.app.slug][item.app.distribution],
                    python_version=environment.pythons[item.app.slug],
                    load_average=idle_load,
                )
                for item in running
                for endpoint in endpoints
            }
            log("Warming up" + (f" ({options.warmup} s per endpoint)" if options.warmup else ""))
            for item in running:
                for endpoint in endpoints:
                    warm_up(item.base + endpoint.path, options)
            for number in range(options.runs):
                shift = number % len(running)
                for item in running[shift:] + running[:shift]:
                    for endpoint in endpoints:
                        result = run_once(item, endpoint, options)
                        measurements[item.app.slug, endpoint.slug].runs.append(result)
                        log(
                            f"  {item.app.name} {endpoint.path} run {number + 1}/{options.runs}: "
                            f"{format_number(result.requests_per_second)} req/s, "
                            f"mean {format_number(result.latency_mean_ms)} ms, "
                            f"p50 {format_number(result.latency_p50_ms)} ms, "
                            f"p99 {format_number(result.latency_p99_ms)} ms, "
                            f"{result.errors} socket errors"
                        )
        finally:
            for item in running:
                stop_server(item.process)
    return list(measurements.values())
