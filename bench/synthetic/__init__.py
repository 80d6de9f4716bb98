"""Synthetic data at scale, to measure the site with hundreds of frameworks and attributes.

``generate()`` adds frameworks named “Synthetic 001”, … (slugs ``synthetic-001``, …) with
a typed cell for every synthetic attribute, PEP 440 releases, benchmark results with their
setup, pros and cons and a few scenario recommendations. Synthetic categories, attributes,
benchmarks and scenarios have slugs starting with ``scale-``; a later run reuses them and
numbers its frameworks after the existing synthetic ones, so it never collides with them.

Everything is written with ``bulk_create`` inside one transaction: no history records and
no change-log entries are written, which is what synthetic data wants. The output depends
only on the seed and on what the database already holds.
"""

from .attributes import BENCHMARK_ATTRIBUTE_SLUG, KEY_ATTRIBUTES
from .catalogue import (
    ATTRIBUTE_SLUG,
    ATTRIBUTES_PER_CATEGORY,
    CATALOGUE,
    CATEGORY_THEMES,
    SCALE_PREFIX,
    Spec,
    attribute_spec,
    category_for,
    spec_of,
)
from .frameworks import FRAMEWORK_NAME, FRAMEWORK_SLUG
from .generator import BATCH_SIZE, ScaleSummary, generate
from .limits import (
    MAX_ATTRIBUTES,
    MAX_CELLS,
    MAX_FRAMEWORKS,
    MAX_RELEASES_PER_FRAMEWORK,
    MAX_RESULTS_PER_FRAMEWORK,
    MIN_ATTRIBUTES,
    ScaleError,
    validate_arguments,
)
from .vocabulary import (
    ANCHOR,
    BENCHMARKS,
    CONS,
    FIRST_NAMES,
    FOCUSES,
    HARDWARE,
    KINDS,
    LAST_NAMES,
    LICENSES,
    PARTIAL_TEXTS,
    PRE_TAGS,
    PROS,
    PYTHONS,
    SCENARIOS,
    SERVERS,
    YES_TEXTS,
)

__all__ = [
    "ANCHOR",
    "ATTRIBUTES_PER_CATEGORY",
    "ATTRIBUTE_SLUG",
    "BATCH_SIZE",
    "BENCHMARKS",
    "BENCHMARK_ATTRIBUTE_SLUG",
    "CATALOGUE",
    "CATEGORY_THEMES",
    "CONS",
    "FIRST_NAMES",
    "FOCUSES",
    "FRAMEWORK_NAME",
    "FRAMEWORK_SLUG",
    "HARDWARE",
    "KEY_ATTRIBUTES",
    "KINDS",
    "LAST_NAMES",
    "LICENSES",
    "MAX_ATTRIBUTES",
    "MAX_CELLS",
    "MAX_FRAMEWORKS",
    "MAX_RELEASES_PER_FRAMEWORK",
    "MAX_RESULTS_PER_FRAMEWORK",
    "MIN_ATTRIBUTES",
    "PARTIAL_TEXTS",
    "PRE_TAGS",
    "PROS",
    "PYTHONS",
    "SCALE_PREFIX",
    "SCENARIOS",
    "SERVERS",
    "YES_TEXTS",
    "ScaleError",
    "ScaleSummary",
    "Spec",
    "attribute_spec",
    "category_for",
    "spec_of",
    "generate",
    "validate_arguments",
]
