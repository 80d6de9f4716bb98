"""django-tables2 tables: accessible markup, typed sorting, and exports of what is shown."""

import django_tables2 as tables
from django.utils.html import format_html
from django_tables2.data import TableListData
from django_tables2.utils import Accessor, OrderBy

from .queries import Cell, attribute_column, framework_column

TEMPLATE = "django_tables2/accessible.html"


def cell_html(cell: Cell):
    """A cell's text, with its support level as a symbol beside it (never colour alone)."""
    if cell.support is None:
        return cell.text
    return format_html(
        '<span class="support support--{}" title="Support: {}">'
        '<span class="support__symbol" aria-hidden="true">{}</span> {}</span>',
        cell.support.value,
        cell.support.label.lower(),
        cell.support.symbol,
        cell.text,
    )


def _sort_key(value):
    if isinstance(value, Cell):
        return value.is_missing, value.sort_key
    text = str(value).casefold()
    return not text, (0, text)


class TypedListData(TableListData):
    """Rows of Cells, sorted by each cell's typed key; missing values last in both directions."""

    def order_by(self, aliases):
        rows = list(self.data)
        # Stable sorts from the least to the most significant column.
        for alias in reversed(list(aliases)):
            order = OrderBy(alias)
            accessor = Accessor(self.table.columns[order.bare].accessor)
            keyed = [(_sort_key(accessor.resolve(row, quiet=True)), row) for row in rows]
            known = [(key, row) for (missing, key), row in keyed if not missing]
            known.sort(key=lambda pair: pair[0], reverse=order.is_descending)
            rows = [row for _, row in known] + [row for (missing, _), row in keyed if missing]
        self.data = rows


class AccessibleTable(tables.Table):
    """Base table: a caption, ``scope`` and ``aria-sort`` on headers, row headers in the body."""

    def __init__(self, *args, caption="", **kwargs):
        self.caption = caption
        super().__init__(*args, **kwargs)

    class Meta:
        template_name = TEMPLATE
        attrs = {"class": "data-table"}


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


class FrameworkColumn(tables.Column):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("verbose_name", "Framework")
        super().__init__(*args, **kwargs)

    def render(self, value):
        return format_html('<a href="{}">{}</a>', value.get_absolute_url(), value.name)

    def value(self, value):
        return value.name


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
        super().__init__(TypedListData(data), **kwargs)


class FrameworkTable(MatrixTable):
    kind = CellColumn(verbose_name="Type")
    first_release = CellColumn(verbose_name="First release")
    creators = CellColumn(verbose_name="Creator")
    latest_version = CellColumn(verbose_name="Latest version")
    license = CellColumn(verbose_name="Licence")


class AttributeColumn(tables.Column):
    """An attribute's name; rows where the frameworks differ carry a marker in words."""

    def render(self, value, record):
        if record["differs"]:
            return format_html(
                '{} <span class="differs-marker"><span aria-hidden="true">≠</span>'
                '<span class="visually-hidden">(differs)</span></span>',
                value.name,
            )
        return value.name

    def value(self, value):
        return value.name


class TransposedTable(AccessibleTable):
    """Attributes as rows, one column per framework (given as ``extra_columns``)."""

    attribute = AttributeColumn(verbose_name="Attribute")
    category = tables.Column(verbose_name="Category")

    def __init__(self, data, **kwargs):
        super().__init__(TypedListData(data), orderable=False, **kwargs)


def framework_columns(frameworks):
    """(slug, CellColumn) for each framework: the columns of the transposed table."""
    return [
        (framework_column(framework), CellColumn(verbose_name=framework.name))
        for framework in frameworks
    ]
