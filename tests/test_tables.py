"""Typed sorting of list-backed tables: values by kind, missing values last both ways."""

from datetime import date
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils.html import escape

from comparisons.models import SupportLevel, ValueKind
from comparisons.queries import EMPTY_CELL, Cell
from comparisons.tables.matrix import CellColumn, FrameworkTable, MatrixTable, cell_html
from tests.factories import AttributeFactory, AttributeValueFactory, FrameworkFactory


class NumberTable(MatrixTable):
    score = CellColumn()


class _Named:
    def __init__(self, name):
        self.name = name

    def get_absolute_url(self):
        return f"/frameworks/{self.name}/"


def _rows(*scores):
    return [
        {"framework": _Named(f"f{index}"), "score": score} for index, score in enumerate(scores)
    ]


def _order(table):
    return [row.record["framework"].name for row in table.rows]


@pytest.mark.parametrize(
    ("order_by", "expected"),
    [
        ("score", ["f2", "f0", "f1", "f3"]),
        ("-score", ["f1", "f0", "f2", "f3"]),
    ],
)
def test_missing_values_sort_last_in_both_directions(order_by, expected):
    rows = _rows(
        Cell("10", (0, Decimal(10))),
        Cell("100", (0, Decimal(100))),
        Cell("9", (0, Decimal(9))),
        EMPTY_CELL,
    )
    assert _order(NumberTable(rows, order_by=order_by)) == expected


def test_numbers_sort_numerically_not_as_text():
    rows = _rows(Cell("100", (0, 100)), Cell("9", (0, 9)), Cell("20", (0, 20)))
    assert _order(NumberTable(rows, order_by="score")) == ["f1", "f2", "f0"]


def test_equal_values_keep_their_order():
    rows = _rows(Cell("a", (0, 1)), Cell("b", (0, 1)), Cell("c", (0, 0)))
    assert _order(NumberTable(rows, order_by="-score")) == ["f0", "f1", "f2"]


@pytest.mark.parametrize(
    "cell",
    [
        Cell(text="Via <ext>", support=SupportLevel.VIA_EXTENSION),
        Cell(text="Manual", support=SupportLevel.NO),
        Cell(text="No", support=SupportLevel.NO),
        Cell(text="12 ms"),
    ],
)
def test_template_cells_and_table_cells_share_one_badge(cell):
    rendered = Template("{% load comparisons %}{% cell cell %}").render(Context({"cell": cell}))
    assert rendered.strip() == cell_html(cell)
    if cell.mark:
        symbol = cell.mark.symbol
        assert cell_html(cell) == (
            f'<span class="support support--{cell.mark.value}">'
            f'<span class="support__symbol" aria-hidden="true">{symbol}</span> '
            f"{escape(cell.text)}</span>"
        )
    else:
        assert cell_html(cell) == escape(cell.text)


def test_support_cells_sort_by_the_methodology_order(db):
    from comparisons.queries import cell_from_value
    from tests.factories import AttributeFactory, AttributeValueFactory

    attribute = AttributeFactory()
    levels = ["no", "partial", "unknown", "yes", "via-extension"]
    cells = [
        cell_from_value(AttributeValueFactory.build(attribute=attribute, support=level), attribute)
        for level in levels
    ]
    table = NumberTable(_rows(*cells), order_by="-score")
    shown = [levels[int(name[1:])] for name in _order(table)]
    # Best first by one rule (the methodology page's, and the decision helper's points);
    # unknown last whichever way the column is sorted.
    assert shown == ["yes", "via-extension", "partial", "no", "unknown"]
    table = NumberTable(_rows(*cells), order_by="score")
    assert [levels[int(name[1:])] for name in _order(table)][-1] == "unknown"


RELEASED = date(2025, 8, 19)


class _Released(_Named):
    """A framework with its latest release's day annotated."""

    latest_release_date = RELEASED


class StarredFrameworkTable(FrameworkTable):
    """A column inserted before "Latest version"."""

    stars = CellColumn(verbose_name="Stars")

    class Meta(FrameworkTable.Meta):
        sequence = ("framework", "kind", "stars", "latest_version", "...")


def test_the_release_date_stays_in_the_latest_version_column():
    row = {
        "framework": _Released("flask"),
        "kind": Cell("Microframework"),
        "stars": Cell("70k"),
        "latest_version": Cell("3.1.2", day=RELEASED, detail="19 Aug 2025"),
        "first_release": Cell("2010"),
        "creators": Cell("Armin Ronacher"),
        "license": Cell("BSD-3-Clause"),
    }
    table = StarredFrameworkTable([row])
    names = [column.name for column in table.columns][1:]
    [(_framework, cells)] = table.body_rows
    dated = [name for name, (html, _differs) in zip(names, cells, strict=True) if "<time" in html]
    assert dated == ["latest_version"]
    html = dict(zip(names, cells, strict=True))["latest_version"][0]
    assert html.count("<time") == 1
    assert f'datetime="{RELEASED.isoformat()}"' in html


@pytest.fixture
def words_among_figures(db):
    """A number row where one framework's cell has words and a note but no figure yet."""
    row = AttributeFactory(value_kind=ValueKind.NUMBER, unit="ms", slug="latency")
    slow, unmeasured, fast = (
        FrameworkFactory(name=name, slug=name.lower()) for name in ("Slow", "Words", "Fast")
    )
    AttributeValueFactory(framework=slow, attribute=row, number=Decimal("9"))
    AttributeValueFactory(
        framework=unmeasured, attribute=row, display_text="Not measured", note="No figure yet."
    )
    AttributeValueFactory(framework=fast, attribute=row, number=Decimal("2"))


@pytest.mark.parametrize("sort", ["latency", "-latency"])
def test_words_standing_in_for_a_figure_sort_after_the_figures_both_ways(
    words_among_figures, client, sort
):
    response = client.get(f"/compare/?view=transposed&sort={sort}")
    assert response.status_code == 200
    page = response.content.decode()
    figures = [page.index(f">{name}<") for name in ("Slow", "Fast")]
    assert max(figures) < page.index(">Words<")


@pytest.mark.parametrize("sort", ["words", "-words", "latency", "-latency"])
def test_any_column_sorts_a_row_of_words_and_figures(words_among_figures, client, sort):
    assert client.get(f"/compare/?sort={sort}").status_code == 200
    assert client.get(f"/compare/?view=transposed&sort={sort}").status_code == 200
