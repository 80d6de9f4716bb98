from dataclasses import dataclass, field

from comparisons.charts import BarChart, Datum, bar_chart
from comparisons.filters import BenchmarkResultFilter
from comparisons.models import Benchmark, BenchmarkResult
from comparisons.numbers import format_number
from comparisons.standings import Standing, standings
from comparisons.tables.benchmarks import (
    BenchmarkResultTable,
    is_web_link,
    origin_text,
)

from .base import FilteredTableView


def setup_summary(result, with_source=True):
    """The shared setup of a chart, in words: “measured here; 2 workers per server, …”."""
    parts = result.shared_setup
    if result.source_url and with_source:
        parts.append(f"source {result.source_url}")
    described = ", ".join(parts) if parts else "setup not published"
    return f"{origin_text(result.origin).lower()}; {described}"


@dataclass
class BenchmarkChart:
    """A benchmark's chart for one setup: the latest result per framework, and the same
    figures as text."""

    benchmark: Benchmark
    results: list[BenchmarkResult]
    geometry: BarChart
    setup_number: int = 1  # this chart's setup, counted from 1 within its benchmark
    setup_count: int = 1  # how many setups the benchmark's shown results come from
    legend_number: int | None = None  # its setup's number in the page's legend
    # Measured charts: each result's rank and verdict against the fastest, in results' order.
    standings: list[Standing] = field(default_factory=list)

    @property
    def dom_id(self):
        if self.setup_number == 1:
            return f"chart-{self.benchmark.slug}"
        return f"chart-{self.benchmark.slug}-setup-{self.setup_number}"

    @property
    def title(self):
        setup = f", setup {self.setup_number} of {self.setup_count}" if self.setup_count > 1 else ""
        return f"{self.benchmark.name} ({self.benchmark.unit}), latest result per framework{setup}"

    @property
    def setup(self):
        return setup_summary(self.results[0])

    @property
    def is_measured(self):
        return self.results[0].origin == BenchmarkResult.Origin.MEASURED

    @property
    def is_first_of_benchmark(self):
        return self.setup_number == 1

    @property
    def has_intervals(self):
        return any(result.interval for result in self.results)

    @property
    def description(self):
        direction = "Lower is better" if self.benchmark.lower_is_better else "Higher is better"
        if self.standings:
            figures = "; ".join(
                f"{framework_label(s.result)}: {s.result.display}, {s.text}" for s in self.standings
            )
        else:
            figures = "; ".join(
                f"{framework_label(result)}: {result.display}" for result in self.results
            )
            if not self.is_measured:
                return f"{direction}. As their source claimed them: {figures}."
        return f"{direction}. {figures}."


@dataclass
class BenchmarkGroup:
    """A benchmark's part of the page: its charts and its rows of the table page shown."""

    benchmark: Benchmark
    rows: list
    charts: list[BenchmarkChart]

    @property
    def dom_id(self):
        return f"benchmark-{self.benchmark.slug}"


@dataclass(frozen=True)
class Setup:
    number: int
    summary: str
    source_url: str

    @property
    def source_is_link(self):
        return is_web_link(self.source_url)


def framework_label(result):
    """“Flask 3.1.3 on gunicorn 27.0.1 (sync workers)”, or just the name when not recorded."""
    label = result.framework.name
    if result.framework_version:
        label = f"{label} {result.framework_version}"
    if result.server:
        label = f"{label} on {result.server}"
    return label


def _datum(result, standing=None):
    """A cited figure as its range; a measured one as a bar to its median with its 95%
    confidence interval as the whisker (none without enough runs) and its rank before it."""
    if standing is None:
        return Datum(
            label=result.framework.name,
            low=result.low_value,
            high=result.high_value,
            text=result.display,
            median=result.median_value,
        )
    interval = result.interval
    figure = format_number(result.figure)
    if interval is not None:
        figure = f"{figure} ({format_number(interval.low)}–{format_number(interval.high)})"
    return Datum(
        label=result.framework.name,
        low=interval.low if interval else result.figure,
        high=interval.high if interval else None,
        text=f"{standing.rank} · {figure}",
        median=result.figure,
    )


def benchmark_charts(results) -> list[BenchmarkChart]:
    """One chart per benchmark and setup in ``results`` (ordered by benchmark), bars in the
    given order. Measured setups come before cited ones; their results are ranked."""
    grouped: dict[int, tuple[Benchmark, dict[tuple, list[BenchmarkResult]]]] = {}
    for result in results:
        setups = grouped.setdefault(result.benchmark_id, (result.benchmark, {}))[1]
        setups.setdefault(result.experiment_key, []).append(result)
    charts = []
    for benchmark, setups in grouped.values():
        ordered = sorted(
            setups.values(), key=lambda group: group[0].origin != BenchmarkResult.Origin.MEASURED
        )
        for number, group in enumerate(ordered, start=1):
            ranked = standings(group) if group[0].is_measured else []
            data = [
                _datum(result, ranked[index] if ranked else None)
                for index, result in enumerate(group)
            ]
            charts.append(
                BenchmarkChart(
                    benchmark=benchmark,
                    results=group,
                    geometry=bar_chart(data, benchmark.unit),
                    setup_number=number,
                    setup_count=len(ordered),
                    standings=ranked,
                )
            )
    return charts


class BenchmarkListView(FilteredTableView):
    """Results of published frameworks with their setup and source; sortable, filterable,
    exportable, with one chart per benchmark and setup of the latest result per framework."""

    page_title = "Benchmarks"
    page_description = (
        "Benchmark results of Python web frameworks, measured here or cited, each with the "
        "setup it was measured on and its source; sortable, filterable and charted."
    )
    filterset_class = BenchmarkResultFilter
    table_class = BenchmarkResultTable
    template_name = "comparisons/benchmark_list.html"
    export_name = "benchmarks"

    def get_queryset(self):
        # Measured results first, so a benchmark we measured leads the page and a cited
        # figure follows what we measured (a sorted column orders the table instead).
        return (
            BenchmarkResult.objects.shown()
            .filter(framework__is_published=True)
            .select_related("framework", "benchmark", "source")
            .order_by(*BenchmarkResult.MEASURED_FIRST, "benchmark", "framework", "-measured_on")
        )

    def get_table_kwargs(self):
        return {"caption": "Benchmark results"}

    def charts(self, rows) -> list[BenchmarkChart]:
        """The charts of the frameworks and benchmarks on the table page shown, in one query:
        the newest result of each framework per benchmark, measured and cited kept apart."""
        records = [row.record for row in rows]
        if not records:
            return []
        latest = (
            self.object_list.filter(
                framework__in={record.framework_id for record in records},
                benchmark__in={record.benchmark_id for record in records},
            )
            .latest_per_framework(by_origin=True)
            .select_related("framework", "benchmark")
            .in_chart_order()
        )
        return benchmark_charts(latest)

    def results_page(self, table):
        """The table page shown, grouped by benchmark with its charts, and the legend of
        the setups it uses, numbered in the order they appear."""
        rows = list(table.paginated_rows)
        charts = self.charts(rows)
        groups: dict[int, BenchmarkGroup] = {}
        for row in rows:
            record = row.record
            group = groups.setdefault(record.benchmark_id, BenchmarkGroup(record.benchmark, [], []))
            group.rows.append(row)
        for chart in charts:
            if chart.benchmark.pk in groups:
                groups[chart.benchmark.pk].charts.append(chart)
        setups: dict[tuple, Setup] = {}
        for group in groups.values():
            results = [r for chart in group.charts for r in chart.results]
            for result in results + [row.record for row in group.rows]:
                key = result.experiment_key
                if key not in setups:
                    summary = setup_summary(result, with_source=False)
                    setups[key] = Setup(len(setups) + 1, summary, result.source_url)
        table.setup_numbers.update({key: setup.number for key, setup in setups.items()})
        for chart in charts:
            chart.legend_number = table.setup_numbers.get(chart.results[0].experiment_key)
        return {
            "groups": list(groups.values()),
            "setups": list(setups.values()),
            "table_setup_count": len({row.record.experiment_key for row in rows}),
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        table = context["table"]
        # A callable, so the template runs it (and an export, which renders none, never does).
        context["results_page"] = lambda: self.results_page(table)
        return context
