"""The benchmarks page: the results table, with the charts and setup legend of the page
shown (built in ``comparisons.queries.benchmarks``)."""

from comparisons.filters import BenchmarkResultFilter
from comparisons.models import BenchmarkResult
from comparisons.queries.benchmarks import (
    BenchmarkChart,
    ResultsPage,
    benchmark_charts,
    results_page,
)
from comparisons.tables.benchmarks import BenchmarkResultTable

from .base import FilteredTableView


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

    def results_page(self, table) -> ResultsPage:
        """The table page shown, grouped by benchmark with its charts and setup legend."""
        rows = list(table.paginated_rows)
        page = results_page(rows, self.charts(rows))
        table.setup_numbers.update(page.setup_numbers)
        return page

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        table = context["table"]
        # A callable, so the template runs it (and an export, which renders none, never does).
        context["results_page"] = lambda: self.results_page(table)
        return context
