"""Measured results of a few frameworks, ranked among themselves (the compare page)."""

from dataclasses import dataclass

from ..models import Benchmark, BenchmarkResult
from ..standings import Standing, standings


@dataclass(frozen=True)
class MeasuredComparison:
    """One measured experiment: the chosen frameworks' results, each with its rank and
    verdict against the fastest of them."""

    benchmark: Benchmark
    standings: list[Standing]


def measured_standings(frameworks) -> list[MeasuredComparison]:
    """For each measured experiment holding at least two of ``frameworks``, their newest
    results readers see, ranked among themselves; one query."""
    results = (
        BenchmarkResult.objects.shown()
        .filter(origin=BenchmarkResult.Origin.MEASURED, framework__in=frameworks)
        .latest_per_framework()
        .select_related("framework", "benchmark")
        .in_chart_order()
    )
    experiments: dict[tuple, list[BenchmarkResult]] = {}
    for result in results:
        experiments.setdefault((result.benchmark_id, result.experiment_key), []).append(result)
    return [
        MeasuredComparison(group[0].benchmark, standings(group))
        for group in experiments.values()
        if len(group) >= 2
    ]
