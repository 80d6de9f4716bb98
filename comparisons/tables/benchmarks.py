"""The benchmark results table: one row per result, sortable by each column's typed value.

Built on a queryset (sorting and paging happen in the database). Columns whose values can be
missing sort those rows last in both directions, and every ordering ends with the primary key
so that pages never overlap. Exports get plain text and numbers (``value_*``), not HTML.
"""

from urllib.parse import urlsplit

import django_tables2 as tables
from django.db.models import Case, DecimalField, F, Q, Value, When
from django.db.models.functions import Coalesce
from django.utils.dateformat import format as format_date
from django.utils.html import format_html

from comparisons.models import BenchmarkResult
from comparisons.numbers import format_number, plain_number
from comparisons.queries.benchmarks import is_web_link, origin_text

from .base import AccessibleTable, FrameworkColumn

MISSING_SETUP = "Not published"
MISSING_SOURCE = "No source link"
MISSING_DATE = "Not recorded"
MISSING_SPREAD = "Not recorded"
MEASURED_SOURCE = "This site (manage.py run_benchmarks)"


def ordered(queryset, descending, *keys, missing=None):
    """(queryset, True) for a ``table.order_FOO`` method: ``keys`` in the chosen direction,
    rows matching ``missing`` last in both directions, and the primary key to break ties."""
    terms = []
    if missing is not None:
        terms.append(Case(When(missing, then=Value(1)), default=Value(0)).asc())
    for key in (*keys, "pk"):
        expression = F(key) if isinstance(key, str) else key
        if descending:
            terms.append(expression.desc(nulls_last=True))
        else:
            terms.append(expression.asc(nulls_last=True))
    return queryset.order_by(*terms), True


class BenchmarkResultTable(AccessibleTable):
    """Shown as one compact table per benchmark (the page groups the rows); the columns
    that repeat what the group or the setup legend says are exported, not shown."""

    # The framework names the row: it is rendered as the row header (<th scope="row">).
    framework = FrameworkColumn()
    benchmark = tables.Column(verbose_name="Benchmark", visible=False)
    result = tables.Column(verbose_name="Result", accessor="display")
    low = tables.Column(verbose_name="Low", accessor="low_value", visible=False)
    high = tables.Column(verbose_name="High", accessor="high_value", visible=False)
    unit = tables.Column(verbose_name="Unit", accessor="benchmark__unit", visible=False)
    rating = tables.Column(verbose_name="Rating", visible=False)
    # (highest - lowest run) / median, for results of repeated runs.
    spread = tables.Column(verbose_name="Spread", accessor="spread_percent", default=MISSING_SPREAD)
    # Shown as a reference to the page's setup legend; exported in full.
    setup = tables.Column(verbose_name="Setup", accessor="setup_text", empty_values=())
    origin = tables.Column(verbose_name="Origin", visible=False)
    measured_on = tables.Column(verbose_name="Measured on", default=MISSING_DATE)
    # Rendered even when empty: a measured result's source is this site.
    source = tables.Column(verbose_name="Source", accessor="source_url", empty_values=())

    class Meta(AccessibleTable.Meta):
        model = BenchmarkResult
        fields = ()  # every column is declared above; none is generated from the model
        sequence = (
            "framework",
            "benchmark",
            "result",
            "low",
            "high",
            "unit",
            "rating",
            "setup",
            "measured_on",
            "source",
            "origin",
            "spread",
        )
        empty_text = "No results match these filters."

    def __init__(self, *args, setup_numbers=None, **kwargs):
        # result.experiment_key -> its number in the page's setup legend.
        self.setup_numbers = setup_numbers if setup_numbers is not None else {}
        super().__init__(*args, **kwargs)

    # Sorting: each column by its typed value.

    def order_framework(self, queryset, is_descending):
        return ordered(queryset, is_descending, "framework__name", "benchmark__position")

    def order_benchmark(self, queryset, is_descending):
        keys = ("benchmark__position", "benchmark__name", "framework__position", "framework__name")
        return ordered(queryset, is_descending, *keys)

    def order_result(self, queryset, is_descending):
        # A single figure sorts as the range from it to itself.
        return ordered(queryset, is_descending, "low_value", Coalesce("high_value", "low_value"))

    def order_low(self, queryset, is_descending):
        return ordered(queryset, is_descending, "low_value", Coalesce("high_value", "low_value"))

    def order_high(self, queryset, is_descending):
        return ordered(queryset, is_descending, "high_value", "low_value")

    def order_unit(self, queryset, is_descending):
        return ordered(queryset, is_descending, "benchmark__unit", "low_value")

    def order_rating(self, queryset, is_descending):
        return ordered(queryset, is_descending, "rating", "low_value", missing=Q(rating=""))

    def order_setup(self, queryset, is_descending):
        fields = BenchmarkResult.SETUP_FIELDS
        return ordered(queryset, is_descending, *fields, missing=BenchmarkResult.no_setup())

    def order_measured_on(self, queryset, is_descending):
        key = F("measured_on")
        terms = [key.desc(nulls_last=True) if is_descending else key.asc(nulls_last=True)]
        terms.append(F("pk").desc() if is_descending else F("pk").asc())
        return queryset.order_by(*terms), True

    def order_source(self, queryset, is_descending):
        return ordered(queryset, is_descending, "source_url", missing=Q(source_url=""))

    def order_origin(self, queryset, is_descending):
        keys = ("origin", "benchmark__position", "framework__position", "framework__name")
        return ordered(queryset, is_descending, *keys)

    def order_spread(self, queryset, is_descending):
        spread = Case(
            When(
                Q(median_value__gt=0, high_value__isnull=False),
                then=(F("high_value") - F("low_value")) * Value(100) / F("median_value"),
            ),
            output_field=DecimalField(max_digits=20, decimal_places=4),
        )
        return ordered(queryset, is_descending, spread, missing=Q(median_value__isnull=True))

    # Cells as shown, and as exported.

    def render_low(self, value):
        return format_number(value)

    def value_low(self, value):
        return plain_number(value)

    def render_high(self, value):
        return format_number(value)

    def value_high(self, value):
        return plain_number(value)

    def render_framework(self, value, record):
        runner = " on ".join(part for part in (record.framework_version, record.server) if part)
        link = format_html('<a href="{}">{}</a>', value.get_absolute_url(), value.name)
        if not runner:
            return link
        return format_html('{} <span class="result-runner">{}</span>', link, runner)

    def value_framework(self, value):
        return value.name

    def render_setup(self, value, record):
        number = self.setup_numbers.get(record.experiment_key)
        origin = origin_text(record.origin)
        if number is None:
            return origin
        return format_html('{}, <a href="#setup-{}">setup {}</a>', origin, number, number)

    def value_setup(self, value):
        return value or MISSING_SETUP

    def render_measured_on(self, value):
        return format_html(
            '<time datetime="{}">{}</time>', value.isoformat(), format_date(value, "j M Y")
        )

    def value_measured_on(self, value):
        return value.isoformat()

    def render_source(self, value, record):
        if not value and record.source_id and record.origin != BenchmarkResult.Origin.MEASURED:
            source = record.source
            if source.url and urlsplit(source.url).scheme in ("http", "https"):
                return format_html(
                    '<a href="{}" rel="noopener noreferrer nofollow">{}</a>',
                    source.url,
                    source.citation,
                )
            return source.citation
        if not value:
            return self.render_source_missing(record)
        parts = urlsplit(value)
        if not is_web_link(value):
            return value  # not a web link: shown as text, never as a link
        return format_html(
            '<a href="{}" rel="noopener noreferrer nofollow">{}'
            '<span class="visually-hidden"> (source of {}, {})</span></a>',
            value,
            parts.hostname or parts.netloc,
            record.framework.name,
            record.benchmark.name,
        )

    def render_source_missing(self, record):
        return "This site" if record.origin == BenchmarkResult.Origin.MEASURED else MISSING_SOURCE

    def value_source(self, value, record):
        measured = record.origin == BenchmarkResult.Origin.MEASURED
        if value:
            return value
        if record.source_id and not measured:
            return record.source.citation
        return MEASURED_SOURCE if measured else MISSING_SOURCE

    # The column's value is the choice's label; readers get the short wording.
    def render_origin(self, record):
        return origin_text(record.origin)

    def value_origin(self, record):
        return origin_text(record.origin)

    def render_spread(self, value):
        return f"{value:.1f}%"

    def value_spread(self, value):
        return float(round(value, 1)) if value is not None else None
