"""The editors' workspace: one module per part of the data."""

from . import benchmarks, content, frameworks, matrix  # noqa: F401  (registers the admins)
