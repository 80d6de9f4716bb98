from dataclasses import dataclass
from functools import cached_property

from comparisons.charts import BarChart, Datum, bar_chart
from comparisons.filters_benchmarks import BenchmarkResultFilter
from comparisons.models import Benchmark, BenchmarkResult
from comparisons.tables_benchmarks import BenchmarkResultTable

from .tables import FilteredTableView


@dataclass(frozen=True)
class BenchmarkChart:
    """A benchmark's chart: the latest result per framework, and the same figures as text."""

    benchmark: Benchmark
    results: list[BenchmarkResult]
    geometry: BarChart

    @property
    def dom_id(self):
        return f"chart-{self.benchmark.slug}"

    @property
    def title(self):
        return f"{self.benchmark.name} ({self.benchmark.unit}), latest result per framework"

    @property
    def description(self):
        direction = "Lower is better" if self.benchmark.lower_is_better else "Higher is better"
        figures = "; ".join(f"{result.framework.name}: {result.display}" for result in self.results)
        return f"{direction}. {figures}."


def benchmark_charts(results) -> list[BenchmarkChart]:
    """One chart per benchmark in ``results`` (ordered by benchmark), bars in the given order."""
    grouped: dict[int, tuple[Benchmark, list[BenchmarkResult]]] = {}
    for result in results:
        grouped.setdefault(result.benchmark_id, (result.benchmark, []))[1].append(result)
    return [
        BenchmarkChart(
            benchmark=benchmark,
            results=group,
            geometry=bar_chart(
                [
                    Datum(
                        label=result.framework.name,
                        low=result.low_value,
                        high=result.high_value,
                        text=result.display,
                    )
                    for result in group
                ],
                axis_label=benchmark.unit,
            ),
        )
        for benchmark, group in grouped.values()
    ]


class BenchmarkListView(FilteredTableView):
    """Results of published frameworks with their setup and source; sortable, filterable,
    exportable, with one chart per benchmark of the latest result per framework."""

    page_title = "Benchmarks"
    page_description = (
        "Benchmark results of Python web frameworks, each with the setup it was measured on "
        "and its source; sortable, filterable and charted."
    )
    filterset_class = BenchmarkResultFilter
    table_class = BenchmarkResultTable
    template_name = "comparisons/benchmark_list.html"
    export_name = "benchmarks"

    def get_queryset(self):
        return BenchmarkResult.objects.filter(framework__is_published=True).select_related(
            "framework", "benchmark"
        )

    def get_table_kwargs(self):
        return {"caption": "Benchmark results"}

    @cached_property
    def charts(self) -> list[BenchmarkChart]:
        """The charts of the filtered results, in one query. Lazy: the template reads
        ``view.charts``, so an export (which renders no template) never runs the query."""
        latest = (
            self.object_list.latest_per_framework()
            .select_related("framework", "benchmark")
            .order_by(
                "benchmark__position",
                "benchmark__name",
                "benchmark_id",
                "framework__position",
                "framework__name",
            )
        )
        return benchmark_charts(latest)
