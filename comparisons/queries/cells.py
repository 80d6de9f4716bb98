"""Cells: one value as readers see it, with the typed key it sorts by."""

from dataclasses import dataclass, field, fields
from datetime import date
from decimal import Decimal

from comparisons.models import (
    KIND_SPECS,
    VALUE_FIELDS,
    Attribute,
    AttributeValue,
    BenchmarkResult,
    Computed,
    DatePrecision,
    Source,
    SupportLevel,
    SupportModel,
    words_key,
)

from .lifecycle import PythonSupport, supported_until_text

# Sorting puts known values first (in the chosen direction) and missing ones last.
KNOWN, MISSING = 0, 1


def _typed(default=None):
    """A typed figure of a cell: the typed export holds it under its name (``TYPED_FIELDS``)."""
    return field(default=default, metadata={"typed": True})


@dataclass(frozen=True)
class Cell:
    """One value as readers see it, with the typed key it sorts by."""

    text: str
    sort_key: tuple = (MISSING,)
    support: SupportLevel | None = _typed()
    note: str = ""
    source_url: str = ""
    verified_on: date | None = None
    result: BenchmarkResult | None = None
    source: Source | None = None
    # For exports: the typed value behind the text (``KindSpec.typed`` fills them).
    number: Decimal | None = _typed()  # a single figure (or a median of runs)
    low: Decimal | None = _typed()  # a range's ends
    high: Decimal | None = _typed()
    unit: str = _typed("")
    rank: int | None = _typed()
    day: date | None = None  # a computed row's date (supported until)
    versions: tuple[str, ...] = ()  # a computed row's versions (supported Python)
    computed: bool = False  # worked out by the site from releases and policies
    detail: str = ""  # shown under the value, smaller: a latest version's day

    @property
    def is_missing(self):
        return self.sort_key[0] == MISSING

    @property
    def meaning(self):
        """What the value means, for telling cells apart: what it sorts by (its kind's typed
        key, ``KIND_SPECS``; the words only where there is no typed value). ``None`` when
        nothing is known."""
        return None if self.is_missing else self.sort_key[1:]

    @property
    def mark(self):
        """The support level to show as a symbol, or None where the words say more.

        A “No” mark only where the data says no: a cell whose text is, say, “Manual”
        shows that text, not ✗.
        """
        if self.support is None or self.support == SupportLevel.UNKNOWN:
            return None
        if self.support == SupportLevel.NO and self.text.casefold() not in _NO_WORDS:
            return None
        return self.support


TYPED_FIELDS = tuple(item.name for item in fields(Cell) if item.metadata.get("typed"))
EMPTY_CELL = Cell(text="—")
_NO_WORDS = {"no", SupportLevel.NO.label.casefold(), EMPTY_CELL.text}


SOURCE_FIELDS = (
    "title",
    "publisher",
    "kind",
    "url",
    "published_year",
    "published_on",
    "accessed_on",
)

CELL_FIELDS = (
    "framework_id",
    "attribute_id",
    *VALUE_FIELDS,
    "note",
    "source_url",
    "verified_on",
    "source_id",
    *(f"source__{name}" for name in SOURCE_FIELDS),
)


def source_of(value, sources: dict) -> Source | None:
    """The cell's Source, built once per source from the joined columns of its row."""
    if value.source_id is None:
        return None
    source = sources.get(value.source_id)
    if source is None:
        fields = {name: getattr(value, f"source__{name}") for name in SOURCE_FIELDS}
        source = sources[value.source_id] = Source(pk=value.source_id, **fields)
    return source


def cell_from_value(
    value: AttributeValue, attribute: Attribute, source: Source | None = None
) -> Cell:
    """A Cell from a stored ``CellValue``: a framework's cell, an article's claim, or a row
    with ``CELL_FIELDS``.

    ``source`` defaults to the instance's own (a row of ``CELL_FIELDS`` passes it in).
    """
    if source is None and isinstance(value, AttributeValue):
        source = value.source
    spec = KIND_SPECS[attribute.value_kind]
    key = spec.key(value)
    if key is None and spec.words_stand_in:
        key = words_key(value)
        # No value, and a note saying why: the cell is unknown, not empty.
        unknown = getattr(value, "note", "") and SupportLevel.UNKNOWN.label
        text = value.display_text or unknown or EMPTY_CELL.text
    else:
        text = value.display_text or spec.text(value, attribute)
    return Cell(
        text=text,
        sort_key=(MISSING,) if key is None else (KNOWN, *key),
        note=getattr(value, "note", ""),
        source_url=getattr(value, "source_url", ""),
        verified_on=getattr(value, "verified_on", None),
        source=source,
        unit=attribute.unit if spec.numeric else "",
        **spec.typed(value),
    )


def cell_from_result(result: BenchmarkResult) -> Cell:
    high = result.high_value if result.high_value is not None else result.low_value
    if result.high_value is None:  # a single figure
        number, low, top = result.low_value, None, None
    else:  # a range, or repeated runs: the median with the lowest and highest
        number, low, top = result.median_value, result.low_value, result.high_value
    return Cell(
        text=result.display,
        sort_key=(KNOWN, result.low_value, high),
        note=result.notes,
        source_url=result.source_url,
        verified_on=result.measured_on,
        result=result,
        source=result.source,
        number=number,
        low=low,
        high=top,
        unit=result.benchmark.unit,
    )


def supported_python_cell(framework) -> Cell:
    """The Python versions the framework's latest release supports, by its metadata."""
    support = PythonSupport.of(
        getattr(framework, "latest_python_versions", ""),
        getattr(framework, "latest_requires_python", ""),
    )
    key = support.sort_key
    if key is None:
        return Cell(text="Unknown", note=support.note, computed=True)
    return Cell(
        text=support.text,
        sort_key=(KNOWN, *key),
        note=support.note,
        versions=support.versions,
        computed=True,
    )


def supported_until_cell(framework, today=None) -> Cell:
    """The last day any series gets fixes under the project's published policy."""
    until = getattr(framework, "supported_until", None)
    if until is None:
        if framework.support_model == SupportModel.LATEST_ONLY:
            return Cell(
                text="Newest series only",
                note="The project's policy supports only its newest feature series, with no "
                "end date.",
                computed=True,
            )
        if framework.support_model:
            return Cell(
                text="No end date published",
                note="The project's policy gives none.",
                computed=True,
            )
        return Cell(
            text="No published policy",
            note="The project publishes no support policy; its page shows what the release "
            "history shows, labelled as inferred.",
            computed=True,
        )
    month_only = getattr(framework, "supported_until_precision", "") == DatePrecision.MONTH
    return Cell(
        text=supported_until_text(until, month_only, today),
        sort_key=(KNOWN, until),
        note="The latest end of security fixes among its series, as its published policy "
        "states" + (" (to the month)." if month_only else "."),
        day=until,
        computed=True,
    )


COMPUTED_CELLS = {
    Computed.SUPPORTED_PYTHON: supported_python_cell,
    Computed.SUPPORTED_UNTIL: supported_until_cell,
}


def text_cell(text) -> Cell:
    text = str(text or "")
    if not text:
        return EMPTY_CELL
    return Cell(text=text, sort_key=(KNOWN, text.casefold()))
