"""The base of the table pages (frameworks, benchmarks): filtered, sorted, paged, exported."""

from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from comparisons.exports import SafeExportMixin
from comparisons.pagination import TABLE_PAGINATION

from .meta import PageMetaMixin


class FilteredTableView(PageMetaMixin, SafeExportMixin, SingleTableMixin, FilterView):
    """A sortable, filterable, exportable table page with a clamped paginator."""

    table_pagination = TABLE_PAGINATION
    strict = False  # an invalid filter shows its error beside results, not an empty table
