"""comparisons/page_keys.py: which query parameters each public page reads (its cache key)."""

import pytest


@pytest.mark.parametrize(
    ("url_name", "expected"),
    [
        ("comparisons:framework-list", {"q", "kind", "features", "support", "sort", "page"}),
        ("comparisons:compare", {"frameworks", "categories", "view", "differences", "_export"}),
        ("comparisons:choose", {"needs", "scenario"}),
        ("comparisons:benchmark-list", {"benchmark", "framework", "sort", "_export"}),
        ("comparisons:change-list", {"kind", "page", "per_page"}),
        ("comparisons:article-list", {"page"}),
    ],
)
def test_each_page_reads_the_parameters_its_filterset_form_and_table_name(url_name, expected):
    from django.urls import reverse

    from comparisons.page_keys import parameters_for_path

    assert expected <= parameters_for_path(reverse(url_name))
