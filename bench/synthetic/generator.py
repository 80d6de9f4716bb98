"""The run: ``generate()``, and the generator that writes every row in one transaction."""

import random
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice

from django.db import transaction

from comparisons import changes
from comparisons.models import (
    Attribute,
    AttributeValue,
    Benchmark,
    BenchmarkResult,
    Category,
    Framework,
    ProCon,
    Recommendation,
    Release,
    Scenario,
)

from .attributes import AttributeRows
from .catalogue import SCALE_PREFIX
from .frameworks import FrameworkRows
from .guidance import GuidanceRows
from .limits import checked_position, max_position, validate_arguments
from .releases import ReleaseRows

BATCH_SIZE = 1000
# Rows built in memory before they are written: keeps a million cells from needing gigabytes.
_CHUNK = 20 * BATCH_SIZE
_SUMMARY_ORDER = [
    Framework,
    Release,
    Category,
    Attribute,
    AttributeValue,
    Benchmark,
    BenchmarkResult,
    Scenario,
    Recommendation,
    ProCon,
]


@dataclass
class ScaleSummary:
    """Rows created per model (verbose plural name), in creation order, and what was reused."""

    created: dict[str, int] = field(default_factory=dict)
    reused: dict[str, int] = field(default_factory=dict)
    first_framework: str = ""
    last_framework: str = ""

    @property
    def total(self) -> int:
        return sum(self.created.values())


def generate(
    frameworks: int,
    attributes: int,
    *,
    seed: int = 0,
    releases_per_framework: int = 5,
    results_per_framework: int = 3,
) -> ScaleSummary:
    """Add ``frameworks`` synthetic frameworks with cells for (at least) ``attributes`` rows.

    Synthetic attributes already present are reused (and only the missing ones up to
    ``attributes`` are added, with cells for earlier synthetic frameworks too), so the
    synthetic part of the matrix stays full. One more synthetic range attribute shows a
    synthetic benchmark's results and has no cells of its own.
    """
    validate_arguments(frameworks, attributes, releases_per_framework, results_per_framework)
    with transaction.atomic():
        summary = _Generator(random.Random(seed)).run(
            frameworks, attributes, releases_per_framework, results_per_framework
        )
        changes.mark_data_changed()  # runs when the transaction commits
    return summary


def _chunks(rows: Iterable, size: int = _CHUNK) -> Iterator[list]:
    iterator = iter(rows)
    while chunk := list(islice(iterator, size)):
        yield chunk


class _Generator(AttributeRows, FrameworkRows, ReleaseRows, GuidanceRows):
    def __init__(self, rng: random.Random):
        self.rng = rng
        self.created: Counter = Counter()
        self.reused: Counter = Counter()

    def run(self, frameworks, attributes, releases_per_framework, results_per_framework):
        typed, new_typed, benchmarks = self.attributes_and_benchmarks(attributes)
        earlier = self.existing_synthetic_frameworks()
        added = self.frameworks(frameworks)
        # Each framework's maturity and speed, so that its cells and results hang together.
        traits = {
            framework.pk: (self.rng.random(), self.rng.random()) for framework in earlier + added
        }
        self.cells(
            [(framework, attribute) for framework in added for attribute in typed]
            + [(framework, attribute) for framework in earlier for attribute in new_typed],
            traits,
        )
        releases = self.releases(added, releases_per_framework)
        self.results(added, benchmarks, releases, traits, results_per_framework)
        self.guidance(added)
        return ScaleSummary(
            created={_label(model): self.created[model] for model in _SUMMARY_ORDER},
            reused={_label(model): count for model, count in self.reused.items()},
            first_framework=added[0].slug,
            last_framework=added[-1].slug,
        )

    def bulk_create(self, model, rows) -> list:
        created = []
        for chunk in _chunks(rows):
            created += model.objects.bulk_create(chunk, batch_size=BATCH_SIZE)
        self.created[model] += len(created)
        if any(row.pk is None for row in created):  # a backend that returns no keys
            raise RuntimeError(f"bulk_create did not return the keys of new {model.__name__}s.")
        return created

    def reuse_or_add(self, row_factory, wanted, what) -> dict:
        """The model's ``scale-`` rows by slug: those there, and those of ``wanted`` (fields
        of each, with its slug) missing, built by ``row_factory`` after the last position."""
        model = row_factory._meta.model
        rows = {row.slug: row for row in model.objects.filter(slug__startswith=SCALE_PREFIX)}
        self.reused[model] = len(rows)
        missing = [fields for fields in wanted if fields["slug"] not in rows]
        position = max_position(model)
        checked_position(position + len(missing), what)
        built = [
            row_factory.build(position=position + offset, **fields)
            for offset, fields in enumerate(missing, start=1)
        ]
        rows.update((row.slug, row) for row in self.bulk_create(model, built))
        return rows


def _label(model) -> str:
    return str(model._meta.verbose_name_plural)
