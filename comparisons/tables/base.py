"""The base of every table on the site: accessible markup (a caption, ``scope`` and
``aria-sort`` on headers) and a ``?sort=`` that ignores unknown columns."""

import django_tables2 as tables
from django.utils.html import format_html
from django_tables2.utils import OrderBy

TEMPLATE = "django_tables2/accessible.html"


class AccessibleTable(tables.Table):
    """Base table: a caption, ``scope`` and ``aria-sort`` on headers, row headers in the body."""

    def __init__(self, *args, caption="", **kwargs):
        self.caption = caption
        super().__init__(*args, **kwargs)

    @property
    def sorted_by(self):
        """“Learning Curve descending”: the sort in words, for the caption."""
        for alias in self.order_by or ():
            order = OrderBy(alias)
            column = self.columns[order.bare]
            return f"{column.header} {'descending' if order.is_descending else 'ascending'}"
        return ""

    @property
    def order_by(self):
        return tables.Table.order_by.fget(self)

    @order_by.setter
    def order_by(self, value):
        # ``?sort=`` is reader input: keep only the aliases that name a column, as
        # django-tables2 does, but before it parses them (it warns on any "." in one).
        aliases = value.split(",") if isinstance(value, str) else value or ()
        known = [alias for alias in aliases if str(alias).removeprefix("-") in self.columns]
        tables.Table.order_by.fset(self, known)

    class Meta:
        template_name = TEMPLATE
        attrs = {"class": "data-table"}


class FrameworkColumn(tables.Column):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("verbose_name", "Framework")
        super().__init__(*args, **kwargs)

    def render(self, value):
        return format_html('<a href="{}">{}</a>', value.get_absolute_url(), value.name)

    def value(self, value):
        return value.name
