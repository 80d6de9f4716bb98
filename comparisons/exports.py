"""Table exports (CSV, JSON, XLSX via django-tables2 and tablib), safe to open in spreadsheets."""

from django.http import Http404
from django_tables2.export import ExportMixin, TableExport
from tablib import Dataset

EXPORT_FORMATS = (TableExport.CSV, TableExport.JSON, TableExport.XLSX)
# Spreadsheets run cells starting with these as formulas (OWASP "CSV injection").
_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(value):
    """Prefix text that a spreadsheet would run as a formula with a quote, making it plain text."""
    if isinstance(value, str) and value.startswith(_FORMULA_PREFIXES):
        return "'" + value
    return value


class SafeTableExport(TableExport):
    def table_to_dataset(self, table, exclude_columns, dataset_kwargs=None):
        dataset = Dataset(**{"title": "Export", **(dataset_kwargs or {})})
        rows = table.as_values(exclude_columns=exclude_columns)
        dataset.headers = [neutralise_formula(header) for header in next(rows)]
        for row in rows:
            dataset.append([neutralise_formula(value) for value in row])
        return dataset


class SafeExportMixin(ExportMixin):
    """``?_export=csv|json|xlsx`` downloads the table as shown; any other value is a 404."""

    export_class = SafeTableExport
    export_formats = EXPORT_FORMATS

    def render_to_response(self, context, **kwargs):
        export_format = self.request.GET.get(self.export_trigger_param)
        if export_format is None:
            return super().render_to_response(context, **kwargs)
        if export_format not in self.export_formats:
            raise Http404(f"Unknown export format “{export_format}”: use csv, json or xlsx.")
        return self.create_export(export_format)
