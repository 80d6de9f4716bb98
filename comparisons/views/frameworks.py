from functools import cached_property

from comparisons import queries
from comparisons.filters import FrameworkFilter
from comparisons.tables.matrix import FrameworkTable, cell_columns

from .base import FilteredTableView


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
        return queries.framework_rows(self.matrix.frameworks, self.matrix)

    def get_table_kwargs(self):
        return {
            "caption": "Python web frameworks",
            "extra_columns": cell_columns(self.matrix.rows, mark_differences=False),
        }
