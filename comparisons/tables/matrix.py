"""The frameworks x attributes tables: frameworks as rows (the frameworks list, the compare
page) or attributes as rows (the transposed compare page), their typed sorting, and the
support badge of a cell."""

from decimal import Decimal
from functools import cached_property
from html import escape

import django_tables2 as tables
from django.utils.safestring import mark_safe
from django_tables2.data import TableData, TableListData
from django_tables2.utils import Accessor, OrderBy

from comparisons.models import SupportLevel, ValueKind
from comparisons.queries import Cell, build_matrix

from .base import AccessibleTable, FrameworkColumn
from .rows import attribute_column, framework_column, framework_rows

_SUPPORT_BADGES = {
    level: (
        f'<span class="support support--{level.value}">'
        f'<span class="support__symbol" aria-hidden="true">{level.symbol}</span> '
    )
    for level in SupportLevel
}


def cell_html(cell: Cell):
    """A cell's text, with its support level as a symbol beside it where the data says so
    (the words are always there: colour and symbol never carry the meaning alone)."""
    text = escape(cell.text)
    if cell.day and cell.detail:
        # A date under the value (the latest version's upload day), machine-readable too.
        text += (
            f' <time class="cell-date" datetime="{cell.day.isoformat()}">'
            f"{escape(cell.detail)}</time>"
        )
    mark = cell.mark
    if mark is None:
        return mark_safe(text)
    # Built from constant markup and escaped text: a page of a wide matrix has
    # thousands of cells, and format_html costs several times as much per cell.
    return mark_safe(f"{_SUPPORT_BADGES[mark]}{text}</span>")  # noqa: S308


_FIGURES = (int, float, Decimal)
# A cell's place whatever the direction: typed values, then words, then nothing.
_VALUES, _WORDS, _NOTHING = 0, 1, 2


def _comparable(key: tuple) -> tuple:
    """``key`` with each part tagged by its type, so that any two keys compare."""
    return tuple(
        (0, "", part) if isinstance(part, _FIGURES) else (1, type(part).__name__, part)
        for part in key
    )


def _sort_key(value):
    """(place, key): a number row where words stand in for a missing figure sorts its
    figures first and its words after them, in either direction."""
    if isinstance(value, Cell):
        if value.is_missing:
            return _NOTHING, ()
        meaning = value.meaning
        place = _WORDS if meaning and isinstance(meaning[0], str) else _VALUES
        return place, _comparable(meaning)
    text = str(getattr(value, "name", value)).casefold()
    return (_WORDS if text else _NOTHING), (text,)


def _sorted(items, key, descending):
    """Stable sort by a (place, value) key: places in order, values in the chosen
    direction within each."""
    keyed = sorted(
        ((key(item), item) for item in items), key=lambda pair: pair[0][1], reverse=descending
    )
    keyed.sort(key=lambda pair: pair[0][0])
    return [item for _, item in keyed]


class TypedListData(TableListData):
    """Rows of Cells, sorted by each cell's typed key; missing values last in both directions."""

    def order_by(self, aliases):
        rows = list(self.data)
        # Stable sorts from the least to the most significant column.
        for alias in reversed(list(aliases)):
            order = OrderBy(alias)
            accessor = Accessor(self.table.columns[order.bare].accessor)
            rows = _sorted(
                rows,
                lambda row, accessor=accessor: _sort_key(accessor.resolve(row, quiet=True)),
                order.is_descending,
            )
        self.data = rows


class LazyMatrixData(TableData):
    """Frameworks as rows whose cells are fetched only for the rows a page shows.

    For large selections: sorting fetches one column for every framework, and each
    page fetches its own rows, so a page costs the same at 3 frameworks and at 200.
    """

    def __init__(self, frameworks, attributes):
        super().__init__(list(frameworks))
        self.attributes = list(attributes)

    def __len__(self):
        return len(self.data)

    def __iter__(self):
        return iter(self._rows(self.data))

    def __getitem__(self, key):
        if isinstance(key, slice):
            return self._rows(self.data[key])
        return self._rows([self.data[key]])[0]

    def _rows(self, frameworks):
        matrix = build_matrix(frameworks, attributes=self.attributes)
        return framework_rows(frameworks, matrix, facts=False)

    def order_by(self, aliases):
        by_column = {attribute_column(attribute): attribute for attribute in self.attributes}
        for alias in reversed(list(aliases)):
            order = OrderBy(alias)
            if order.bare in by_column:
                column = build_matrix(self.data, attributes=[by_column[order.bare]])
                cells = dict(zip(self.data, column.rows[0].cells, strict=True))
                key = lambda framework, cells=cells: _sort_key(cells[framework])  # noqa: E731
            else:
                key = _sort_key  # the framework column: by name
            self.data = _sorted(self.data, key, order.is_descending)


class CellColumn(tables.Column):
    """A column of ``Cell``s; ``differs`` marks a column whose values are not all the same."""

    def __init__(self, *args, differs=False, description="", **kwargs):
        self.differs = differs
        self.description = description
        kwargs.setdefault("empty_values", ())
        super().__init__(*args, **kwargs)

    def render(self, value):
        return cell_html(value)

    def value(self, value):
        return value.text


def attribute_columns(attributes):
    """(name, CellColumn) for each attribute, unmarked: for tables built page by page."""
    return [
        (
            attribute_column(attribute),
            CellColumn(verbose_name=attribute.name, description=attribute.description),
        )
        for attribute in attributes
    ]


def cell_columns(rows, mark_differences=True):
    """(name, CellColumn) for each matrix row: the ``extra_columns`` of a table."""
    return [
        (
            attribute_column(row.attribute),
            CellColumn(
                verbose_name=row.attribute.name,
                differs=mark_differences and row.differs,
                description=row.attribute.description,
                attrs={"td": {"class": "differs"}} if mark_differences and row.differs else {},
            ),
        )
        for row in rows
    ]


class MatrixTable(AccessibleTable):
    """Frameworks as rows, one typed column per attribute (given as ``extra_columns``)."""

    framework = FrameworkColumn()

    def __init__(self, data, **kwargs):
        super().__init__(data if isinstance(data, TableData) else TypedListData(data), **kwargs)

    @property
    def body_rows(self):
        """[(framework, [(cell html, differs)])] for the rows of the current page."""
        _framework, *cell_columns = self.columns
        columns = [(column.name, column.column.differs) for column in cell_columns]
        return [
            (
                row.record["framework"],
                [(cell_html(row.record[name]), differs) for name, differs in columns],
            )
            for row in self.paginated_rows
        ]

    class Meta(AccessibleTable.Meta):
        template_name = "django_tables2/matrix.html"


class FrameworkTable(MatrixTable):
    """The facts readers compare first, then the key attributes; the creator and the
    licence are in the export and on each framework's page. The latest version's day is its
    cell's own (``Cell.day``), so it stays in that column wherever the column stands."""

    kind = CellColumn(verbose_name="Type")
    latest_version = CellColumn(verbose_name="Latest version")
    first_release = CellColumn(verbose_name="First release")
    creators = CellColumn(verbose_name="Creator", visible=False)
    license = CellColumn(verbose_name="Licence", visible=False)

    class Meta(MatrixTable.Meta):
        sequence = ("framework", "kind", "latest_version", "first_release", "...")


class AttributeColumn(tables.Column):
    """An attribute's name; rows where the frameworks differ carry a marker in words."""

    def render(self, value, record):
        return attribute_header_html(value, record["differs"])

    def value(self, value):
        return value.name


def attribute_header_html(attribute, differs):
    """An attribute's name, with a marker in words where the frameworks differ."""
    name = escape(attribute.name)
    if differs:
        name += (
            ' <span class="differs-marker" title="The chosen frameworks differ here">'
            '<span aria-hidden="true">≠</span><span class="visually-hidden">(differs)</span></span>'
        )
    return mark_safe(name)  # noqa: S308 (escaped text and constant markup)


_KIND_ORDER = {kind: index for index, kind in enumerate(ValueKind)}


def _kind_rank(row):
    attribute = row["attribute"]
    kind = ValueKind.NUMBER if attribute.benchmark_id else attribute.value_kind
    return _KIND_ORDER.get(kind, len(_KIND_ORDER))


def _kind_safe_sort_key(row, value):
    """A support level never compares with a rank or a number."""
    missing, key = _sort_key(value)
    return missing, (_kind_rank(row), key)


class AttributeRowsListData(TypedListData):
    """Attribute rows sorted by one framework's column (a mix of value kinds)."""

    def order_by(self, aliases):
        rows = list(self.data)
        for alias in reversed(list(aliases)):
            order = OrderBy(alias)
            accessor = Accessor(self.table.columns[order.bare].accessor)
            if order.bare == "attribute":
                key = lambda row, accessor=accessor: _sort_key(accessor.resolve(row))  # noqa: E731
            else:
                key = lambda row, accessor=accessor: _kind_safe_sort_key(  # noqa: E731
                    row, accessor.resolve(row, quiet=True)
                )
            rows = _sorted(rows, key, order.is_descending)
            if order.bare != "attribute":
                # Rows of one kind together, support rows first, in either direction.
                rows.sort(key=_kind_rank)
        self.data = rows


class AttributeRowsTable(AccessibleTable):
    """Attributes as rows, grouped under their category, one column per framework (given as
    ``extra_columns``). Sorting by a framework's column orders the rows within each category."""

    attribute = AttributeColumn(verbose_name="Attribute")
    # Shown as a heading row above its attributes; exported as a column.
    category = tables.Column(verbose_name="Category", visible=False)

    def __init__(self, data, **kwargs):
        super().__init__(AttributeRowsListData(data), **kwargs)

    @property
    def fits_width(self):
        """Up to three frameworks share the width: the table needs no scroll box, so its
        header row sticks to the window (a scroll box would hold it instead)."""
        return len(self.columns) <= 4

    @cached_property
    def groups(self):
        """[(category name, [(attribute html, differs, [(cell html, note number)])])],
        categories in order; the cells' notes are numbered in ``notes`` (caniuse-style)."""
        _attribute, *framework_columns = self.columns
        columns = [(column.name, column.column.framework) for column in framework_columns]
        groups: dict[str, list] = {}
        self._notes = []
        for row in self.paginated_rows:
            record = row.record
            cells = []
            for name, framework in columns:
                cell = record[name]
                number = None
                if cell.note:
                    number = len(self._notes) + 1
                    self._notes.append((number, framework, record["attribute"], cell))
                cells.append((cell_html(cell), number))
            groups.setdefault(record["category"], []).append(
                (
                    attribute_header_html(record["attribute"], record["differs"]),
                    record["differs"],
                    cells,
                )
            )
        return list(groups.items())

    @property
    def notes(self):
        """[(number, framework, attribute, cell)] of the cells with a note, in table order."""
        return self.groups and self._notes

    class Meta(AccessibleTable.Meta):
        template_name = "django_tables2/grouped.html"
        attrs = {"class": "data-table data-table--matrix"}


def framework_columns(frameworks):
    """(slug, CellColumn) for each framework: the columns of the attribute-rows table."""
    return [
        (framework_column(framework), FrameworkCellColumn(framework)) for framework in frameworks
    ]


class FrameworkCellColumn(CellColumn):
    """A framework's column: its header links to the framework's page."""

    def __init__(self, framework, **kwargs):
        self.framework = framework
        super().__init__(verbose_name=framework.name, **kwargs)
