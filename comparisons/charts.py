"""Server-rendered SVG bar charts: the geometry is computed here, templates only draw it.

Horizontal bars, one per item, on a shared axis from zero to a "nice" maximum. A range is
drawn as a bar from its low to its high end; a single figure as a bar from zero to it; a
median of repeated runs as a bar from zero to the median with a line (a whisker) over its
interval, low to high (the benchmarks page gives the 95% confidence interval of the median;
no whisker without a high end). Every bar carries its figures as a text label, so the chart
never depends on reading lengths alone.
"""

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_CEILING, Decimal

from .numbers import format_number

# Geometry in SVG user units (the viewBox); CSS scales the whole chart to its container.
WIDTH = 640
BAR_HEIGHT = 22
BAR_GAP = 12
TOP = 12
AXIS_HEIGHT = 48  # tick labels and the axis title below the bars
MIN_RANGE_WIDTH = 2  # a range whose ends meet on the scale stays visible
CHAR_WIDTH = 7  # a rough average width of a character at the chart's font size
LABEL_PAD = 8
NAME_CHARS = 22  # longer names are shortened on the chart (the full name is in <desc>)
MIN_NAMES, MAX_NAMES = 60, 170
MIN_VALUES, MAX_VALUES = 60, 280
TARGET_TICKS = 4


@dataclass(frozen=True)
class Datum:
    """One item to chart: its name, its value or range, and the text shown beside its bar."""

    label: str
    low: Decimal | int | float
    high: Decimal | int | float | None = None
    text: str = ""
    # Repeated runs: low and high are the ends of the median's interval (the whisker).
    median: Decimal | int | float | None = None

    @property
    def is_range(self):
        if self.median is not None:
            return False
        return self.high is not None and Decimal(str(self.high)) != Decimal(str(self.low))


@dataclass(frozen=True)
class Bar:
    label: str  # the full name, for <desc>
    short_label: str  # the name drawn beside the bar
    text: str  # the figures drawn after the bar
    is_range: bool
    x: float
    width: float
    y: float
    height: float
    name_x: float  # right edge of the name (text-anchor="end")
    text_x: float  # left edge of the figures
    text_y: float  # baseline of both texts
    # A median's whisker over its interval; None without one.
    whisker_x1: float | None = None
    whisker_x2: float | None = None
    whisker_y: float | None = None
    whisker_top: float | None = None  # the caps' ends
    whisker_bottom: float | None = None


@dataclass(frozen=True)
class Tick:
    x: float
    label: str


@dataclass(frozen=True)
class BarChart:
    width: float
    height: float
    plot_left: float
    plot_right: float
    plot_top: float
    plot_bottom: float
    bars: list[Bar]
    ticks: list[Tick]
    maximum: Decimal  # the value at the right end of the axis
    axis_label: str
    tick_label_y: float
    axis_label_x: float
    axis_label_y: float


def _decimal(value) -> Decimal:
    return max(Decimal(str(value)), Decimal(0))


def nice_scale(largest: Decimal, target_ticks: int = TARGET_TICKS) -> tuple[Decimal, Decimal]:
    """(maximum, step) of an axis from zero that holds ``largest`` in round steps.

    70 gives (80, 20); 10 gives (10, 2.5); zero or less gives (1, 1), so nothing divides by zero.
    """
    if largest <= 0:
        return Decimal(1), Decimal(1)
    raw = largest / target_ticks
    magnitude = Decimal(1).scaleb(raw.adjusted())
    step = next(
        factor * magnitude
        for factor in (Decimal(1), Decimal(2), Decimal("2.5"), Decimal(5), Decimal(10))
        if raw <= factor * magnitude
    )
    steps = (largest / step).to_integral_value(rounding=ROUND_CEILING)
    return steps * step, step


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _clamp(value, low, high):
    return max(low, min(value, high))


def _round(value) -> float:
    return round(float(value), 1)


def _largest(data: list[Datum]) -> Decimal:
    """The largest figure the chart must reach: a high end, a low end or a median."""
    largest = max(
        (_decimal(datum.high if datum.high is not None else datum.low) for datum in data),
        default=Decimal(0),
    )
    return max(
        [
            largest,
            *(_decimal(datum.low) for datum in data),
            *(_decimal(datum.median) for datum in data if datum.median is not None),
        ]
    )


def _bar(index, datum: Datum, name, text, scale, plot_left) -> Bar:
    """The ``index``-th bar: to its median (with its interval as a whisker), over its
    range, or from zero to its figure; its text after whichever ends further right."""
    y = TOP + index * (BAR_HEIGHT + BAR_GAP)
    whisker, whisker_end = {}, None
    if datum.median is not None:
        start, end = Decimal(plot_left), scale(datum.median)
    elif datum.is_range:
        start = scale(datum.low)
        end = max(scale(datum.high), start + MIN_RANGE_WIDTH)
    else:
        start, end = Decimal(plot_left), scale(datum.low)
    if datum.median is not None and datum.high is not None:
        whisker_end = scale(datum.high)
        whisker = {
            "whisker_x1": _round(scale(datum.low)),
            "whisker_x2": _round(whisker_end),
            "whisker_y": _round(y + BAR_HEIGHT / 2),
            "whisker_top": _round(y - 3),
            "whisker_bottom": _round(y + BAR_HEIGHT + 3),
        }
    text_left = end if whisker_end is None else max(end, whisker_end)
    return Bar(
        label=datum.label,
        short_label=name,
        text=text,
        is_range=datum.is_range,
        x=_round(start),
        width=_round(end - start),
        y=y,
        height=BAR_HEIGHT,
        name_x=plot_left - LABEL_PAD,
        text_x=_round(text_left + LABEL_PAD),
        text_y=_round(y + BAR_HEIGHT / 2 + 4.5),
        **whisker,
    )


def bar_chart(data: list[Datum], axis_label: str = "", width: int = WIDTH) -> BarChart:
    """The geometry of a horizontal bar chart of ``data``, in order, on one shared scale."""
    names = [_shorten(datum.label, NAME_CHARS) for datum in data]
    texts = [datum.text or format_number(datum.low) for datum in data]
    longest_name = max((len(name) for name in names), default=0)
    longest_text = max((len(text) for text in texts), default=0)
    plot_left = _clamp(longest_name * CHAR_WIDTH + 2 * LABEL_PAD, MIN_NAMES, MAX_NAMES)
    plot_right = width - _clamp(longest_text * CHAR_WIDTH + 2 * LABEL_PAD, MIN_VALUES, MAX_VALUES)
    plot_width = Decimal(plot_right - plot_left)

    maximum, step = nice_scale(_largest(data))

    def scale(value) -> Decimal:
        return plot_left + plot_width * _decimal(value) / maximum

    bars = [
        _bar(index, datum, name, text, scale, plot_left)
        for index, (datum, name, text) in enumerate(zip(data, names, texts, strict=True))
    ]

    plot_bottom = TOP + len(data) * (BAR_HEIGHT + BAR_GAP) - BAR_GAP + 6
    count = int(maximum / step)
    ticks = [
        Tick(x=_round(scale(step * index)), label=format_number(step * index))
        for index in range(count + 1)
    ]
    return BarChart(
        width=width,
        height=plot_bottom + AXIS_HEIGHT,
        plot_left=plot_left,
        plot_right=plot_right,
        plot_top=TOP - 6,
        plot_bottom=plot_bottom,
        bars=bars,
        ticks=ticks,
        maximum=maximum,
        axis_label=axis_label,
        tick_label_y=plot_bottom + 18,
        axis_label_x=_round((plot_left + plot_right) / 2),
        axis_label_y=plot_bottom + 40,
    )


@dataclass(frozen=True)
class Span:
    """One release series on the timeline: its releases, then the support its policy states."""

    label: str
    text: str  # drawn after the bar: the dates in words
    y: float
    text_y: float
    released_x: float  # first to latest release
    released_width: float
    supported_width: float  # latest release to the policy's end of support (0 without one)
    inferred: bool


@dataclass(frozen=True)
class Timeline:
    width: float
    height: float
    plot_left: float
    plot_right: float
    plot_top: float
    plot_bottom: float
    spans: list[Span]
    ticks: list[Tick]
    today_x: float
    tick_label_y: float


TIMELINE_SERIES = 8  # the newest series drawn; the table lists every one


def _span(index, row, x) -> Span:
    """The ``index``-th series: released from its first to its last release, then
    supported (to its end of support, if known); ``x`` places a day on the axis."""
    label, first, last, until, text, inferred = row
    y = TOP + index * (BAR_HEIGHT + BAR_GAP)
    released_x = x(first)
    released_width = max(x(last) - released_x, MIN_RANGE_WIDTH)
    supported = max(x(until) - (released_x + released_width), 0) if until else 0
    return Span(
        label=label,
        text=text,
        y=y,
        text_y=_round(y + BAR_HEIGHT / 2 + 4.5),
        released_x=released_x,
        released_width=_round(released_width),
        supported_width=_round(supported),
        inferred=inferred,
    )


def timeline(rows, today, width: int = WIDTH) -> Timeline | None:
    """The geometry of a release timeline: one row per series, newest first, on a shared
    axis of years. ``rows`` are (label, first day, last release day, end of support or
    None, text, inferred). None when no row has dates."""
    rows = [row for row in rows if row[1] and row[2]][:TIMELINE_SERIES]
    if not rows:
        return None
    start = min(row[1] for row in rows)
    end = max([today, *(row[3] or row[2] for row in rows)])
    first_year, last_year = start.year, end.year + 1
    plot_left = _clamp(max(len(row[0]) for row in rows) * CHAR_WIDTH + 2 * LABEL_PAD, 60, 120)
    plot_right = width - 150
    span_days = (date_of(last_year) - date_of(first_year)).days

    def x(day) -> float:
        return _round(
            plot_left + (plot_right - plot_left) * (day - date_of(first_year)).days / span_days
        )

    spans = [_span(index, row, x) for index, row in enumerate(rows)]
    plot_bottom = TOP + len(rows) * (BAR_HEIGHT + BAR_GAP) - BAR_GAP + 6
    years = range(first_year, last_year + 1)
    every = max(1, len(years) // 6)
    ticks = [Tick(x=x(date_of(year)), label=str(year)) for year in years[::every]]
    return Timeline(
        width=width,
        height=plot_bottom + 30,
        plot_left=plot_left,
        plot_right=plot_right,
        plot_top=TOP - 6,
        plot_bottom=plot_bottom,
        spans=spans,
        ticks=ticks,
        today_x=x(today),
        tick_label_y=plot_bottom + 18,
    )


def date_of(year):
    return date(year, 1, 1)
