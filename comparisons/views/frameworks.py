"""The frameworks: the filterable list, and each framework's page."""

from functools import cached_property

from django.urls import reverse
from django.utils import timezone
from django.views.generic import DetailView

from comparisons import queries, share_images, structured_data
from comparisons.charts import timeline
from comparisons.filters import FrameworkFilter
from comparisons.models import BenchmarkResult
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

    def get_context_data(self, **kwargs):
        return super().get_context_data(as_of=self.matrix.as_of, **kwargs)


SERIES_SHOWN = 12  # the newest series in the table; every release is in the list below it


class FrameworkDetailView(PageMetaMixin, DetailView):
    context_object_name = "framework"
    template_name = "comparisons/framework_detail.html"
    breadcrumb_parent = ("Frameworks", "comparisons:framework-list")

    def get_breadcrumb_name(self):
        return self.object.name

    def get_structured_data(self, canonical_url):
        return [
            *super().get_structured_data(canonical_url),
            structured_data.software_application(self.object, canonical_url),
        ]

    def get_share_image(self):
        return (
            reverse("comparisons:share-framework", args=[self.object.slug]),
            share_images.framework_card(self.object),
        )

    def get_page_title(self):
        return f"{self.object.name}: facts, features, releases, benchmarks"

    def get_page_description(self):
        return self.object.summary or f"{self.object.name}, {self.object.kind.lower()}."

    def get_queryset(self):
        return queries.published_frameworks().select_related("source", "support_policy_source")

    def get_context_data(self, **kwargs):
        framework = self.object
        releases = queries.framework_releases(framework)
        results = list(
            BenchmarkResult.objects.shown()
            .filter(framework=framework)
            .select_related("benchmark", "release", "source")
            .order_by(*BenchmarkResult.MEASURED_FIRST, "benchmark__position", "-measured_on")
        )
        life = queries.lifecycle(framework, releases)
        matrix = queries.build_matrix([framework], results=results)
        return super().get_context_data(
            matrix=matrix,
            as_of=matrix.as_of,
            releases=releases,
            release_sources=list(
                {release.source_id: release.source for release in releases}.values()
            ),
            lifecycle=life,
            series_shown=life.series[:SERIES_SHOWN],
            timeline=timeline(queries.timeline_rows(life), timezone.localdate()),
            latest_version=queries.latest_version_text(framework),
            results=results,
            pros_and_cons=queries.pros_and_cons([framework])[0],
            recommendations=framework.recommendations.select_related("scenario").order_by(
                "scenario__position", "rank"
            ),
            compare_with=queries.comparisons_with(framework),
            articles=queries.articles_naming(framework),
            **kwargs,
        )
