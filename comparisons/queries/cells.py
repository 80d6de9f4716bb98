"""Cells: one value as readers see it, with the typed key it sorts by."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from comparisons.models import (
    Attribute,
    AttributeValue,
    BenchmarkResult,
    Source,
    SupportLevel,
    ValueKind,
)
from comparisons.numbers import format_number

# Sorting puts known values first (in the chosen direction) and missing ones last.
KNOWN, MISSING = 0, 1


@dataclass(frozen=True)
class Cell:
    """One value as readers see it, with the typed key it sorts by."""

    text: str
    sort_key: tuple = (MISSING,)
    support: SupportLevel | None = None
    note: str = ""
    source_url: str = ""
    verified_on: date | None = None
    result: BenchmarkResult | None = None
    # What the value means, for telling cells apart: the support level, the number or
    # range, the rank; the text only for text rows. ``None`` when nothing is known.
    meaning: object = None
    source: Source | None = None
    # For exports: the typed value behind the text.
    number: Decimal | None = None  # a single figure (or a median of runs)
    low: Decimal | None = None  # a range's ends
    high: Decimal | None = None
    unit: str = ""
    rank: int | None = None

    @property
    def is_missing(self):
        return self.sort_key[0] == MISSING

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


EMPTY_CELL = Cell(text="—")
_NO_WORDS = {"no", SupportLevel.NO.label.casefold(), EMPTY_CELL.text}


def _range_text(low: Decimal, high: Decimal | None, unit: str) -> str:
    figures = format_number(low)
    if high is not None and high != low:
        figures = f"{figures}–{format_number(high)}"
    return f"{figures} {unit}".strip()


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
    "support",
    "display_text",
    "number",
    "upper_number",
    "ordinal_rank",
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
    """A Cell from a stored value (a model instance or a row with ``CELL_FIELDS``).

    ``source`` defaults to the instance's own (a row of ``CELL_FIELDS`` passes it in).
    """
    if source is None and isinstance(value, AttributeValue):
        source = value.source
    kind = attribute.value_kind
    support = SupportLevel(value.support)
    if kind == ValueKind.SUPPORT:
        text = value.display_text or support.label
        key = (MISSING,) if support.rank is None else (KNOWN, support.rank)
        meaning = None if support.rank is None else support
    elif kind in (ValueKind.NUMBER, ValueKind.RANGE) and value.number is not None:
        text = value.display_text or _range_text(value.number, value.upper_number, attribute.unit)
        key = (KNOWN, value.number, value.upper_number or value.number)
        meaning = key[1:]
    elif kind == ValueKind.ORDINAL and value.ordinal_rank is not None:
        text = value.display_text or str(value.ordinal_rank)
        key = (KNOWN, value.ordinal_rank)
        meaning = value.ordinal_rank
    else:
        text = value.display_text or EMPTY_CELL.text
        key = (KNOWN, value.display_text.casefold()) if value.display_text else (MISSING,)
        meaning = key[1] if value.display_text else None
    return Cell(
        text=text,
        sort_key=key,
        support=support if kind == ValueKind.SUPPORT else None,
        note=value.note,
        source_url=value.source_url,
        verified_on=value.verified_on,
        meaning=meaning,
        source=source,
        number=value.number if kind == ValueKind.NUMBER else None,
        low=value.number if kind == ValueKind.RANGE else None,
        high=value.upper_number if kind == ValueKind.RANGE else None,
        unit=attribute.unit if kind in (ValueKind.NUMBER, ValueKind.RANGE) else "",
        rank=value.ordinal_rank if kind == ValueKind.ORDINAL else None,
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
        meaning=(result.low_value, high),
        source=result.source,
        number=number,
        low=low,
        high=top,
        unit=result.benchmark.unit,
    )


def text_cell(text) -> Cell:
    text = str(text or "")
    if not text:
        return EMPTY_CELL
    return Cell(text=text, sort_key=(KNOWN, text.casefold()), meaning=text.casefold())
