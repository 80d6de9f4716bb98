"""Table exports (CSV, JSON, XLSX via django-tables2 and tablib), typed and safe to open.

JSON is a list of rows keyed by column heading; each cell is an object in the spirit of
caniuse's data file: display text, support level, number or low/high with unit, ordinal
rank, note, origin, source (title, URL) and verified date. In CSV and XLSX each column
of sourced cells is followed by its source and verified-date columns; XLSX writes plain
figures (years, counts) as numbers, with readable column widths.
"""

import json
from decimal import Decimal
from enum import Enum
from io import BytesIO

from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404
from django.utils.encoding import force_str
from django_tables2.export import ExportMixin, TableExport
from openpyxl import load_workbook
from openpyxl.styles import Alignment
from tablib import Dataset

from .numbers import format_number, plain_number
from .queries import TYPED_FIELDS, Cell

# Every format a table downloads in, with the name its link shows: the mixin, its 404
# message and the links all read this.
EXPORT_FORMATS = {
    TableExport.CSV: "CSV",
    TableExport.JSON: "JSON",
    TableExport.XLSX: "Excel (XLSX)",
}
# Spreadsheets run cells starting with these as formulas (OWASP "CSV injection").
_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# Characters: wide enough to read a phrase, narrow enough that notes wrap instead.
XLSX_MIN_WIDTH, XLSX_MAX_WIDTH = 10, 60


def neutralise_formula(value):
    """Prefix text that a spreadsheet would run as a formula with a quote, making it plain text."""
    if isinstance(value, str) and value.startswith(_FORMULA_PREFIXES):
        return "'" + value
    return value


def _typed_value(value):
    """A typed figure as JSON holds it: a number, a choice's value, or null for none."""
    if isinstance(value, Decimal):
        return plain_number(value)
    if isinstance(value, Enum):
        return value.value
    return None if value == "" else value


def cell_data(cell: Cell, definition: str = "") -> dict:
    """A cell as typed data: what the JSON export holds for each value, with its row's
    definition."""
    result = cell.result
    source = cell.source
    computed = {}
    if cell.day:
        computed["date"] = cell.day.isoformat()
    if cell.versions:
        computed["versions"] = list(cell.versions)
    return {
        "text": cell.text,
        **{name: _typed_value(getattr(cell, name)) for name in TYPED_FIELDS},
        "note": cell.note or None,
        "origin": result.origin if result is not None else None,
        "source": (
            {
                "title": source.title,
                "publisher": source.publisher or None,
                "url": cell.source_url or source.url or None,
            }
            if source is not None
            else ({"title": None, "url": cell.source_url} if cell.source_url else None)
        ),
        "verified_on": cell.verified_on.isoformat() if cell.verified_on else None,
        **computed,
        **({"definition": definition} if definition else {}),
    }


def source_text(cell: Cell) -> str:
    if cell.result is not None and cell.result.is_measured:
        return "Measured by this site"
    if cell.source is not None:
        return cell.source.citation
    return cell.source_url


def spreadsheet_number(cell: Cell):
    """The cell's figure, when the text shows just that figure (and its unit)."""
    if cell.number is None or cell.low is not None or cell.support is not None:
        return None
    figure = format_number(cell.number)
    if cell.text in (figure, f"{figure} {cell.unit}".strip()):
        return plain_number(cell.number)
    return None


def _has_provenance(cell: Cell) -> bool:
    """Cells from the matrix carry a source or a date; a framework's plain facts do not."""
    return bool(cell.source or cell.source_url or cell.verified_on or cell.result)


def _columns(table, exclude_columns):
    exclude_columns = exclude_columns or ()
    return [
        column
        for column in table.columns.iterall()
        if not (column.column.exclude_from_export or column.name in exclude_columns)
    ]


def _raw(row, column):
    return column.accessor.resolve(row.record, quiet=True)


def _headers(columns, rows) -> tuple[list[str], set[str]]:
    """The export's headers, and the columns of sourced cells: each such column is followed
    by its source, verified day and note."""
    headers = []
    cell_columns = set()
    for column in columns:
        headers.append(force_str(column.header))
        cells = [_raw(row, column) for row in rows]
        if (
            cells
            and all(isinstance(cell, Cell) for cell in cells)
            and any(_has_provenance(cell) for cell in cells)
        ):
            cell_columns.add(column.name)
            headers += [
                f"{column.header}: source",
                f"{column.header}: verified",
                f"{column.header}: note",
            ]
    return headers, cell_columns


def _row_values(row, columns, cell_columns, as_numbers) -> tuple[list, dict]:
    """One row as the sheet's values (numbers where ``as_numbers`` and the cell has one)
    and as the typed export's {header: value}."""
    values, typed = [], {}
    for column in columns:
        raw = _raw(row, column)
        label = force_str(column.header)
        if isinstance(raw, Cell):
            typed[label] = cell_data(raw, getattr(column.column, "description", ""))
        if column.name in cell_columns:
            number = spreadsheet_number(raw) if as_numbers else None
            values += [
                number if number is not None else raw.text,
                source_text(raw),
                raw.verified_on.isoformat() if raw.verified_on else "",
                raw.note,
            ]
        elif isinstance(raw, Cell):
            number = spreadsheet_number(raw) if as_numbers else None
            values.append(number if number is not None else raw.text)
        else:
            value = force_str(row.get_cell_value(column.name), strings_only=True)
            values.append(value)
            typed[label] = value
    return values, typed


class SafeTableExport(TableExport):
    def table_to_dataset(self, table, exclude_columns, dataset_kwargs=None):
        dataset = Dataset(**{"title": "Export", **(dataset_kwargs or {})})
        columns = _columns(table, exclude_columns)
        rows = list(table.rows)
        self.typed = []
        as_numbers = self.format == TableExport.XLSX
        headers, cell_columns = _headers(columns, rows)
        dataset.headers = [neutralise_formula(header) for header in headers]
        self.definitions = [
            (force_str(column.header), column.column.description)
            for column in columns
            if getattr(column.column, "description", "")
        ]
        for row in rows:
            values, typed = _row_values(row, columns, cell_columns, as_numbers)
            dataset.append([neutralise_formula(value) for value in values])
            self.typed.append(typed)
        return dataset

    def export(self):
        if self.format == TableExport.JSON:
            return json.dumps(self.typed, cls=DjangoJSONEncoder, ensure_ascii=False, indent=1)
        data = super().export()
        if self.format == TableExport.XLSX:
            return readable_widths(data, self.definitions)
        return data


def readable_widths(xlsx: bytes, definitions=()) -> bytes:
    """tablib sizes columns to their longest value: cap them and wrap long text instead.
    ``definitions`` ([(column, definition)]) go on a sheet of their own."""
    workbook = load_workbook(BytesIO(xlsx))
    if definitions:
        sheet = workbook.create_sheet("Definitions")
        sheet.append(["Column", "What it checks"])
        for name, definition in definitions:
            sheet.append([neutralise_formula(name), neutralise_formula(definition)])
        sheet.column_dimensions["A"].width = 30
        sheet.column_dimensions["B"].width = XLSX_MAX_WIDTH
        for (cell,) in sheet.iter_rows(min_col=2, max_col=2, min_row=2):
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for sheet in workbook.worksheets:
        for dimension in sheet.column_dimensions.values():
            width = dimension.width or XLSX_MIN_WIDTH
            dimension.width = min(max(width, XLSX_MIN_WIDTH), XLSX_MAX_WIDTH)
            if width > XLSX_MAX_WIDTH:
                for (cell,) in sheet.iter_rows(
                    min_col=dimension.min, max_col=dimension.min, min_row=2
                ):
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
    stream = BytesIO()
    workbook.save(stream)
    return stream.getvalue()


class SafeExportMixin(ExportMixin):
    """``?_export=<format>`` downloads the table as shown; an empty value is the page, any
    other value a 404."""

    export_class = SafeTableExport
    export_formats = tuple(EXPORT_FORMATS)

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs, export_formats=EXPORT_FORMATS)

    def render_to_response(self, context, **kwargs):
        export_format = self.request.GET.get(self.export_trigger_param)
        if not export_format:  # absent, or empty as a bare form submit leaves it
            return super().render_to_response(context, **kwargs)
        if export_format not in self.export_formats:
            known = ", ".join(self.export_formats)
            raise Http404(f"Unknown export format “{export_format}”: use {known}.")
        return self.create_export(export_format)
