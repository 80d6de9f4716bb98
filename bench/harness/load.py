"""The load: running wrk and reading its output, and the median and spread of repeated
runs."""

import re
import statistics
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from .environment import pinned, run_command
from .errors import HarnessError
from .servers import fetch

WRK_THREADS = 2
WRK_GRACE_SECONDS = 30  # how much longer than its duration a wrk run may take
PRIMING_REQUESTS = 20  # the warm-up when there is no timed warm-up (smoke runs)

_TIME_UNITS_MS = {"us": Decimal("0.001"), "ms": Decimal(1), "s": Decimal(1000), "m": Decimal(60000)}
_TIME = r"([\d.]+)(us|ms|s|m|h)"


@dataclass(frozen=True)
class WrkResult:
    requests_per_second: Decimal
    latency_p50_ms: Decimal
    latency_p99_ms: Decimal
    requests: int
    seconds: Decimal
    socket_errors: dict
    non_2xx: int
    latency_mean_ms: Decimal

    @property
    def errors(self):
        return sum(self.socket_errors.values())


def _milliseconds(number, unit):
    if unit == "h":
        return Decimal(number) * 3600000
    return Decimal(number) * _TIME_UNITS_MS[unit]


def parse_wrk(output: str) -> WrkResult:
    """Requests/s, mean, p50 and p99 latency (ms), requests, seconds and errors from wrk's
    output (run with ``--latency``)."""
    rate = re.search(r"^Requests/sec:\s+([\d.]+)", output, re.MULTILINE)
    if not rate:
        raise HarnessError(f"no Requests/sec in wrk's output:\n{output}")
    latencies = {}
    for percent in ("50", "99"):
        found = re.search(rf"^\s+{percent}(?:\.0+)?%\s+{_TIME}\s*$", output, re.MULTILINE)
        if not found:
            raise HarnessError(f"no {percent}% latency in wrk's output (was --latency given?)")
        latencies[percent] = _milliseconds(*found.groups())
    # "Latency  Avg Stdev Max": wrk works the average out over every request, not per thread.
    mean = re.search(rf"^\s+Latency\s+{_TIME}\s", output, re.MULTILINE)
    if not mean:
        raise HarnessError(f"no mean latency in wrk's output:\n{output}")
    total = re.search(rf"^\s+(\d+) requests in {_TIME}", output, re.MULTILINE)
    if not total:
        raise HarnessError(f"no request count in wrk's output:\n{output}")
    socket_errors = dict.fromkeys(("connect", "read", "write", "timeout"), 0)
    found = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    if found:
        socket_errors = dict(zip(socket_errors, map(int, found.groups()), strict=True))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return WrkResult(
        requests_per_second=Decimal(rate.group(1)),
        latency_p50_ms=latencies["50"],
        latency_p99_ms=latencies["99"],
        latency_mean_ms=_milliseconds(*mean.groups()),
        requests=int(total.group(1)),
        seconds=_milliseconds(total.group(2), total.group(3)) / 1000,
        socket_errors=socket_errors,
        non_2xx=int(non_2xx.group(1)) if non_2xx else 0,
    )


@dataclass(frozen=True)
class Summary:
    """Repeated runs of one measurement: the median, and the lowest and highest run."""

    median: Decimal
    low: Decimal
    high: Decimal
    runs: int

    @property
    def spread_percent(self):
        """How far apart the lowest and highest runs are, as a share of the median."""
        if not self.median:
            return None
        return (self.high - self.low) / self.median * 100


def summarize(values, places=2) -> Summary:
    """The median, lowest and highest of ``values``, rounded to ``places`` decimal places."""
    values = [Decimal(value) for value in values]
    if not values:
        raise ValueError("no runs to summarize")
    step = Decimal(1).scaleb(-places)

    def rounded(value):
        return value.quantize(step, rounding=ROUND_HALF_UP)

    return Summary(
        median=rounded(statistics.median(values)),
        low=rounded(min(values)),
        high=rounded(max(values)),
        runs=len(values),
    )


def wrk_arguments(options, seconds):
    return pinned(["wrk"], options.load_cpus) + [
        f"-t{options.threads}",
        f"-c{options.concurrency}",
        f"-d{seconds}s",
        "--latency",
    ]


def wrk(url, options, seconds, script=None, script_args=(), headers=()):
    """wrk's output for ``seconds`` of load on ``url``; ``script``: a Lua script and its
    arguments; ``headers``: "Name: value" lines sent with every request."""
    command = wrk_arguments(options, seconds) + (["-s", str(script)] if script else [])
    command += [argument for header in headers for argument in ("-H", header)]
    command += [url, "--", *script_args] if script_args else [url]
    done = run_command(command, timeout=seconds + WRK_GRACE_SECONDS)
    if done.returncode:
        raise HarnessError(f"wrk failed ({done.returncode}): {done.stderr or done.stdout}")
    return done.stdout


def warm_up(url, options, headers=()):
    if options.warmup > 0:
        wrk(url, options, options.warmup, headers=headers)
    else:
        for _ in range(PRIMING_REQUESTS):
            fetch(url)


def wrk_command(options):
    return " ".join(wrk_arguments(options, options.duration))
