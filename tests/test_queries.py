"""comparisons/queries: cells and matrix rows. Two cells differ when their typed values do,
whatever their wording."""

from decimal import Decimal
from types import SimpleNamespace

import pytest

from comparisons.models import KIND_SPECS, Attribute, SupportLevel, ValueKind
from comparisons.queries import EMPTY_CELL
from comparisons.queries.cells import cell_from_result, cell_from_value, text_cell
from comparisons.queries.matrix import Row


def _value(**fields):
    defaults = {
        "support": SupportLevel.UNKNOWN,
        "display_text": "",
        "number": None,
        "upper_number": None,
        "ordinal_rank": None,
        "note": "",
        "source_url": "",
        "source": None,
        "verified_on": None,
    }
    return SimpleNamespace(**{**defaults, **fields})


def _row(kind, *values, unit=""):
    attribute = Attribute(name="Row", slug="row", value_kind=kind, unit=unit)
    return Row(attribute, [cell_from_value(_value(**v), attribute) for v in values])


@pytest.mark.parametrize(
    ("values", "differs"),
    [
        ([{"support": "yes"}, {"support": "yes", "display_text": "Yes (typed)"}], False),
        ([{"support": "yes", "display_text": "Jinja2"}, {"support": "yes"}], False),
        ([{"support": "yes"}, {"support": "partial", "display_text": "Minimal"}], True),
        ([{"support": "no", "display_text": "Manual"}, {"support": "no"}], False),
        ([{"support": "via-extension"}, {"support": "yes", "display_text": "Native"}], True),
        ([{"support": "partial", "display_text": "Limited"}] * 2, False),
    ],
)
def test_support_rows_differ_by_level_not_wording(values, differs):
    assert _row(ValueKind.SUPPORT, *values).differs is differs


@pytest.mark.parametrize(
    ("values", "differs"),
    [
        ([{"number": Decimal("10")}, {"number": Decimal("10.0"), "display_text": "~10"}], False),
        ([{"number": Decimal("10")}, {"number": Decimal("11")}], True),
    ],
)
def test_number_rows_differ_by_number(values, differs):
    assert _row(ValueKind.NUMBER, *values, unit="ms").differs is differs


@pytest.mark.parametrize(
    ("values", "differs"),
    [
        (
            [
                {"number": Decimal("20"), "upper_number": Decimal("50"), "display_text": "Medium"},
                {"number": Decimal("20"), "upper_number": Decimal("50")},
            ],
            False,
        ),
        (
            [
                {"number": Decimal("20"), "upper_number": Decimal("50")},
                {"number": Decimal("20"), "upper_number": Decimal("70")},
            ],
            True,
        ),
    ],
)
def test_range_rows_differ_by_either_end(values, differs):
    assert _row(ValueKind.RANGE, *values, unit="ms").differs is differs


@pytest.mark.parametrize(
    ("values", "differs"),
    [
        (
            [
                {"ordinal_rank": 2, "display_text": "Moderate"},
                {"ordinal_rank": 2, "display_text": "Moderate (typing)"},
            ],
            False,
        ),
        (
            [
                {"ordinal_rank": 1, "display_text": "Easy"},
                {"ordinal_rank": 3, "display_text": "Easy"},
            ],
            True,
        ),
    ],
)
def test_ordinal_rows_differ_by_rank(values, differs):
    assert _row(ValueKind.ORDINAL, *values).differs is differs


@pytest.mark.parametrize(
    ("values", "differs"),
    [
        ([{"display_text": "BSD"}, {"display_text": "bsd"}], False),
        ([{"display_text": "BSD"}, {"display_text": "MIT"}], True),
    ],
)
def test_text_rows_differ_by_their_words(values, differs):
    assert _row(ValueKind.TEXT, *values).differs is differs


def test_a_missing_value_differs_from_a_known_one_but_not_from_another_missing_one():
    attribute = Attribute(name="Row", slug="row", value_kind=ValueKind.SUPPORT)
    known = cell_from_value(_value(support="yes"), attribute)
    unknown = cell_from_value(_value(), attribute)
    assert Row(attribute, [known, EMPTY_CELL]).differs
    assert not Row(attribute, [unknown, EMPTY_CELL]).differs


def test_benchmark_rows_differ_by_their_figures():
    def result(low, high=None, display=""):
        return SimpleNamespace(
            display=display or str(low),
            low_value=Decimal(low),
            high_value=None if high is None else Decimal(high),
            median_value=None if high is None else (Decimal(low) + Decimal(high)) / 2,
            notes="",
            source_url="",
            source=None,
            measured_on=None,
            benchmark=SimpleNamespace(unit="ms"),
        )

    attribute = Attribute(name="Speed", slug="speed", value_kind=ValueKind.NUMBER)
    same = [cell_from_result(result("5", display="5 ms")), cell_from_result(result("5.0"))]
    assert not Row(attribute, same).differs
    other = [cell_from_result(result("5")), cell_from_result(result("5", "9"))]
    assert Row(attribute, other).differs


def test_facts_as_text_differ_by_their_words():
    assert text_cell("Micro-framework").meaning == text_cell("micro-framework").meaning
    assert text_cell("") is EMPTY_CELL


@pytest.mark.parametrize(
    ("support", "text", "mark"),
    [
        ("yes", "", SupportLevel.YES),
        ("yes", "Jinja2", SupportLevel.YES),
        ("partial", "Limited", SupportLevel.PARTIAL),
        ("via-extension", "Flask-RESTful", SupportLevel.VIA_EXTENSION),
        ("no", "", SupportLevel.NO),
        ("no", "Manual", None),  # the words are the source's; no ✗ is added
        ("unknown", "", None),
    ],
)
def test_marks_only_where_the_data_says_so(support, text, mark):
    attribute = Attribute(name="Row", slug="row", value_kind=ValueKind.SUPPORT)
    cell = cell_from_value(_value(support=support, display_text=text), attribute)
    assert cell.mark == mark


@pytest.mark.parametrize("kind", ValueKind.values)
def test_a_cell_with_what_its_kind_requires_is_known_and_reads_its_kind(kind):
    attribute = Attribute(name="Row", slug="row", value_kind=kind, unit="ms")
    spec = KIND_SPECS[kind]
    filled = {"number": Decimal("3"), "upper_number": Decimal("7"), "ordinal_rank": 2}
    values = {name: filled.get(name, "Label") for name in spec.required_fields}
    if kind == ValueKind.SUPPORT:
        values["support"] = "yes"
    cell = cell_from_value(_value(**values), attribute)
    assert not cell.is_missing
    assert cell.meaning == cell.sort_key[1:] == spec.key(_value(**values))
    assert cell.unit == ("ms" if spec.numeric else "")
    assert (cell.support is not None) is (kind == ValueKind.SUPPORT)


def test_a_cell_without_a_value_of_its_kind_falls_back_to_its_words_or_is_missing():
    for kind, spec in KIND_SPECS.items():
        attribute = Attribute(name="Row", slug="row", value_kind=kind)
        if spec.words_stand_in:
            cell = cell_from_value(_value(display_text="About 3"), attribute)
            assert cell.meaning == ("about 3",), kind
        assert cell_from_value(_value(), attribute).is_missing, kind
