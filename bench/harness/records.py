"""Recording: the measured benchmarks, and one BenchmarkResult per framework and metric."""

from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.utils import timezone

from comparisons.changes import save_with_history
from comparisons.models import Benchmark, BenchmarkResult, Framework, Release
from comparisons.releases import benchmark_source, propose_measured_version
from comparisons.versions import version_sort_key

from .catalogue import METHODOLOGY, METRICS
from .load import wrk_command
from .runs import MIN_RUNS
from .servers import HOST


def result_notes(measurement, options, environment, summary):
    """Two sentences on how the figure was obtained, stored with the result."""
    warmup = f"a {options.warmup} s warm-up" if options.warmup else "a short warm-up"
    method = f"`{wrk_command(options)}` against `{measurement.endpoint.path}` on {HOST}"
    if summary.runs == 1:
        figure = f"One run of {method} after {warmup}: a smoke run, too short to compare."
    else:
        spread = summary.spread_percent
        spread_text = f" (spread {spread:.1f}%)" if spread is not None else ""
        figure = (
            f"The median of {summary.runs} runs of {method}, interleaved with the other "
            f"frameworks' runs after {warmup}; low and high are the lowest and highest "
            f"runs{spread_text}."
        )
    load = (
        f"; load average {measurement.load_average:.2f} when the benchmark started"
        if measurement.load_average is not None
        else ""
    )
    python = environment.python_reasons.get(measurement.app.slug)
    python_text = f" Python {measurement.python_version}: {python}." if python else ""
    return (
        f"{figure} {environment.wrk} ran on the same machine as the server, "
        f"{options.pinning}; {measurement.errors} socket errors{load}.{python_text}"
    )


def withheld_reason(summary, max_spread):
    """Why a result is kept from readers (editors see it), or "" to publish it."""
    if summary.runs < MIN_RUNS:
        return (
            f"{summary.runs} run(s): fewer than {MIN_RUNS}, too few for a 95% confidence "
            "interval of the median; measure with --runs 6 or more."
        )
    spread = summary.spread_percent
    if spread is None:
        return "The median is zero: the spread between runs cannot be judged."
    if spread > max_spread:
        return (
            f"Too noisy: the runs spread over {spread:.1f}% of the median "
            f"({summary.low}–{summary.high}), above the {max_spread:g}% limit "
            "(--max-spread); measure again on a quieter machine."
        )
    return ""


def run_values(measurement, metric):
    """Each run's figure as a JSON number, rounded as the median is."""
    step = Decimal(1).scaleb(-metric.places)
    rounded = [
        value.quantize(step, rounding=ROUND_HALF_UP) for value in measurement.values(metric.key)
    ]
    return [int(value) if metric.places == 0 else float(value) for value in rounded]


def ensure_benchmarks():
    """The measured benchmarks, created on first use (editors may change their text later),
    each saying which statistic it summarises."""
    benchmarks = {}
    for metric in METRICS:
        benchmark = Benchmark.objects.filter(slug=metric.slug).first()
        if benchmark is not None and benchmark.statistic == Benchmark.Statistic.OTHER:
            benchmark.statistic = metric.statistic  # made before benchmarks said it
            save_with_history(benchmark, reason="Statistic set by manage.py run_benchmarks")
        if benchmark is None:
            benchmark = Benchmark(
                slug=metric.slug,
                name=metric.name,
                unit=metric.unit,
                lower_is_better=metric.lower_is_better,
                description=metric.description,
                methodology=METHODOLOGY,
                statistic=metric.statistic,
                position=metric.position,
            )
            save_with_history(benchmark, reason="Created by manage.py run_benchmarks")
        benchmarks[metric.slug] = benchmark
    return benchmarks


def record(measurements, options, environment, today=None):
    """One BenchmarkResult per framework and metric, saved normally (history, change log).

    Each result links the Release it measured; a version no Release records yet becomes
    a release proposal, and accepting it links these results.
    """
    today = today or timezone.localdate()  # the site's day, as its future-date checks use
    frameworks = Framework.objects.in_bulk([m.app.slug for m in measurements], field_name="slug")
    by_key = {(m.app.slug, m.endpoint.slug): m for m in measurements}
    results = []
    with transaction.atomic():
        benchmarks = ensure_benchmarks()
        source = benchmark_source(today)
        for (framework_slug, endpoint_slug), measurement in by_key.items():
            framework = frameworks.get(framework_slug)
            if framework is None:
                continue
            release = Release.objects.filter(
                framework=framework, version_key=version_sort_key(measurement.framework_version)
            ).first()
            if release is None:
                propose_measured_version(framework, measurement.framework_version, today)
            for metric in METRICS:
                if metric.endpoint != endpoint_slug:
                    continue
                summary = measurement.summary(metric.key, metric.places)
                result = BenchmarkResult(
                    framework=framework,
                    benchmark=benchmarks[metric.slug],
                    release=release,
                    origin=BenchmarkResult.Origin.MEASURED,
                    low_value=summary.low,
                    high_value=summary.high,
                    median_value=summary.median,
                    measured_on=today,
                    source=source,
                    source_url="",
                    server=measurement.server,
                    workers=options.workers,
                    concurrency=options.concurrency,
                    python_version=measurement.python_version,
                    hardware=environment.hardware,
                    runs=summary.runs,
                    duration_seconds=options.duration,
                    framework_version=measurement.framework_version,
                    notes=result_notes(measurement, options, environment, summary),
                    run_values=run_values(measurement, metric),
                    withheld_reason=withheld_reason(summary, options.max_spread),
                )
                result.full_clean()
                save_with_history(result, reason="Measured by manage.py run_benchmarks")
                results.append(result)
    return results
