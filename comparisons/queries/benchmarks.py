"""Benchmark results as pages show them: the benchmarks page's charts, groups and setup
legend, and the compare page's measured results ranked among themselves."""

from dataclasses import dataclass, field
from urllib.parse import urlsplit

from ..charts import BarChart, Datum, bar_chart
from ..models import Benchmark, BenchmarkResult
from ..numbers import format_number
from ..standings import Standing, standings

ORIGIN_TEXT = {
    BenchmarkResult.Origin.MEASURED: "Measured here",
    BenchmarkResult.Origin.CITED: "Cited",
}


def origin_text(origin):
    """“Measured here” or “Cited”: what readers see for a result's origin."""
    return ORIGIN_TEXT.get(origin, str(origin))


def is_web_link(url):
    """Whether a stored source is an http(s) address: anything else is shown as text."""
    parts = urlsplit(url or "")
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def setup_summary(result, with_source=True):
    """The shared setup of a chart, in words: “measured here; 2 workers per server, …”."""
    parts = result.shared_setup
    if result.source_url and with_source:
        parts.append(f"source {result.source_url}")
    described = ", ".join(parts) if parts else "setup not published"
    return f"{origin_text(result.origin).lower()}; {described}"


def framework_label(result):
    """“Flask 3.1.3 on gunicorn 27.0.1 (sync workers)”, or just the name when not recorded."""
    label = result.framework.name
    if result.framework_version:
        label = f"{label} {result.framework_version}"
    if result.server:
        label = f"{label} on {result.server}"
    return label


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
    """One entry of the page's setup legend."""

    number: int
    summary: str
    source_url: str

    @property
    def source_is_link(self):
        return is_web_link(self.source_url)


@dataclass
class ResultsPage:
    """The table page shown, grouped by benchmark with its charts, and the legend of the
    setups it uses, numbered in the order they appear."""

    groups: list[BenchmarkGroup]
    setups: list[Setup]
    table_setup_count: int  # how many setups the table page's rows come from
    setup_numbers: dict[tuple, int]  # result.experiment_key -> its number in the legend


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


def _groups(rows, charts) -> list[BenchmarkGroup]:
    """The rows by benchmark, in the order they come, each with its benchmark's charts."""
    groups: dict[int, BenchmarkGroup] = {}
    for row in rows:
        record = row.record
        group = groups.setdefault(record.benchmark_id, BenchmarkGroup(record.benchmark, [], []))
        group.rows.append(row)
    for chart in charts:
        if chart.benchmark.pk in groups:
            groups[chart.benchmark.pk].charts.append(chart)
    return list(groups.values())


def _setups(groups) -> dict[tuple, Setup]:
    """Each setup the groups show, by experiment key, numbered as readers meet them: a
    group's charts, then its rows."""
    setups: dict[tuple, Setup] = {}
    for group in groups:
        results = [r for chart in group.charts for r in chart.results]
        for result in results + [row.record for row in group.rows]:
            key = result.experiment_key
            if key not in setups:
                summary = setup_summary(result, with_source=False)
                setups[key] = Setup(len(setups) + 1, summary, result.source_url)
    return setups


def results_page(rows, charts: list[BenchmarkChart]) -> ResultsPage:
    """The benchmarks page for its table page's ``rows`` and their ``charts``; numbers each
    chart's setup in the legend."""
    groups = _groups(rows, charts)
    setups = _setups(groups)
    numbers = {key: setup.number for key, setup in setups.items()}
    for chart in charts:
        chart.legend_number = numbers.get(chart.results[0].experiment_key)
    return ResultsPage(
        groups=groups,
        setups=list(setups.values()),
        table_setup_count=len({row.record.experiment_key for row in rows}),
        setup_numbers=numbers,
    )


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
