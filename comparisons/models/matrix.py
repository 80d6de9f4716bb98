"""The comparison matrix: categories (tables), attributes (rows) and typed cells."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from comparisons.dates import not_in_future
from comparisons.numbers import figures_text

from .frameworks import Framework
from .revision import ContentQuerySet
from .validation import FieldConstraintsModel


class ValueKind(models.TextChoices):
    SUPPORT = "support", "Support level"
    TEXT = "text", "Free text"
    NUMBER = "number", "Number"
    RANGE = "range", "Range (low to high)"
    ORDINAL = "ordinal", "Ordinal (ranked labels)"


class SupportLevel(models.TextChoices):
    """How far a framework supports a feature, best first (the methodology page's rule)."""

    YES = "yes", "Yes"
    VIA_EXTENSION = "via-extension", "Via an extension"
    PARTIAL = "partial", "Partial"
    NO = "no", "No"
    UNKNOWN = "unknown", "Unknown"

    @property
    def symbol(self):
        return _SUPPORT_SYMBOLS[self]

    @property
    def rank(self):
        """Higher is better; ``None`` sorts unknowns after everything known."""
        return _SUPPORT_RANKS[self]

    @property
    def score(self):
        """The share of a need this level meets, 0 to 1 (the decision helper's points);
        ``None`` for unknown. Sorting and scoring follow the same order."""
        rank = self.rank
        return None if rank is None else (rank - 1) / (_SUPPORT_RANKS[SupportLevel.YES] - 1)


_SUPPORT_SYMBOLS = {
    SupportLevel.YES: "✓",
    SupportLevel.PARTIAL: "◐",
    SupportLevel.VIA_EXTENSION: "⊕",
    SupportLevel.NO: "✗",
    SupportLevel.UNKNOWN: "?",
}
# The whole feature from the framework beats the whole feature from an extension that
# counts, which beats part of it from the framework (templates/comparisons/methodology.html).
_SUPPORT_RANKS = {
    SupportLevel.YES: 4,
    SupportLevel.VIA_EXTENSION: 3,
    SupportLevel.PARTIAL: 2,
    SupportLevel.NO: 1,
    SupportLevel.UNKNOWN: None,
}


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
    # The typed value fields (``VALUE_FIELDS``) a cell of this kind may fill (display_text
    # always); the others stay empty, so a value is never stored where no reader or sort
    # ever sees it.
    uses: tuple[str, ...] = ()

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
        uses=("support",),
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
        uses=("number",),
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
        uses=("number", "upper_number"),
    ),
    ValueKind.ORDINAL: KindSpec(
        required=(
            ("ordinal_rank", "This row is ranked: give the label's place on the scale."),
            ("display_text", "Ordinal rows need the label readers see, e.g. “Easy”."),
        ),
        key=lambda value: None if value.ordinal_rank is None else (value.ordinal_rank,),
        text=lambda value, attribute: str(value.ordinal_rank),
        typed=lambda value: {"rank": value.ordinal_rank},
        uses=("ordinal_rank",),
    ),
}
NUMERIC_KINDS = [kind for kind, spec in KIND_SPECS.items() if spec.numeric]


class Computed(models.TextChoices):
    """Rows whose cells the site works out from other data instead of typed cells."""

    NONE = "", "Nothing: editors enter its cells"
    SUPPORTED_PYTHON = (
        "supported-python",
        "Supported Python (the latest release's metadata on the package index)",
    )
    SUPPORTED_UNTIL = (
        "supported-until",
        "Supported until (the end dates of the release series, from published policies)",
    )


class Category(FieldConstraintsModel):
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


class Attribute(FieldConstraintsModel):
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="attributes")
    name = models.CharField(max_length=100, help_text="A row's label, e.g. “Built-in ORM”.")
    slug = models.SlugField(
        max_length=100,
        unique=True,
        help_text="Unique across all categories; used in URLs and exports.",
    )
    description = models.TextField(
        blank=True,
        help_text="Its definition for readers: what is checked, and what each mark means here. "
        "Shown with the row on every table and on the methodology page.",
    )
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
    computed = models.CharField(
        max_length=20,
        choices=Computed,
        default=Computed.NONE,
        blank=True,
        help_text="If set, the site works out this row's cells from the releases and their "
        "series; editors enter no cells for it.",
    )
    same_need_as = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="same_need_rows",
        help_text="If this row measures the same need as another (Async Capable as Async "
        "Support), pick that one: the decision helper then offers and scores only that one, "
        "so no framework scores twice for one need. Tables still show both rows.",
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
            models.CheckConstraint(
                condition=Q(computed__in=Computed.values),
                name="attribute_computed_valid",
            ),
            models.CheckConstraint(
                condition=Q(computed="") | Q(benchmark__isnull=True),
                name="attribute_computed_or_benchmark",
                violation_error_message="A row shows a benchmark or computed cells, not both.",
            ),
            models.CheckConstraint(
                condition=~Q(same_need_as=F("pk")),
                name="attribute_same_need_as_another",
                violation_error_message="A row cannot measure the same need as itself.",
            ),
        ]

    def __str__(self):
        return f"{self.category}: {self.name}"


class CellValue(FieldConstraintsModel):
    """The typed value of a cell: the fields every value kind reads (``KIND_SPECS``).

    Shared by a framework's current cells and an article's claims, so both are read,
    compared and rendered alike.
    """

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

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        attribute = self.attribute if getattr(self, "attribute_id", None) else None
        if attribute is None:
            return
        required = KIND_SPECS[attribute.value_kind].required
        missing = {name: message for name, message in required if getattr(self, name) in (None, "")}
        if len(missing) == len(required) and getattr(self, "note", ""):
            missing = {}  # no value at all, and a note saying why: the cell says “unknown”
        errors = dict(missing)
        used = {"display_text", *KIND_SPECS[attribute.value_kind].uses}
        for name in VALUE_FIELDS:
            empty = self._meta.get_field(name).get_default()
            if name not in used and getattr(self, name) not in (empty, None, ""):
                errors[name] = (
                    f"“{attribute.name}” holds {attribute.get_value_kind_display().lower()} "
                    "values: leave this empty."
                )
        if (
            self.number is not None
            and self.upper_number is not None
            and self.upper_number < self.number
        ):
            errors["upper_number"] = "The high end must not be below the low end."
        if errors:
            raise ValidationError(errors)


# The one list of a cell's value fields: the matrix's query, the admin's forms and
# ``CellValue.clean`` read it, so a field added to CellValue reaches each of them.
VALUE_FIELDS = tuple(field.name for field in CellValue._meta.local_fields)


def value_constraints(prefix):
    """The rules every stored ``CellValue`` keeps, named for the model that stores it."""
    return [
        models.CheckConstraint(
            condition=Q(support__in=SupportLevel.values), name=f"{prefix}_support_valid"
        ),
        models.CheckConstraint(
            condition=Q(upper_number__isnull=True) | Q(number__isnull=False),
            name=f"{prefix}_upper_needs_lower",
            violation_error_message="Enter the low end too: a range needs both ends.",
        ),
        models.CheckConstraint(
            condition=Q(upper_number__isnull=True) | Q(upper_number__gte=models.F("number")),
            name=f"{prefix}_low_not_above_high",
            violation_error_message="The high end must not be below the low end.",
        ),
        models.CheckConstraint(
            condition=Q(ordinal_rank__gte=1),
            name=f"{prefix}_ordinal_rank_positive",
            violation_error_message="Ranks start at 1.",
        ),
    ]


class AttributeValue(CellValue):
    """One cell: a framework's value for an attribute, with its source and verification date."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="values")
    attribute = models.ForeignKey(Attribute, on_delete=models.CASCADE, related_name="values")
    note = models.TextField(
        blank=True,
        help_text="Markdown. A caveat or explanation shown with the cell. To mark a value "
        "unknown, leave the value empty and say here why it could not be verified.",
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
    verified_against = models.ForeignKey(
        "Source",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="verified_cells",
        help_text="The source the last check read (recorded by “Verify”).",
    )
    verified_quote = models.TextField(
        blank=True,
        help_text="Optional: the words of the source that settle the value, as last checked.",
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
            *value_constraints("cell"),
        ]

    def __str__(self):
        return f"{self.framework} – {self.attribute.name}"
