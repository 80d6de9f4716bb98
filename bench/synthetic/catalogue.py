"""The catalogue of synthetic attributes: the name, kind, unit and values of attribute
number n, and its category."""

import re
from dataclasses import dataclass, replace

from django.utils.text import slugify

from comparisons.models import Attribute, ValueKind

ATTRIBUTES_PER_CATEGORY = 10
SCALE_PREFIX = "scale-"
ATTRIBUTE_SLUG = re.compile(r"^scale-(\d+)-")


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


def spec_of(attribute: Attribute) -> Spec:
    """The catalogue spec an existing synthetic attribute was made from, or one of its kind."""
    match = ATTRIBUTE_SLUG.match(attribute.slug)
    if match:
        spec, _ = attribute_spec(int(match[1]))
        if spec.kind == attribute.value_kind:
            return spec
    return CATALOGUE[ValueKind(attribute.value_kind)][0]
