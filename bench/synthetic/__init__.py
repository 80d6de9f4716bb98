"""Synthetic data at scale, to measure the site with hundreds of frameworks and attributes.

``generate()`` adds frameworks named “Synthetic 001”, … (slugs ``synthetic-001``, …) with
a typed cell for every synthetic attribute, PEP 440 releases, benchmark results with their
setup, pros and cons and a few scenario recommendations. Synthetic categories, attributes,
benchmarks and scenarios have slugs starting with ``scale-``; a later run reuses them and
numbers its frameworks after the existing synthetic ones, so it never collides with them.

Rows are built by the test factories (``tests.factories``), so that tests and synthetic
data share one way to make each row; factory-boy is a dev requirement, like this tooling.
Everything is written with ``bulk_create`` inside one transaction: no history records and
no change-log entries are written, which is what synthetic data wants. The output depends
only on the seed and on what the database already holds.
"""

from .catalogue import spec_of
from .generator import ScaleSummary, generate
from .limits import MAX_ATTRIBUTES, MAX_FRAMEWORKS, MIN_ATTRIBUTES, ScaleError

__all__ = [
    "MAX_ATTRIBUTES",
    "MAX_FRAMEWORKS",
    "MIN_ATTRIBUTES",
    "ScaleError",
    "ScaleSummary",
    "generate",
    "spec_of",
]
