"""The comparison matrix: categories (tables), attributes (rows) and typed cells."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from comparisons.cache import ContentQuerySet
from comparisons.dates import not_in_future
from comparisons.numbers import format_number

from .frameworks import Framework


class ValueKind(models.TextChoices):
    SUPPORT = "support", "Support level"
    TEXT = "text", "Free text"
    NUMBER = "number", "Number"
    RANGE = "range", "Range (low to high)"
    ORDINAL = "ordinal", "Ordinal (ranked labels)"


class SupportLevel(models.TextChoices):
    """How far a framework supports a feature, best first."""

    YES = "yes", "Yes"
    PARTIAL = "partial", "Partial"
    VIA_EXTENSION = "via-extension", "Via an extension"
    NO = "no", "No"
    UNKNOWN = "unknown", "Unknown"

    @property
    def symbol(self):
        return _SUPPORT_SYMBOLS[self]

    @property
    def rank(self):
        """Higher is better; ``None`` sorts unknowns after everything known."""
        return _SUPPORT_RANKS[self]


_SUPPORT_SYMBOLS = {
    SupportLevel.YES: "✓",
    SupportLevel.PARTIAL: "◐",
    SupportLevel.VIA_EXTENSION: "⊕",
    SupportLevel.NO: "✗",
    SupportLevel.UNKNOWN: "?",
}
_SUPPORT_RANKS = {
    SupportLevel.YES: 4,
    SupportLevel.PARTIAL: 3,
    SupportLevel.VIA_EXTENSION: 2,
    SupportLevel.NO: 1,
    SupportLevel.UNKNOWN: None,
}


def figures_text(low, high, unit: str) -> str:
    """“20–50 ms”, or “12 ms” for a single figure."""
    figures = format_number(low)
    if high is not None and high != low:
        figures = f"{figures}–{format_number(high)}"
    return f"{figures} {unit}".strip()


def words_key(value) -> tuple | None:
    """A cell's display text as a key that ignores case; None when it has none."""
    return (value.display_text.casefold(),) if value.display_text else None


@dataclass(frozen=True)
class KindSpec:
    """What one kind of value asks of a cell and how such a cell reads (``KIND_SPECS`` has
    one per ValueKind). A cell is an AttributeValue, or a row with its fields."""

    # The fields a complete cell fills, each with the message editors see when it is empty.
    required: tuple[tuple[str, str], ...]
    # The typed value the cell sorts by and is compared by (cells differ when theirs do),
    # as a tuple; None when the cell holds no value of this kind.
    key: Callable[[Any], tuple | None]
    # What readers see when the cell has a key but no display text.
    text: Callable[[Any, "Attribute"], str]
    # The typed figures exports hold, as Cell fields (support, number, low, high, rank).
    typed: Callable[[Any], dict]
    # Figures in the attribute's unit; only such rows may show a benchmark instead.
    numeric: bool = False
    # A cell without a value of this kind falls back to its words (sorted and compared as
    # text) when true, and is missing when false.
    words_stand_in: bool = True

    @property
    def required_fields(self) -> tuple[str, ...]:
        return tuple(name for name, _ in self.required)


def _support_key(value):
    rank = SupportLevel(value.support).rank
    return None if rank is None else (rank,)


def _figures_key(value):
    if value.number is None:
        return None
    return (value.number, value.number if value.upper_number is None else value.upper_number)


def _figures_of(value, attribute):
    return figures_text(value.number, value.upper_number, attribute.unit)


KIND_SPECS: dict[str, KindSpec] = {
    ValueKind.SUPPORT: KindSpec(
        required=(),
        key=_support_key,
        text=lambda value, attribute: SupportLevel(value.support).label,
        typed=lambda value: {"support": SupportLevel(value.support)},
        words_stand_in=False,
    ),
    ValueKind.TEXT: KindSpec(
        required=(("display_text", "This row holds text: enter what readers see."),),
        key=words_key,
        text=lambda value, attribute: value.display_text,
        typed=lambda value: {},
    ),
    ValueKind.NUMBER: KindSpec(
        required=(("number", "This row holds numbers: enter one."),),
        key=_figures_key,
        text=_figures_of,
        typed=lambda value: {"number": value.number},
        numeric=True,
    ),
    ValueKind.RANGE: KindSpec(
        required=(
            ("number", "This row holds numbers: enter one."),
            ("upper_number", "This row holds ranges: enter the high end."),
        ),
        key=_figures_key,
        text=_figures_of,
        typed=lambda value: {"low": value.number, "high": value.upper_number},
        numeric=True,
    ),
    ValueKind.ORDINAL: KindSpec(
        required=(
            ("ordinal_rank", "This row is ranked: give the label's place on the scale."),
            ("display_text", "Ordinal rows need the label readers see, e.g. “Easy”."),
        ),
        key=lambda value: None if value.ordinal_rank is None else (value.ordinal_rank,),
        text=lambda value, attribute: str(value.ordinal_rank),
        typed=lambda value: {"rank": value.ordinal_rank},
    ),
}
NUMERIC_KINDS = [kind for kind, spec in KIND_SPECS.items() if spec.numeric]


class Category(models.Model):
    name = models.CharField(
        max_length=100, unique=True, help_text="A table's title, e.g. “Key features”."
    )
    slug = models.SlugField(max_length=100, unique=True, help_text="Used in URLs and exports.")
    description = models.TextField(blank=True, help_text="Markdown. Shown above the table.")
    position = models.PositiveSmallIntegerField(default=0, help_text="Lower comes first.")

    objects = ContentQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "name"]
        verbose_name_plural = "categories"

    def __str__(self):
        return self.name


class AttributeQuerySet(ContentQuerySet):
    def in_display_order(self):
        return self.select_related("category", "benchmark").order_by(
            "category__position", "category__name", "position", "name"
        )


class Attribute(models.Model):
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="attributes")
    name = models.CharField(max_length=100, help_text="A row's label, e.g. “Built-in ORM”.")
    slug = models.SlugField(
        max_length=100,
        unique=True,
        help_text="Unique across all categories; used in URLs and exports.",
    )
    description = models.TextField(blank=True, help_text="What the row means, for readers.")
    position = models.PositiveSmallIntegerField(default=0, help_text="Order within its category.")
    value_kind = models.CharField(
        max_length=10,
        choices=ValueKind,
        default=ValueKind.SUPPORT,
        help_text="Decides which fields of a cell hold its value and how the column sorts.",
    )
    unit = models.CharField(
        max_length=20, blank=True, help_text="For numbers and ranges, e.g. “ms”."
    )
    higher_is_better = models.BooleanField(
        null=True,
        blank=True,
        help_text="For numbers, ranges and ordinals; leave empty when neither direction is better.",
    )
    is_key = models.BooleanField(
        "key attribute",
        default=False,
        help_text="Show as a column of the frameworks table (keep it to a handful).",
    )
    benchmark = models.ForeignKey(
        "Benchmark",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="attributes",
        help_text="If set, this row shows the benchmark's latest results instead of typed cells.",
    )

    objects = AttributeQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        ordering = ["category__position", "position", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["category", "name"],
                name="attribute_unique_name_per_category",
                violation_error_message="This category already has an attribute with this name.",
            ),
            models.CheckConstraint(
                condition=Q(value_kind__in=ValueKind.values), name="attribute_value_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(benchmark__isnull=True) | Q(value_kind__in=NUMERIC_KINDS),
                name="attribute_benchmark_only_for_numbers",
            ),
        ]

    def __str__(self):
        return f"{self.category}: {self.name}"


class AttributeValue(models.Model):
    """One cell: a framework's value for an attribute, with its source and verification date."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="values")
    attribute = models.ForeignKey(Attribute, on_delete=models.CASCADE, related_name="values")
    support = models.CharField(
        max_length=15,
        choices=SupportLevel,
        default=SupportLevel.UNKNOWN,
        help_text="For support rows. Readers see the display text, or this level's name.",
    )
    display_text = models.CharField(
        max_length=200,
        blank=True,
        help_text="What readers see, e.g. “Yes (typed)” or “Flask-RESTful”. "
        "Leave empty to show the level, number or range.",
    )
    number = models.DecimalField(
        max_digits=14,
        decimal_places=4,
        null=True,
        blank=True,
        help_text="For number rows, and the low end of range rows.",
    )
    upper_number = models.DecimalField(
        max_digits=14,
        decimal_places=4,
        null=True,
        blank=True,
        help_text="The high end of range rows.",
    )
    ordinal_rank = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="For ordinal rows: the label's place on the scale, 1 lowest "
        "(Easy = 1, Moderate = 2, Steeper = 3).",
    )
    note = models.TextField(
        blank=True, help_text="Markdown. A caveat or explanation shown with the cell."
    )
    source = models.ForeignKey(
        "Source",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cells",
        help_text="Where this value comes from; readers see it with the cell.",
    )
    source_url = models.URLField(
        blank=True, help_text="The exact page within the source, if it has one."
    )
    verified_on = models.DateField(
        null=True,
        blank=True,
        validators=[not_in_future],
        help_text="When an editor last checked it against its source (not in the future).",
    )

    objects = ContentQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        ordering = ["framework", "attribute"]
        verbose_name = "cell"
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "attribute"],
                name="cell_unique_framework_attribute",
                violation_error_message="This framework already has a value for this attribute.",
            ),
            models.CheckConstraint(
                condition=Q(support__in=SupportLevel.values), name="cell_support_valid"
            ),
            models.CheckConstraint(
                condition=Q(upper_number__isnull=True) | Q(number__isnull=False),
                name="cell_upper_needs_lower",
                violation_error_message="Enter the low end too: a range needs both ends.",
            ),
            models.CheckConstraint(
                condition=Q(upper_number__isnull=True) | Q(upper_number__gte=models.F("number")),
                name="cell_low_not_above_high",
                violation_error_message="The high end must not be below the low end.",
            ),
            models.CheckConstraint(
                condition=Q(ordinal_rank__gte=1),
                name="cell_ordinal_rank_positive",
                violation_error_message="Ranks start at 1.",
            ),
        ]

    def __str__(self):
        return f"{self.framework} – {self.attribute.name}"

    def clean(self):
        super().clean()
        if not self.attribute_id:
            return
        errors = {
            name: message
            for name, message in KIND_SPECS[self.attribute.value_kind].required
            if getattr(self, name) in (None, "")
        }
        if (
            self.number is not None
            and self.upper_number is not None
            and self.upper_number < self.number
        ):
            errors["upper_number"] = "The high end must not be below the low end."
        if errors:
            raise ValidationError(errors)
