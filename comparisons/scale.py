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

import random
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import Decimal
from itertools import islice

from django.db import models, transaction
from django.db.models import Max
from django.utils.text import slugify

from . import changes
from .models import (
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
    SupportLevel,
    ValueKind,
)
from .versions import version_sort_key

MAX_FRAMEWORKS = 5000
MIN_ATTRIBUTES = len(ValueKind)  # at least one attribute of each kind
MAX_ATTRIBUTES = 1000
MAX_CELLS = 1_000_000
MAX_RELEASES_PER_FRAMEWORK = 50
MAX_RESULTS_PER_FRAMEWORK = 20
BATCH_SIZE = 1000
# Rows built in memory before they are written: keeps a million cells from needing gigabytes.
_CHUNK = 20 * BATCH_SIZE
_MAX_POSITION = 32767  # PositiveSmallIntegerField

ATTRIBUTES_PER_CATEGORY = 10
FRAMEWORK_SLUG = re.compile(r"^synthetic-(\d+)$")
FRAMEWORK_NAME = re.compile(r"^Synthetic (\d+)$")
SCALE_PREFIX = "scale-"
ATTRIBUTE_SLUG = re.compile(r"^scale-(\d+)-")
BENCHMARK_ATTRIBUTE_SLUG = "scale-benchmark-latency"
# Fixed, so that a seed gives the same dates whatever day it runs.
ANCHOR = date(2025, 6, 30)
# Attribute numbers whose rows become columns of /frameworks/ (a number and an ordinal).
KEY_ATTRIBUTES = {2, 5}


class ScaleError(ValueError):
    """An argument out of range, or a database too full for another run."""


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


# --- The catalogue -------------------------------------------------------------------------


@dataclass(frozen=True)
class Spec:
    """How to fill an attribute: its name, kind, unit and the values its cells take."""

    name: str
    kind: ValueKind
    unit: str = ""
    higher_is_better: bool | None = None
    low: float = 0.0  # numbers and ranges: the plausible span
    high: float = 0.0
    decimals: int = 0
    labels: tuple[str, ...] = ()  # ordinals: the scale, lowest first; texts: the choices

    @property
    def description(self) -> str:
        if self.kind == ValueKind.SUPPORT:
            return f"Whether {self.name.lower()} is available, built in or through an extension."
        if self.kind == ValueKind.ORDINAL:
            return f"{self.name}, on a scale: {' < '.join(self.labels)}."
        if self.kind == ValueKind.TEXT:
            return f"{self.name}, in a word or two."
        unit = f" ({self.unit})" if self.unit else ""
        direction = {True: " Higher is better.", False: " Lower is better.", None: ""}
        what = "range" if self.kind == ValueKind.RANGE else "figure"
        return f"{self.name}{unit}, a typical {what}.{direction[self.higher_is_better]}"


def _support(*names):
    return [Spec(name, ValueKind.SUPPORT) for name in names]


CATALOGUE: dict[ValueKind, list[Spec]] = {
    ValueKind.SUPPORT: _support(
        "URL reversing",
        "Class-based views",
        "Middleware",
        "Database migrations",
        "CSRF protection",
        "WebSockets",
        "Background tasks",
        "Server-sent events",
        "GraphQL",
        "OpenAPI schema",
        "Dependency injection",
        "Form handling",
        "Internationalisation",
        "Caching framework",
        "Rate limiting",
        "Signed sessions",
        "Static file serving",
        "Streaming responses",
        "File uploads",
        "Pagination helpers",
        "Admin interface",
        "Test client",
        "Auto-reload in development",
        "CORS handling",
        "HTTP/2",
        "Content negotiation",
        "Object permissions",
        "OAuth2 login",
        "Health checks",
        "Structured logging",
    ),
    ValueKind.NUMBER: [
        Spec("Cold start time", ValueKind.NUMBER, "ms", False, 40, 2500),
        Spec("Installed size", ValueKind.NUMBER, "MB", False, 0.4, 60, 1),
        Spec("Core dependencies", ValueKind.NUMBER, "", False, 0, 25),
        Spec("GitHub stars", ValueKind.NUMBER, "k", True, 0.3, 85, 1),
        Spec("Contributors", ValueKind.NUMBER, "", True, 5, 2500),
        Spec("Plaintext throughput", ValueKind.NUMBER, "req/s", True, 2000, 180000),
        Spec("Memory per worker", ValueKind.NUMBER, "MB", False, 18, 220),
        Spec("Median issue close time", ValueKind.NUMBER, "days", False, 1, 120),
        Spec("Test coverage", ValueKind.NUMBER, "%", True, 55, 99.5, 1),
        Spec("Documentation pages", ValueKind.NUMBER, "", True, 20, 3000),
        Spec("Security support window", ValueKind.NUMBER, "months", True, 3, 48),
    ],
    ValueKind.RANGE: [
        Spec("JSON response time", ValueKind.RANGE, "ms", False, 0.8, 60, 1),
        Spec("Memory footprint", ValueKind.RANGE, "MB", False, 20, 300),
        Spec("Startup time", ValueKind.RANGE, "s", False, 0.1, 6, 2),
        Spec("Release cadence", ValueKind.RANGE, "months", None, 1, 12),
        Spec("Time to a first endpoint", ValueKind.RANGE, "min", False, 2, 60),
        Spec("ORM query overhead", ValueKind.RANGE, "µs", False, 5, 400),
    ],
    ValueKind.ORDINAL: [
        Spec(
            "Learning curve",
            ValueKind.ORDINAL,
            higher_is_better=False,
            labels=("Easy", "Moderate", "Steeper"),
        ),
        Spec(
            "Documentation quality",
            ValueKind.ORDINAL,
            higher_is_better=True,
            labels=("Sparse", "Adequate", "Good", "Excellent"),
        ),
        Spec(
            "Community size",
            ValueKind.ORDINAL,
            higher_is_better=True,
            labels=("Small", "Medium", "Large", "Very large"),
        ),
        Spec(
            "Maturity",
            ValueKind.ORDINAL,
            higher_is_better=True,
            labels=("Experimental", "Young", "Established", "Mature", "Veteran"),
        ),
        Spec("Opinionatedness", ValueKind.ORDINAL, labels=("Minimal", "Balanced", "Opinionated")),
        Spec(
            "Upgrade effort",
            ValueKind.ORDINAL,
            higher_is_better=False,
            labels=("Trivial", "Manageable", "Involved", "Painful"),
        ),
    ],
    ValueKind.TEXT: [
        Spec(
            "Default template engine",
            ValueKind.TEXT,
            labels=("Jinja2", "Django templates", "Mako", "Chameleon", "None (bring your own)"),
        ),
        Spec(
            "Recommended server",
            ValueKind.TEXT,
            labels=("gunicorn", "uvicorn", "Granian", "Hypercorn", "Waitress"),
        ),
        Spec(
            "Configuration style",
            ValueKind.TEXT,
            labels=("Python module", "Environment variables", "TOML file", "App factory"),
        ),
        Spec(
            "Validation library",
            ValueKind.TEXT,
            labels=("Pydantic", "marshmallow", "attrs", "msgspec", "Built-in forms"),
        ),
        Spec(
            "Preferred ORM",
            ValueKind.TEXT,
            labels=("SQLAlchemy", "Django ORM", "Tortoise ORM", "Peewee", "None"),
        ),
        Spec("Server interface", ValueKind.TEXT, labels=("WSGI", "ASGI", "WSGI and ASGI")),
    ],
}

# Attribute number n (from 1) has kind _KIND_PATTERN[(n - 1) % 10]: every kind in the first
# five, and support rows the most common, as on real comparison grids.
_KIND_PATTERN = [
    ValueKind.SUPPORT,
    ValueKind.NUMBER,
    ValueKind.TEXT,
    ValueKind.RANGE,
    ValueKind.ORDINAL,
    ValueKind.SUPPORT,
    ValueKind.NUMBER,
    ValueKind.SUPPORT,
    ValueKind.ORDINAL,
    ValueKind.TEXT,
]

CATEGORY_THEMES = [
    "Routing & views",
    "Data & ORM",
    "Templates & front end",
    "Security",
    "APIs & serialisation",
    "Async & real time",
    "Testing",
    "Deployment & operations",
    "Performance",
    "Developer experience",
    "Ecosystem & community",
    "Configuration",
]


def attribute_spec(number: int) -> tuple[Spec, str]:
    """The spec and slug of synthetic attribute ``number`` (from 1): a pure function of it."""
    position = (number - 1) % len(_KIND_PATTERN)
    kind = _KIND_PATTERN[position]
    per_cycle = _KIND_PATTERN.count(kind)
    seen = (number - 1) // len(_KIND_PATTERN) * per_cycle + _KIND_PATTERN[:position].count(kind)
    choices = CATALOGUE[kind]
    base = choices[seen % len(choices)]
    round_ = seen // len(choices)
    name = f"{base.name} ({round_ + 1})" if round_ else base.name
    return replace(base, name=name), f"{SCALE_PREFIX}{number:04d}-{slugify(base.name)}"


def category_for(number: int) -> tuple[str, str]:
    """The name and slug of the category of synthetic attribute ``number``."""
    index = (number - 1) // ATTRIBUTES_PER_CATEGORY
    theme = CATEGORY_THEMES[index % len(CATEGORY_THEMES)]
    round_ = index // len(CATEGORY_THEMES)
    suffix = f" {round_ + 1}" if round_ else ""
    slug = f"{SCALE_PREFIX}{slugify(theme)}{f'-{round_ + 1}' if round_ else ''}"
    return f"Scale: {theme}{suffix}", slug


BENCHMARKS = [
    {
        "slug": "scale-json-latency",
        "name": "Scale: JSON endpoint latency",
        "unit": "ms",
        "lower_is_better": True,
        "description": "Synthetic. Time to answer a small JSON request, p50 to p99.",
        "methodology": "Synthetic figures from `generate_scale_data`; not measured.",
    },
    {
        "slug": "scale-plaintext-throughput",
        "name": "Scale: Plaintext throughput",
        "unit": "req/s",
        "lower_is_better": False,
        "description": "Synthetic. Requests per second for a plaintext response.",
        "methodology": "Synthetic figures from `generate_scale_data`; not measured.",
    },
]

SCENARIOS = [
    ("scale-high-traffic-json-api", "Scale: A high-traffic JSON API"),
    ("scale-content-site-with-admin", "Scale: A content site with an admin"),
    ("scale-real-time-dashboard", "Scale: A real-time dashboard"),
]

KINDS = ["Microframework", "Full-stack web framework", "ASGI framework", "API framework"]
FOCUSES = [
    "Speed and low overhead",
    "Batteries included",
    "Typed APIs",
    "Simplicity and flexibility",
    "Real-time applications",
    "Small deployments",
]
FIRST_NAMES = ["Ada", "Grace", "Linus", "Guido", "Barbara", "Ken", "Radia", "Tim", "Margaret"]
LAST_NAMES = ["Hopper", "Lovelace", "Liskov", "Thompson", "Perlman", "Hamilton", "Ritchie"]
LICENSES = ["BSD-3-Clause", "MIT", "Apache-2.0", "BSD-2-Clause"]
PRE_TAGS = ["rc1", "rc2", "b1", "a1"]
SERVERS = ["gunicorn 23 (sync)", "uvicorn 0.34", "Granian 2.2", "Hypercorn 0.17"]
PYTHONS = ["3.11.11", "3.12.9", "3.13.2"]
HARDWARE = [
    "2 vCPU (AMD EPYC 7B13), 4 GB RAM",
    "4 vCPU (Intel Xeon Platinum 8375C), 8 GB RAM",
    "8 cores (Apple M2), 16 GB RAM",
]
PROS = [
    "Fast to start with",
    "Small and readable core",
    "Excellent documentation",
    "Typed from end to end",
    "Batteries included",
    "Friendly community",
    "Stable upgrade path",
    "Fast under load",
]
CONS = [
    "Young ecosystem",
    "Few third-party packages",
    "Opinionated project layout",
    "Sparse async support",
    "Breaking changes between majors",
    "Heavy for small services",
]
YES_TEXTS = ["Yes (built in)", "Yes (typed)", "Yes, first-party"]
PARTIAL_TEXTS = ["Partial (experimental)", "Partial (sync only)", "Partial (no streaming)"]


def validate_arguments(
    frameworks: int, attributes: int, releases_per_framework: int, results_per_framework: int
) -> None:
    if not 1 <= frameworks <= MAX_FRAMEWORKS:
        raise ScaleError(f"--frameworks must be between 1 and {MAX_FRAMEWORKS}, not {frameworks}.")
    if not MIN_ATTRIBUTES <= attributes <= MAX_ATTRIBUTES:
        raise ScaleError(
            f"--attributes must be between {MIN_ATTRIBUTES} (one per value kind) and "
            f"{MAX_ATTRIBUTES}, not {attributes}."
        )
    if frameworks * attributes > MAX_CELLS:
        raise ScaleError(
            f"{frameworks} x {attributes} makes {frameworks * attributes} cells; "
            f"the limit is {MAX_CELLS}."
        )
    if not 0 <= releases_per_framework <= MAX_RELEASES_PER_FRAMEWORK:
        raise ScaleError(
            f"Releases per framework must be between 0 and {MAX_RELEASES_PER_FRAMEWORK}."
        )
    if not 0 <= results_per_framework <= MAX_RESULTS_PER_FRAMEWORK:
        raise ScaleError(
            f"Results per framework must be between 0 and {MAX_RESULTS_PER_FRAMEWORK}."
        )


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
        mark_data_changed = getattr(changes, "mark_data_changed", None)
        if mark_data_changed is not None:
            mark_data_changed()  # runs when the transaction commits
    return summary


def _chunks(rows: Iterable, size: int = _CHUNK) -> Iterator[list]:
    iterator = iter(rows)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _decimal(value: float, decimals: int) -> Decimal:
    return Decimal(f"{value:.{decimals}f}")


@dataclass
class _Traits:
    """A synthetic framework's character, so that its cells hang together."""

    maturity: float
    speed: float


class _Generator:
    def __init__(self, rng: random.Random):
        self.rng = rng
        self.created: Counter = Counter()
        self.reused: Counter = Counter()

    def run(self, frameworks, attributes, releases_per_framework, results_per_framework):
        typed, new_typed, benchmarks = self.attributes_and_benchmarks(attributes)
        earlier = list(self.existing_synthetic_frameworks())
        added = self.frameworks(frameworks)
        traits = {
            framework.pk: _Traits(self.rng.random(), self.rng.random())
            for framework in earlier + added
        }
        self.cells(
            [(framework, attribute) for framework in added for attribute in typed]
            + [(framework, attribute) for framework in earlier for attribute in new_typed],
            traits,
        )
        releases = self.releases(added, releases_per_framework)
        self.results(added, benchmarks, releases, traits, results_per_framework)
        self.guidance(added)
        order = [
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
        return ScaleSummary(
            created={_label(model): self.created[model] for model in order},
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

    # --- Categories, attributes, benchmarks ---------------------------------------------

    def attributes_and_benchmarks(self, count):
        """All synthetic typed attributes (numbered first), the new ones, and the benchmarks."""
        existing = list(
            Attribute.objects.filter(slug__startswith=SCALE_PREFIX).select_related("category")
        )
        by_number = {}
        unnumbered = []
        for attribute in existing:
            if attribute.benchmark_id is not None or attribute.slug == BENCHMARK_ATTRIBUTE_SLUG:
                continue
            match = ATTRIBUTE_SLUG.match(attribute.slug)
            if match:
                by_number[int(match[1])] = attribute
            else:
                unnumbered.append(attribute)
        self.reused[Attribute] = len(by_number) + len(unnumbered)
        missing = [number for number in range(1, count + 1) if number not in by_number]

        categories = {c.slug: c for c in Category.objects.filter(slug__startswith=SCALE_PREFIX)}
        self.reused[Category] = len(categories)
        wanted = {}  # slug: name, in the order of the attributes' numbers
        for number in [1, *missing]:
            name, slug = category_for(number)
            wanted.setdefault(slug, name)
        position = _max_position(Category)
        new_categories = []
        for slug, name in wanted.items():
            if slug not in categories:
                position += 1
                new_categories.append(
                    Category(
                        name=name,
                        slug=slug,
                        position=_checked_position(position, "categories"),
                        description="Synthetic rows from `generate_scale_data`, to test scale.",
                    )
                )
        for category in self.bulk_create(Category, new_categories):
            categories[category.slug] = category

        new_attributes = []
        for number in missing:
            spec, slug = attribute_spec(number)
            new_attributes.append(
                Attribute(
                    category=categories[category_for(number)[1]],
                    name=spec.name,
                    slug=slug,
                    description=spec.description,
                    position=(number - 1) % ATTRIBUTES_PER_CATEGORY + 1,
                    value_kind=spec.kind,
                    unit=spec.unit,
                    higher_is_better=spec.higher_is_better,
                    is_key=number in KEY_ATTRIBUTES,
                )
            )
        new_typed = self.bulk_create(Attribute, new_attributes)
        by_number.update(zip(missing, new_typed, strict=True))
        typed = [by_number[number] for number in sorted(by_number)] + sorted(
            unnumbered, key=lambda attribute: attribute.slug
        )

        benchmarks = self.benchmarks()
        if not any(attribute.slug == BENCHMARK_ATTRIBUTE_SLUG for attribute in existing):
            latency = benchmarks[0]
            self.bulk_create(
                Attribute,
                [
                    Attribute(
                        category=categories[category_for(1)[1]],
                        name="Latency under load (benchmark)",
                        slug=BENCHMARK_ATTRIBUTE_SLUG,
                        description="The latest result of the synthetic latency benchmark.",
                        position=0,
                        value_kind=ValueKind.RANGE,
                        unit=latency.unit,
                        higher_is_better=False,
                        benchmark=latency,
                    )
                ],
            )
        return typed, new_typed, benchmarks

    def benchmarks(self):
        existing = {b.slug: b for b in Benchmark.objects.filter(slug__startswith=SCALE_PREFIX)}
        position = _max_position(Benchmark)
        new = []
        for fields in BENCHMARKS:
            if fields["slug"] in existing:
                self.reused[Benchmark] += 1
            else:
                position += 1
                new.append(Benchmark(position=_checked_position(position, "benchmarks"), **fields))
        for benchmark in self.bulk_create(Benchmark, new):
            existing[benchmark.slug] = benchmark
        return [existing[fields["slug"]] for fields in BENCHMARKS]

    # --- Frameworks and their cells -----------------------------------------------------

    def existing_synthetic_frameworks(self):
        frameworks = Framework.objects.filter(slug__startswith="synthetic-").order_by("slug")
        return [framework for framework in frameworks if FRAMEWORK_SLUG.match(framework.slug)]

    def frameworks(self, count):
        taken = [0]
        for slug, name in Framework.objects.filter(
            models.Q(slug__startswith="synthetic-") | models.Q(name__startswith="Synthetic ")
        ).values_list("slug", "name"):
            for pattern, text in ((FRAMEWORK_SLUG, slug), (FRAMEWORK_NAME, name)):
                if match := pattern.match(text):
                    taken.append(int(match[1]))
        first = max(taken) + 1
        position = _max_position(Framework)
        _checked_position(position + count, "frameworks")
        rng = self.rng
        rows = []
        for offset in range(count):
            number = first + offset
            slug = f"synthetic-{number:03d}"
            name = f"Synthetic {number:03d}"
            kind = rng.choice(KINDS)
            focus = rng.choice(FOCUSES)
            creators = " & ".join(
                f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
                for _ in range(rng.choice([1, 1, 2]))
            )
            rows.append(
                Framework(
                    name=name,
                    slug=slug,
                    kind=kind,
                    first_release_year=rng.randint(2005, 2024),
                    creators=creators,
                    core_focus=focus,
                    summary=f"{name} is a synthetic {kind.lower()} that exists to test scale.",
                    philosophy=(
                        f"{name} optimises for **{focus.lower()}**.\n\n"
                        "It is generated data: every figure and label here is made up."
                    ),
                    homepage_url=f"https://{slug}.example.org/",
                    docs_url=f"https://{slug}.example.org/docs/",
                    repository_url=f"https://git.example.org/synthetic/{slug}",
                    license=rng.choice(LICENSES),
                    is_published=True,
                    position=position + offset + 1,
                )
            )
        return self.bulk_create(Framework, rows)

    def cells(self, pairs, traits):
        specs = {}
        self.bulk_create(
            AttributeValue,
            (
                self.cell(framework, attribute, specs, traits[framework.pk])
                for framework, attribute in pairs
            ),
        )

    def cell(self, framework, attribute, specs, traits):
        if attribute.pk not in specs:
            specs[attribute.pk] = _spec_of(attribute)
        spec = specs[attribute.pk]
        rng = self.rng
        kind = attribute.value_kind
        value = AttributeValue(framework=framework, attribute=attribute)
        if kind == ValueKind.SUPPORT:
            value.support, value.display_text = self.support(traits.maturity, spec)
        else:
            # How good this framework is on this row, from 0 to 1: its character plus noise.
            score = 0.6 * traits.maturity + 0.4 * rng.random()
            if spec.higher_is_better is False:
                score = 1 - score
            elif spec.higher_is_better is None:
                score = rng.random()
            if kind in (ValueKind.NUMBER, ValueKind.RANGE):
                low = spec.low + (spec.high - spec.low) * score
                value.number = _decimal(low, spec.decimals)
                if kind == ValueKind.RANGE:
                    high = low * rng.uniform(1.2, 2.5)
                    value.upper_number = max(value.number, _decimal(high, spec.decimals))
            elif kind == ValueKind.ORDINAL:
                rank = min(len(spec.labels), int(score * len(spec.labels)) + 1)
                value.ordinal_rank, value.display_text = rank, spec.labels[rank - 1]
            else:
                value.display_text = rng.choice(spec.labels)
        if rng.random() < 0.1:
            value.verified_on = ANCHOR - timedelta(days=rng.randint(0, 720))
            value.source_url = f"https://{framework.slug}.example.org/docs/{attribute.slug}/"
        if rng.random() < 0.03:
            value.note = "Synthetic: true only in this generated data."
        return value

    def support(self, maturity, spec):
        rng = self.rng
        draw = rng.random() * 0.7 + maturity * 0.3
        if draw > 0.55:
            level = SupportLevel.YES
            text = rng.choice(YES_TEXTS) if rng.random() < 0.25 else ""
        elif draw > 0.42:
            level = SupportLevel.PARTIAL
            text = rng.choice(PARTIAL_TEXTS) if rng.random() < 0.5 else ""
        elif draw > 0.27:
            level = SupportLevel.VIA_EXTENSION
            word = slugify(spec.name).split("-")[0]
            text = f"With syn-{word}" if rng.random() < 0.7 else ""
        elif draw > 0.04:
            level, text = SupportLevel.NO, ""
        else:
            level, text = SupportLevel.UNKNOWN, ""
        return level, text

    # --- Releases, results, guidance ----------------------------------------------------

    def releases(self, frameworks, count):
        rows = []
        for framework in frameworks:
            released_on = ANCHOR - timedelta(days=self.rng.randint(0, 180))
            dated = []
            for version in reversed(_versions(self.rng, count)):
                dated.append((version, released_on))
                released_on -= timedelta(days=self.rng.randint(20, 240))
            for version, day in reversed(dated):
                rows.append(
                    Release(
                        framework=framework,
                        version=version,
                        version_key=version_sort_key(version),  # bulk_create skips save()
                        released_on=day,
                        notes=f"Synthetic release {version}.",
                        source_url=f"https://{framework.slug}.example.org/releases/{version}/",
                    )
                )
        by_framework = {}
        for release in self.bulk_create(Release, rows):
            by_framework.setdefault(release.framework_id, []).append(release)
        return by_framework

    def results(self, frameworks, benchmarks, releases, traits, count):
        rng = self.rng
        rows = []
        for framework in frameworks:
            speed = traits[framework.pk].speed
            for index in range(count):
                benchmark = benchmarks[index % len(benchmarks)]
                measured_on = ANCHOR - timedelta(days=rng.randint(0, 400))
                earlier = [
                    release
                    for release in releases.get(framework.pk, [])
                    if release.released_on <= measured_on
                ]
                release = max(earlier, key=lambda r: r.version_key) if earlier else None
                if benchmark.lower_is_better:  # a latency: a range, p50 to p99
                    low = 1 + 60 * (1 - speed) * rng.uniform(0.8, 1.2)
                    high = low * rng.uniform(1.3, 3)
                    rating = "Fast" if low < 10 else "Medium" if low < 30 else "Slow"
                else:  # a throughput: one figure
                    low = 2000 + 150000 * speed * rng.uniform(0.8, 1.2)
                    high = None
                    rating = "High" if low > 100000 else "Medium" if low > 40000 else "Low"
                rows.append(
                    BenchmarkResult(
                        framework=framework,
                        benchmark=benchmark,
                        release=release,
                        low_value=_decimal(low, 1),
                        high_value=None if high is None else _decimal(high, 1),
                        rating=rating,
                        measured_on=measured_on,
                        source_url=f"https://bench.example.org/{benchmark.slug}/{framework.slug}/",
                        server=rng.choice(SERVERS),
                        workers=rng.choice([1, 2, 4, 8]),
                        concurrency=rng.choice([32, 64, 128, 256]),
                        python_version=rng.choice(PYTHONS),
                        hardware=rng.choice(HARDWARE),
                        runs=rng.randint(3, 10),
                        notes="Synthetic result: not measured.",
                    )
                )
        self.bulk_create(BenchmarkResult, rows)

    def guidance(self, frameworks):
        rng = self.rng
        scenarios = {s.slug: s for s in Scenario.objects.filter(slug__startswith=SCALE_PREFIX)}
        self.reused[Scenario] = len(scenarios)
        position = _max_position(Scenario)
        new = []
        for slug, name in SCENARIOS:
            if slug not in scenarios:
                position += 1
                new.append(
                    Scenario(
                        slug=slug,
                        name=name,
                        description="Synthetic scenario from `generate_scale_data`.",
                        position=_checked_position(position, "scenarios"),
                    )
                )
        for scenario in self.bulk_create(Scenario, new):
            scenarios[scenario.slug] = scenario

        last_ranks = dict(
            Recommendation.objects.filter(scenario__in=list(scenarios.values()))
            .values("scenario")
            .annotate(last=Max("rank"))
            .values_list("scenario", "last")
        )
        recommendations = []
        for slug, _ in SCENARIOS:
            scenario = scenarios[slug]
            rank = last_ranks.get(scenario.pk) or 0
            for framework in rng.sample(frameworks, min(3, len(frameworks))):
                rank += 1
                recommendations.append(
                    Recommendation(
                        scenario=scenario,
                        framework=framework,
                        rank=_checked_position(rank, "recommendation ranks"),
                        qualifier=rng.choice(["", "", "with async views"]),
                        reason=f"Synthetic: {framework.name} is as good a fit as any.",
                    )
                )
        self.bulk_create(Recommendation, recommendations)

        points = []
        for framework in frameworks:
            for kind, texts, how_many in (
                (ProCon.Kind.PRO, PROS, 2),
                (ProCon.Kind.CON, CONS, rng.randint(1, 2)),
            ):
                for position, text in enumerate(rng.sample(texts, how_many), start=1):
                    points.append(
                        ProCon(framework=framework, kind=kind, text=text, position=position)
                    )
        self.bulk_create(ProCon, points)


def _versions(rng: random.Random, count: int) -> list[str]:
    """``count`` increasing PEP 440 versions, such as 1.9.0 1.10.0 2.0rc1 2.0.0 2.0.1.

    Minors start at 8 to 11, so many cross into two digits; from two releases on, one
    of them is the pre-release of the next major version.
    """
    major, minor, patch = rng.randint(0, 3), rng.randint(8, 11), 0
    pre_release_at = rng.randint(1, count - 1) if count >= 2 else None
    versions = []
    while len(versions) < count:
        if len(versions) == pre_release_at:
            major, minor, patch = major + 1, 0, 0
            versions.append(f"{major}.0{rng.choice(PRE_TAGS)}")
            if len(versions) < count:
                versions.append(f"{major}.0.0")
            continue
        if versions:
            if rng.random() < 0.5:
                patch += 1
            else:
                minor, patch = minor + 1, 0
        versions.append(f"{major}.{minor}.{patch}")
    return versions


def _spec_of(attribute: Attribute) -> Spec:
    """The catalogue spec an existing synthetic attribute was made from, or one of its kind."""
    match = ATTRIBUTE_SLUG.match(attribute.slug)
    if match:
        spec, _ = attribute_spec(int(match[1]))
        if spec.kind == attribute.value_kind:
            return spec
    return CATALOGUE[ValueKind(attribute.value_kind)][0]


def _max_position(model) -> int:
    return model.objects.aggregate(last=Max("position"))["last"] or 0


def _checked_position(position: int, what: str) -> int:
    if position > _MAX_POSITION:
        raise ScaleError(
            f"Too many {what}: positions would pass {_MAX_POSITION}. "
            "Delete synthetic data before adding more."
        )
    return position


def _label(model) -> str:
    return str(model._meta.verbose_name_plural)
