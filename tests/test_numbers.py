from decimal import Decimal

import pytest

from comparisons.numbers import format_number

CASES = [
    (Decimal("20.0000"), "20"),
    (Decimal("2.5000"), "2.5"),
    (Decimal("0.0500"), "0.05"),
    (100, "100"),
    (Decimal("100.0000"), "100"),
    (0, "0"),
    (Decimal("0.0000"), "0"),
    (None, ""),
]


@pytest.mark.parametrize(("value", "expected"), CASES, ids=[repr(v) for v, _ in CASES])
def test_format_number(value, expected):
    assert format_number(value) == expected
