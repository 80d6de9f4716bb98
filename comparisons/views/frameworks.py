"""The frameworks: the filterable list, and each framework's page."""

from functools import cached_property

from django.shortcuts import get_object_or_404
from django.views.generic import DetailView

from comparisons import queries
from comparisons.filters import FrameworkFilter
from comparisons.models import BenchmarkResult, Framework
from comparisons.tables.matrix import FrameworkTable, cell_columns
from comparisons.tables.rows import framework_rows

from .base import FilteredTableView
from .meta import PageMetaMixin


class FrameworkListView(FilteredTableView):
    """Every published framework, filterable, sortable by typed values, exportable."""

    page_title = "All frameworks"
    page_description = (
        "Every Python web framework we track: type, first release, latest version, licence "
        "and key features, sortable and filterable."
    )
    filterset_class = FrameworkFilter
    table_class = FrameworkTable
    template_name = "comparisons/framework_list.html"
    export_name = "frameworks"

    def get_queryset(self):
        return queries.published_frameworks()

    @cached_property
    def matrix(self):
        return queries.build_matrix(self.object_list, attributes=queries.key_attributes())

    def get_table_data(self):
        return framework_rows(self.matrix.frameworks, self.matrix)

    def get_table_kwargs(self):
        return {
            "caption": "Python web frameworks",
            "extra_columns": cell_columns(self.matrix.rows, mark_differences=False),
        }


class FrameworkDetailView(PageMetaMixin, DetailView):
    context_object_name = "framework"
    template_name = "comparisons/framework_detail.html"

    def get_page_title(self):
        return f"{self.object.name}: facts, features, benchmarks"

    def get_page_description(self):
        return self.object.summary or f"{self.object.name}, {self.object.kind.lower()}."

    def get_object(self, queryset=None):
        # The framework comes with its releases, in one query (one more only if it has none):
        # a prefetch would cost a query on every page with releases.
        self.releases = queries.published_framework_releases(self.kwargs["slug"])
        if self.releases:
            return self.releases[0].framework
        return get_object_or_404(
            Framework.objects.published().select_related("source"), slug=self.kwargs["slug"]
        )

    def get_context_data(self, **kwargs):
        framework = self.object
        results = (
            BenchmarkResult.objects.filter(framework=framework)
            .select_related("benchmark", "release", "source")
            .order_by("benchmark__position", "-measured_on")
        )
        return super().get_context_data(
            matrix=queries.build_matrix([framework]),
            releases=self.releases,
            latest_release=self.releases[0] if self.releases else None,
            results=results,
            pros_and_cons=queries.pros_and_cons([framework])[0],
            recommendations=framework.recommendations.select_related("scenario").order_by(
                "scenario__position", "rank"
            ),
            **kwargs,
        )
