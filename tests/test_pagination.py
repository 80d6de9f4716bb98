"""comparisons/pagination.py: the per-page clamp shared by every paged table."""

import pytest

from comparisons.pagination import clamp_per_page


@pytest.mark.parametrize(
    ("value", "expected"),
    [("25", 25), ("1", 1), ("0", 1), ("-7", 1), ("101", 100), ("1e3", 25), (None, 25), ("", 25)],
)
def test_clamp_per_page(value, expected):
    assert clamp_per_page(value) == expected
