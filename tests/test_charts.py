"""comparisons/charts.py: the bar chart's geometry (the benchmarks page's SVG charts)."""

from decimal import Decimal

import pytest

from comparisons.charts import Datum, bar_chart, nice_scale


def test_bars_scale_to_the_rounded_maximum():
    chart = bar_chart([Datum("A", 10), Datum("B", 70)], axis_label="ms")
    a, b = chart.bars
    plot_width = chart.plot_right - chart.plot_left
    assert chart.maximum == 80
    assert [tick.label for tick in chart.ticks] == ["0", "20", "40", "60", "80"]
    assert chart.ticks[0].x == chart.plot_left
    assert chart.ticks[-1].x == chart.plot_right
    assert a.x == b.x == chart.plot_left
    assert b.width == pytest.approx(plot_width * 70 / 80, abs=0.1)
    assert a.width == pytest.approx(plot_width * 10 / 80, abs=0.1)
    assert b.width <= plot_width
    assert a.y < b.y
    assert chart.axis_label == "ms"


def test_a_range_is_a_bar_from_low_to_high():
    chart = bar_chart(
        [Datum("Range", Decimal(20), Decimal(50), "Medium (~20–50 ms)"), Datum("Single", 30)]
    )
    span, single = chart.bars
    plot_width = chart.plot_right - chart.plot_left
    assert span.is_range and not single.is_range
    assert span.x == pytest.approx(chart.plot_left + plot_width * 20 / 60, abs=0.1)
    assert span.width == pytest.approx(plot_width * 30 / 60, abs=0.1)
    assert single.x == chart.plot_left
    assert single.width == pytest.approx(plot_width * 30 / 60, abs=0.1)
    assert span.text == "Medium (~20–50 ms)"
    assert single.text == "30"  # without a text, the figure itself
    assert span.text_x > span.x + span.width
    assert single.name_x < chart.plot_left


def test_a_range_whose_ends_meet_is_a_single_figure():
    [bar] = bar_chart([Datum("Same", 5, 5)]).bars
    assert not bar.is_range


def test_a_narrow_range_stays_visible():
    [bar, _] = bar_chart([Datum("Narrow", Decimal("100"), Decimal("100.001")), Datum("B", 1)]).bars
    assert bar.is_range
    assert bar.width >= 2


def test_zero_only_data_does_not_divide_by_zero():
    chart = bar_chart([Datum("A", 0), Datum("B", 0, 0)])
    assert chart.maximum == 1
    assert [bar.width for bar in chart.bars] == [0, 0]
    assert [tick.label for tick in chart.ticks] == ["0", "1"]
    assert bar_chart([]).bars == []


def test_long_names_are_shortened_on_the_chart_only():
    name = "A framework with a very long name indeed"
    [bar] = bar_chart([Datum(name, 1)]).bars
    assert bar.label == name
    assert bar.short_label.endswith("…")
    assert len(bar.short_label) <= 22


@pytest.mark.parametrize(
    ("largest", "maximum", "step"),
    [
        ("70", "80", "20"),
        ("50", "60", "20"),
        ("10", "10", "2.5"),
        ("7", "8", "2"),
        ("100", "100", "25"),
        ("0.3", "0.3", "0.1"),
        ("12345", "15000", "5000"),
        ("0", "1", "1"),
    ],
)
def test_nice_scale(largest, maximum, step):
    assert nice_scale(Decimal(largest)) == (Decimal(maximum), Decimal(step))


def test_bar_chart_median_geometry():
    chart = bar_chart([Datum("M", Decimal(90), Decimal(110), "100", median=Decimal(100))])
    [bar] = chart.bars
    plot_width = chart.plot_right - chart.plot_left
    maximum = float(chart.maximum)
    assert not bar.is_range
    assert bar.x == chart.plot_left
    assert bar.width == pytest.approx(plot_width * 100 / maximum, abs=0.1)
    assert bar.whisker_x1 == pytest.approx(chart.plot_left + plot_width * 90 / maximum, abs=0.1)
    assert bar.whisker_x2 == pytest.approx(chart.plot_left + plot_width * 110 / maximum, abs=0.1)
    assert bar.whisker_top < bar.y < bar.y + bar.height < bar.whisker_bottom
    assert bar.text_x > bar.whisker_x2
    [plain] = bar_chart([Datum("P", 5)]).bars
    assert plain.whisker_x1 is None
