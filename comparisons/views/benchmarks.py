from dataclasses import dataclass
from functools import cached_property

from django.db.models import F, Window
from django.db.models.functions import RowNumber

from comparisons.charts import BarChart, Datum, bar_chart
from comparisons.filters_benchmarks import BenchmarkResultFilter
from comparisons.models import Benchmark, BenchmarkResult
from comparisons.numbers import format_number
from comparisons.tables_benchmarks import BenchmarkResultTable, origin_text

from .tables import FilteredTableView

# What makes two results comparable: measured (or cited) the same way, with the same load on
# the same machine. The server is not part of it: each framework runs under its own usual
# server, which is part of what is compared, so every chart names each framework's server.
# A cited figure's setup is its source's: figures from different sources never share a chart.
SETUP_FIELDS = (
    "origin",
    "workers",
    "concurrency",
    "python_version",
    "hardware",
    "duration_seconds",
    "source_url",
)


def setup_key(result):
    return tuple(getattr(result, name) for name in SETUP_FIELDS)


def setup_summary(result):
    """The shared setup of a chart, in words: “measured here; 2 workers per server, …”."""
    parts = []
    if result.workers:
        parts.append(f"{result.workers} worker{'s' if result.workers != 1 else ''} per server")
    if result.concurrency:
        parts.append(f"{result.concurrency} connections")
    if result.python_version:
        parts.append(f"Python {result.python_version}")
    if result.hardware:
        parts.append(result.hardware)
    if result.duration_seconds:
        parts.append(f"{result.duration_seconds} s per run")
    if result.source_url:
        parts.append(f"source {result.source_url}")
    described = ", ".join(parts) if parts else "setup not published"
    return f"{origin_text(result.origin).lower()}; {described}"


@dataclass(frozen=True)
class BenchmarkChart:
    """A benchmark's chart for one setup: the latest result per framework, and the same
    figures as text."""

    benchmark: Benchmark
    results: list[BenchmarkResult]
    geometry: BarChart
    setup_number: int = 1  # this chart's setup, counted from 1 within its benchmark
    setup_count: int = 1  # how many setups the benchmark's shown results come from

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
    def description(self):
        direction = "Lower is better" if self.benchmark.lower_is_better else "Higher is better"
        figures = "; ".join(
            f"{framework_label(result)}: {result.display}" for result in self.results
        )
        return f"{direction}. {figures}."

    @property
    def details(self):
        """Per framework: what ran (version, server) and, for repeated runs, the spread."""
        rows = []
        for result in self.results:
            spread = result.spread_percent
            rows.append(
                {
                    "framework": result.framework.name,
                    "version": result.framework_version,
                    "server": result.server,
                    "median": (
                        f"{format_number(result.median_value)} {self.benchmark.unit}"
                        if result.median_value is not None
                        else ""
                    ),
                    "runs": (
                        f"{format_number(result.low_value)}–{format_number(result.high_value)}"
                        f" {self.benchmark.unit} over {result.runs} runs"
                        if result.median_value is not None and result.runs
                        else ""
                    ),
                    "spread": f"{spread:.1f}%" if spread is not None else "",
                    "display": result.display,
                }
            )
        return rows

    @property
    def has_details(self):
        return any(result.server or result.median_value is not None for result in self.results)


def framework_label(result):
    """“Flask 3.1.3 on gunicorn 27.0.1 (sync workers)”, or just the name when not recorded."""
    label = result.framework.name
    if result.framework_version:
        label = f"{label} {result.framework_version}"
    if result.server:
        label = f"{label} on {result.server}"
    return label


def _datum(result):
    return Datum(
        label=result.framework.name,
        low=result.low_value,
        high=result.high_value,
        text=result.display,
        median=result.median_value,
    )


def benchmark_charts(results) -> list[BenchmarkChart]:
    """One chart per benchmark and setup in ``results`` (ordered by benchmark), bars in the
    given order. Measured setups come before cited ones."""
    grouped: dict[int, tuple[Benchmark, dict[tuple, list[BenchmarkResult]]]] = {}
    for result in results:
        setups = grouped.setdefault(result.benchmark_id, (result.benchmark, {}))[1]
        setups.setdefault(setup_key(result), []).append(result)
    charts = []
    for benchmark, setups in grouped.values():
        ordered = sorted(
            setups.values(), key=lambda group: group[0].origin != BenchmarkResult.Origin.MEASURED
        )
        for number, group in enumerate(ordered, start=1):
            charts.append(
                BenchmarkChart(
                    benchmark=benchmark,
                    results=group,
                    geometry=bar_chart([_datum(result) for result in group], benchmark.unit),
                    setup_number=number,
                    setup_count=len(ordered),
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
        return BenchmarkResult.objects.filter(framework__is_published=True).select_related(
            "framework", "benchmark", "source"
        )

    def get_table_kwargs(self):
        return {"caption": "Benchmark results"}

    @cached_property
    def charts(self) -> list[BenchmarkChart]:
        """The charts of the filtered results, in one query: the newest result of each
        framework per benchmark, measured and cited kept apart. Lazy: the template reads
        ``view.charts``, so an export (which renders no template) never runs the query."""
        newest_first = Window(
            RowNumber(),
            partition_by=[F("framework_id"), F("benchmark_id"), F("origin")],
            order_by=[F("measured_on").desc(nulls_last=True), F("pk").desc()],
        )
        latest = (
            self.object_list.annotate(recency=newest_first)
            .filter(recency=1)
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

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        table = context["table"]

        def table_setup_count():
            # The rows of the page shown: the table fetches them once, whoever reads first.
            return len({setup_key(row.record) for row in table.paginated_rows})

        # A callable, so the template runs it (and an export, which renders none, never does).
        context["table_setup_count"] = table_setup_count
        return context
