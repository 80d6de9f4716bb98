"""The editors' workspace: one module per part of the data."""

from . import (  # noqa: F401  (registers the admins)
    benchmarks,
    content,
    frameworks,
    matrix,
    releases,
    sources,
)
