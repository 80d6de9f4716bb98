"""Benchmarks (metrics) and their results, each carrying the setup it was measured on."""

import contextlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from functools import cached_property

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, F, Q, Value, When, Window
from django.db.models.functions import RowNumber
from simple_history.models import HistoricalRecords

from comparisons.dates import not_in_future
from comparisons.numbers import figures_text, format_number
from comparisons.statistics import CONFIDENCE, median, median_interval
from comparisons.versions import parse_version, validate_version

from .frameworks import Framework, Release
from .revision import ContentQuerySet
from .validation import FieldConstraintsModel


class Statistic(models.TextChoices):
    """What a benchmark's figure summarises: only figures of one statistic are compared."""

    THROUGHPUT = "throughput", "Requests per second"
    MEAN = "mean", "Mean (average) response time"
    P99 = "p99", "99th percentile response time"
    OTHER = "other", "Other"


class Benchmark(FieldConstraintsModel):
    Statistic = Statistic

    name = models.CharField(max_length=100, unique=True, help_text="e.g. “Average response time”.")
    slug = models.SlugField(max_length=100, unique=True)
    unit = models.CharField(max_length=20, help_text="e.g. “ms” or “req/s”.")
    lower_is_better = models.BooleanField(
        default=True, help_text="True for times, false for throughput."
    )
    description = models.TextField(blank=True, help_text="Markdown. What is measured.")
    methodology = models.TextField(
        blank=True, help_text="Markdown. How it is measured, so it can be repeated."
    )
    statistic = models.CharField(
        max_length=12,
        choices=Statistic,
        default=Statistic.OTHER,
        help_text="What the figure summarises. Figures are compared only with figures of the "
        "same statistic: an average with an average, a 99th percentile with a 99th percentile.",
    )
    position = models.PositiveSmallIntegerField(default=0, help_text="Lower comes first.")

    objects = ContentQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(statistic__in=Statistic.values),
                name="benchmark_statistic_valid",
                violation_error_message="Choose what the figure summarises.",
            ),
        ]

    def __str__(self):
        return self.name


class BenchmarkResultQuerySet(ContentQuerySet):
    def shown(self):
        """Results readers see: not withheld (a measurement too noisy to trust stays with
        the editors, with its reason)."""
        return self.filter(withheld_reason="")

    def in_chart_order(self):
        """By benchmark, then by framework, as charts and rankings list them."""
        return self.order_by(
            "benchmark__position",
            "benchmark__name",
            "benchmark_id",
            "framework__position",
            "framework__name",
        )

    def latest_per_framework(self, *, by_origin=False):
        """Keep the newest result of each framework for each benchmark (the latest
        measurement day, then the newest row); ``by_origin``: measured and cited apart."""
        partition = [F("framework_id"), F("benchmark_id")]
        if by_origin:
            partition.append(F("origin"))
        newest_first = Window(
            RowNumber(),
            partition_by=partition,
            order_by=[F("measured_on").desc(nulls_last=True), F("pk").desc()],
        )
        return self.annotate(recency=newest_first).filter(recency=1)


def latest_per_framework(results: Iterable["BenchmarkResult"]) -> list["BenchmarkResult"]:
    """``BenchmarkResultQuerySet.latest_per_framework`` for results already loaded."""
    newest: dict[tuple[int, int], BenchmarkResult] = {}
    for result in results:
        key = (result.framework_id, result.benchmark_id)
        current = newest.get(key)
        if current is None or (result.measured_on or date.min, result.pk) > (
            current.measured_on or date.min,
            current.pk,
        ):
            newest[key] = result
    return list(newest.values())


@dataclass(frozen=True)
class SetupField:
    """A field of a result's setup: its model field, its label for readers and, for the
    fields one experiment's results share, how a chart's caption says its value."""

    name: str
    label: str
    # None: the field may differ between results of one experiment (see SHARED_SETUP_FIELDS).
    phrase: Callable[[object], str] | None = None


def _workers_phrase(workers):
    return f"{workers} worker{'s' if workers != 1 else ''} per server"


# The setup of a result, in the order readers, the admin and exports list it.
SETUP = (
    SetupField("framework_version", "Version"),
    SetupField("server", "Server"),
    SetupField("workers", "Workers", _workers_phrase),
    SetupField("concurrency", "Concurrency", "{} connections".format),
    SetupField("python_version", "Python", "Python {}".format),
    SetupField("hardware", "Hardware", str),
    SetupField("runs", "Runs"),
    SetupField("duration_seconds", "Seconds per run", "{} s per run".format),
)
SETUP_FIELDS = tuple(field.name for field in SETUP)
# What makes two results comparable: the same load on the same machine. The version and
# server are not part of it: each framework runs under its own usual server, which is part
# of what is compared, so every chart names each framework's. Nor are the runs: a median of
# 3 runs and one of 5 measure the same thing.
SHARED_SETUP_FIELDS = tuple(field.name for field in SETUP if field.phrase is not None)


def _is_set(value):
    return value not in (None, "")


class ResultOrigin(models.TextChoices):
    CITED = "cited", "Cited from a source"
    MEASURED = "measured", "Measured by our harness"


class BenchmarkResult(FieldConstraintsModel):
    Origin = ResultOrigin
    # An ordering that puts what we measured before what others claimed.
    MEASURED_FIRST = (
        Case(When(origin=ResultOrigin.MEASURED, then=Value(0)), default=Value(1)).asc(),
    )
    SETUP = SETUP
    SETUP_FIELDS = SETUP_FIELDS
    SHARED_SETUP_FIELDS = SHARED_SETUP_FIELDS

    framework = models.ForeignKey(
        Framework, on_delete=models.CASCADE, related_name="benchmark_results"
    )
    benchmark = models.ForeignKey(Benchmark, on_delete=models.CASCADE, related_name="results")
    # RESTRICT: deleting a release must not silently unlink the results that measured it
    # (deleting the whole framework still removes both).
    release = models.ForeignKey(
        Release,
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="benchmark_results",
        help_text="The version measured, if known: a release of this result's framework.",
    )
    low_value = models.DecimalField(
        max_digits=14, decimal_places=4, help_text="The result, or the low end of a range."
    )
    high_value = models.DecimalField(
        max_digits=14,
        decimal_places=4,
        null=True,
        blank=True,
        help_text="The high end of a range; empty for a single figure.",
    )
    median_value = models.DecimalField(
        max_digits=14,
        decimal_places=4,
        null=True,
        blank=True,
        help_text="For repeated runs: the median; low and high are the slowest and fastest run.",
    )
    rating = models.CharField(
        max_length=50, blank=True, help_text="A word readers see before the figures, e.g. “Medium”."
    )
    origin = models.CharField(
        max_length=10,
        choices=ResultOrigin,
        default=ResultOrigin.CITED,
        help_text="Only `manage.py run_benchmarks` records measured results; results typed "
        "in by an editor are cited and need a source.",
    )
    measured_on = models.DateField(
        null=True,
        blank=True,
        validators=[not_in_future],
        help_text="When it was measured (not in the future).",
    )
    source = models.ForeignKey(
        "Source",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="benchmark_results",
        help_text="Where a cited result's figures come from (required for cited results).",
    )
    source_url = models.URLField(
        blank=True, help_text="The exact page within the source, if it has one."
    )
    server = models.CharField(max_length=100, blank=True, help_text="e.g. “gunicorn 23 (sync)”.")
    workers = models.PositiveSmallIntegerField(null=True, blank=True)
    concurrency = models.PositiveIntegerField(null=True, blank=True, help_text="Open connections.")
    python_version = models.CharField(max_length=20, blank=True)
    hardware = models.CharField(
        max_length=200, blank=True, help_text="CPU model and count, memory."
    )
    runs = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="How many repeated runs."
    )
    duration_seconds = models.PositiveIntegerField(
        null=True, blank=True, help_text="Length of each run, in seconds."
    )
    framework_version = models.CharField(
        max_length=50,
        blank=True,
        validators=[validate_version],
        help_text="The PEP 440 version that was measured, e.g. 3.1.2 (not “latest”): stored "
        "normalised.",
    )
    notes = models.TextField(blank=True, help_text="Markdown. Anything that affects comparability.")
    run_values = models.JSONField(
        default=list,
        blank=True,
        help_text="Each run's figure, in the order the runs were made (measured results); "
        "the median, confidence interval and comparisons are worked out from them.",
    )
    withheld_reason = models.CharField(
        max_length=300,
        blank=True,
        help_text="Why readers do not see this result, e.g. a spread between runs above the "
        "limit. Empty: published.",
    )

    objects = BenchmarkResultQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        ordering = ["benchmark", "framework", "-measured_on"]
        get_latest_by = "measured_on"
        constraints = [
            models.CheckConstraint(
                condition=Q(low_value__gte=0),
                name="result_low_not_negative",
                violation_error_message="Measurements cannot be negative.",
            ),
            models.CheckConstraint(
                condition=Q(high_value__isnull=True) | Q(high_value__gte=F("low_value")),
                name="result_low_not_above_high",
                violation_error_message="The high value must not be below the low value.",
            ),
            models.CheckConstraint(
                condition=Q(runs__gte=1),
                name="result_runs_positive",
                violation_error_message="Runs must be at least 1.",
            ),
            models.CheckConstraint(
                condition=Q(workers__gte=1),
                name="result_workers_positive",
                violation_error_message="Workers must be at least 1.",
            ),
            models.CheckConstraint(
                condition=Q(median_value__isnull=True)
                | (
                    Q(median_value__gte=F("low_value"))
                    & (Q(high_value__isnull=True) | Q(median_value__lte=F("high_value")))
                ),
                name="result_median_within_range",
                violation_error_message="The median must lie between the low and high values.",
            ),
            models.CheckConstraint(
                condition=Q(origin__in=ResultOrigin.values),
                name="result_origin_valid",
                violation_error_message="Choose whether the result is cited or measured.",
            ),
        ]

    def __str__(self):
        return f"{self.framework} – {self.benchmark}: {self.figures}"

    @property
    def is_measured(self):
        return self.origin == ResultOrigin.MEASURED

    def clean_fields(self, exclude=None):
        super().clean_fields(exclude)
        if self.framework_version:
            # “v3.1.4” is 3.1.4; an invalid one was reported by the field's validator.
            with contextlib.suppress(ValidationError):
                self.framework_version = str(parse_version(self.framework_version))

    def clean(self):
        super().clean()
        errors = {}
        if self.release_id and self.framework_id and self.release.framework_id != self.framework_id:
            errors["release"] = (
                f"{self.release} is a release of another framework: pick one of "
                f"{self.framework}'s releases, or none."
            )
        if self.origin == ResultOrigin.CITED and not self.source_id:
            errors["source"] = "A cited result needs its source: pick or add one."
        if not isinstance(self.run_values, list) or not all(
            isinstance(value, int | float) and not isinstance(value, bool) and value >= 0
            for value in self.run_values
        ):
            errors["run_values"] = "Each run's figure is a number, not below zero: [12400, 12900]."
        if errors:
            raise ValidationError(errors)

    @property
    def figures(self):
        """“20–50 ms”, or “12 ms” for a single figure."""
        return figures_text(self.low_value, self.high_value, self.benchmark.unit)

    @property
    def figure(self):
        """The figure compared and ranked: the median of the runs (the stored median without
        them), or the low value of a single figure or range."""
        if self.run_values:
            return median(self.run_values)
        return self.median_value if self.median_value is not None else self.low_value

    @cached_property
    def interval(self):
        """The 95% confidence interval of the median, from the runs; None without enough."""
        return median_interval(self.run_values) if self.run_values else None

    @property
    def display(self):
        """“12,400 req/s (95% CI 11,900–12,800, 6 runs)” for measured runs; “Medium
        (~20–50 ms)” for a cited range. Runs too few for an interval say so."""
        unit = self.benchmark.unit
        if self.run_values:
            figure = f"{format_number(self.figure)} {unit}".strip()
            count = len(self.run_values)
            if self.interval is None:
                runs = f"{count} run{'s' if count != 1 else ''}"
                return f"{figure} ({runs}: too few for a {CONFIDENCE:.0%} confidence interval)"
            low, high = format_number(self.interval.low), format_number(self.interval.high)
            return f"{figure} ({CONFIDENCE:.0%} CI {low}–{high}, {count} runs)"
        if self.median_value is not None:
            spread = f"{format_number(self.low_value)}–{format_number(self.high_value)}"
            runs = f" in {self.runs} runs" if self.runs else ""
            return (
                f"{format_number(self.median_value)} {unit} ({spread}{runs}; "
                f"no confidence interval: each run's figure was not kept)"
            )
        if self.rating:
            return f"{self.rating} (~{self.figures})"
        return self.figures

    @property
    def spread_percent(self):
        """How far apart the slowest and fastest runs are, as a share of the median."""
        if self.median_value and self.high_value is not None:
            return (self.high_value - self.low_value) / self.median_value * 100
        return None

    @classmethod
    def no_setup(cls):
        """The condition for results with none of their setup recorded."""
        condition = Q()
        for name in cls.SETUP_FIELDS:
            nullable = cls._meta.get_field(name).null
            condition &= Q(**{f"{name}__isnull": True}) if nullable else Q(**{name: ""})
        return condition

    def setup_items(self, leave_out=()):
        """The recorded setup as (label, value) pairs, without the fields named in ``leave_out``."""
        items = []
        for field in SETUP:
            value = getattr(self, field.name)
            if field.name not in leave_out and _is_set(value):
                items.append((field.label, value))
        return items

    def setup_text(self, leave_out=()):
        """“Server: uvicorn; Workers: 2”; empty when no setup is recorded."""
        return "; ".join(f"{label}: {value}" for label, value in self.setup_items(leave_out))

    @property
    def shared_setup(self):
        """The recorded setup one experiment's results share, in words: “2 workers per server”."""
        return [
            field.phrase(value)
            for field in SETUP
            if field.phrase is not None and _is_set(value := getattr(self, field.name))
        ]

    @property
    def experiment_key(self):
        """Equal for results of one experiment: measured (or cited) the same way, with the
        same load on the same machine. A cited figure's setup is its source's: figures from
        different sources never share a chart."""
        shared = tuple(getattr(self, name) for name in SHARED_SETUP_FIELDS)
        return (self.origin, *shared, self.source_url)
