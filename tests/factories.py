"""factory-boy factories: one per model, each building a valid row by default."""

import datetime
import statistics
from decimal import Decimal

import factory
from django.contrib.contenttypes.models import ContentType
from factory.django import DjangoModelFactory

from comparisons import models


class SourceFactory(DjangoModelFactory):
    class Meta:
        model = models.Source

    title = factory.Sequence(lambda n: f"Source {n}")
    publisher = "A publisher"
    url = factory.Sequence(lambda n: f"https://source-{n}.example.org/")
    published_year = 2025


class FrameworkFactory(DjangoModelFactory):
    class Meta:
        model = models.Framework

    name = factory.Sequence(lambda n: f"Framework {n}")
    slug = factory.Sequence(lambda n: f"framework-{n}")
    is_published = True
    kind = "Web framework"
    first_release_year = 2010
    creators = "A & B"
    core_focus = "Getting things done"
    summary = factory.LazyAttribute(lambda o: f"{o.name} in one sentence.")


class ReleaseFactory(DjangoModelFactory):
    class Meta:
        model = models.Release

    framework = factory.SubFactory(FrameworkFactory)
    # Far above any real version, so factories never clash with the demo's release history.
    version = factory.Sequence(lambda n: f"90.{n}.0")  # version_key is filled by save()
    uploaded_on = datetime.date(2025, 1, 15)


class ReleaseSeriesFactory(DjangoModelFactory):
    """What a published policy says of a series: LTS and end dates, citing the policy."""

    class Meta:
        model = models.ReleaseSeries

    framework = factory.SubFactory(FrameworkFactory)
    name = "1.0"
    source = factory.SubFactory(SourceFactory)
    bugfixes_until = datetime.date(2026, 8, 31)
    security_until = datetime.date(2027, 4, 30)


class CategoryFactory(DjangoModelFactory):
    class Meta:
        model = models.Category

    name = factory.Sequence(lambda n: f"Category {n}")
    slug = factory.Sequence(lambda n: f"category-{n}")


class BenchmarkFactory(DjangoModelFactory):
    class Meta:
        model = models.Benchmark

    name = factory.Sequence(lambda n: f"Benchmark {n}")
    slug = factory.Sequence(lambda n: f"benchmark-{n}")
    unit = "ms"


class AttributeFactory(DjangoModelFactory):
    """A support row; pass ``value_kind`` (and ``unit``) for other kinds."""

    class Meta:
        model = models.Attribute

    category = factory.SubFactory(CategoryFactory)
    name = factory.Sequence(lambda n: f"Attribute {n}")
    slug = factory.Sequence(lambda n: f"attribute-{n}")
    value_kind = models.ValueKind.SUPPORT


def decimal(value: float, decimals: int = 0) -> Decimal:
    """``value`` rounded to ``decimals`` places, as a decimal field stores it."""
    return Decimal(f"{value:.{decimals}f}")


def _requires(cell, field):
    return field in models.KIND_SPECS[cell.attribute.value_kind].required_fields


def _figure(cell, times=1):
    return decimal((cell.low + (cell.high - cell.low) * cell.score) * times, cell.decimals)


class AttributeValueFactory(DjangoModelFactory):
    """A cell of a support row; e.g. ``attribute__value_kind=ValueKind.NUMBER, number=3``.

    ``filled=True`` fills what the attribute's kind requires (and no more): ``score`` (0 to
    1) places the figure between ``low`` and ``high`` and the rank on the ``labels`` scale;
    a range's top is ``spread`` times its figure; ``level`` is a support row's, ``text`` a
    text row's.
    """

    class Meta:
        model = models.AttributeValue

    class Params:
        level = models.SupportLevel.YES
        text = factory.LazyAttribute(lambda o: o.labels[0] if _requires(o, "display_text") else "")
        score = 0.5
        low = 0
        high = 100
        decimals = 0
        spread = 1.5
        labels = ("Low", "Medium", "High")
        filled = factory.Trait(
            number=factory.LazyAttribute(lambda o: _figure(o) if _requires(o, "number") else None),
            upper_number=factory.LazyAttribute(
                lambda o: (
                    max(o.number, _figure(o, o.spread)) if _requires(o, "upper_number") else None
                )
            ),
            ordinal_rank=factory.LazyAttribute(
                lambda o: (
                    min(len(o.labels), int(o.score * len(o.labels)) + 1)
                    if _requires(o, "ordinal_rank")
                    else None
                )
            ),
            display_text=factory.LazyAttribute(
                lambda o: o.labels[o.ordinal_rank - 1] if o.ordinal_rank else o.text
            ),
        )

    framework = factory.SubFactory(FrameworkFactory)
    attribute = factory.SubFactory(AttributeFactory)
    # A support level only in support rows: the other kinds keep “unknown” there.
    support = factory.LazyAttribute(
        lambda o: (
            o.level
            if o.attribute.value_kind == models.ValueKind.SUPPORT
            else models.SupportLevel.UNKNOWN
        )
    )


class BenchmarkResultFactory(DjangoModelFactory):
    class Meta:
        model = models.BenchmarkResult

    framework = factory.SubFactory(FrameworkFactory)
    benchmark = factory.SubFactory(BenchmarkFactory)
    low_value = Decimal("10")
    measured_on = datetime.date(2025, 1, 15)
    source = factory.SubFactory(SourceFactory)  # a cited result needs one


class MeasuredResultFactory(BenchmarkResultFactory):
    """A result of run_benchmarks: each run's figure kept, the median and extremes from them."""

    origin = models.BenchmarkResult.Origin.MEASURED
    source = None
    run_values = factory.LazyFunction(lambda: [100, 101, 102, 103, 104, 105])
    runs = factory.LazyAttribute(lambda o: len(o.run_values))
    low_value = factory.LazyAttribute(lambda o: Decimal(str(min(o.run_values))))
    high_value = factory.LazyAttribute(lambda o: Decimal(str(max(o.run_values))))
    median_value = factory.LazyAttribute(
        lambda o: Decimal(str(statistics.median(o.run_values))).quantize(Decimal("0.0001"))
    )
    server = "gunicorn 27.0.1 (sync workers)"
    workers = 2
    concurrency = 64
    python_version = "3.11.7"
    hardware = "Test CPU × 2 cores, 8 GiB RAM"
    duration_seconds = 10
    measured_on = datetime.date(2026, 11, 25)


class ReleaseProposalFactory(DjangoModelFactory):
    class Meta:
        model = models.ReleaseProposal

    framework = factory.SubFactory(FrameworkFactory, package_name="example")
    version = factory.Sequence(lambda n: f"9.{n}.0")
    uploaded_at = datetime.datetime(2025, 3, 1, 12, tzinfo=datetime.UTC)
    found_on = datetime.date(2025, 3, 2)


class ScenarioFactory(DjangoModelFactory):
    class Meta:
        model = models.Scenario

    name = factory.Sequence(lambda n: f"Scenario {n}")
    slug = factory.Sequence(lambda n: f"scenario-{n}")


class RecommendationFactory(DjangoModelFactory):
    """Rank 1 by default: pass ``rank`` when a scenario gets several."""

    class Meta:
        model = models.Recommendation

    scenario = factory.SubFactory(ScenarioFactory)
    framework = factory.SubFactory(FrameworkFactory)
    rank = 1


class ProConFactory(DjangoModelFactory):
    class Meta:
        model = models.ProCon

    framework = factory.SubFactory(FrameworkFactory)
    kind = models.ProCon.Kind.PRO
    text = factory.Sequence(lambda n: f"Point {n}")


class ArticleFactory(DjangoModelFactory):
    """A published article (a published one needs its date)."""

    class Meta:
        model = models.Article

    title = factory.Sequence(lambda n: f"Article {n}")
    slug = factory.Sequence(lambda n: f"article-{n}")
    description = factory.LazyAttribute(lambda o: f"What {o.title} is about.")
    is_published = True
    published_on = datetime.date(2025, 1, 15)


class ArticleFrameworkFactory(DjangoModelFactory):
    class Meta:
        model = models.ArticleFramework

    article = factory.SubFactory(ArticleFactory)
    framework = factory.SubFactory(FrameworkFactory)
    position = factory.Sequence(lambda n: n)


class ArticleSectionFactory(DjangoModelFactory):
    """A prose-only section; a category table needs ``data_block`` and ``category`` together."""

    class Meta:
        model = models.ArticleSection

    article = factory.SubFactory(ArticleFactory)
    position = factory.Sequence(lambda n: n)
    heading = factory.Sequence(lambda n: f"Section {n}")
    anchor = factory.Sequence(lambda n: f"section-{n}")


class ChangeLogEntryFactory(DjangoModelFactory):
    class Meta:
        model = models.ChangeLogEntry

    changed_at = factory.LazyFunction(lambda: datetime.datetime.now(datetime.UTC))
    action = models.ChangeAction.CHANGED
    content_type = factory.LazyFunction(lambda: ContentType.objects.get_for_model(models.Framework))
    object_id = 1
    object_repr = "Flask"
    history_id = factory.Sequence(lambda n: n + 1)


class ArticleClaimFactory(DjangoModelFactory):
    """An article's claim in a support row; pass ``fact`` (and ``attribute=None``) for a fact."""

    class Meta:
        model = models.ArticleClaim

    article = factory.SubFactory(ArticleFactory)
    framework = factory.SubFactory(FrameworkFactory)
    attribute = factory.SubFactory(AttributeFactory)
    support = factory.LazyAttribute(
        lambda o: (
            models.SupportLevel.NO
            if o.attribute is not None and o.attribute.value_kind == models.ValueKind.SUPPORT
            else models.SupportLevel.UNKNOWN
        )
    )


class FactClaimFactory(ArticleClaimFactory):
    """An article's claim in its overview table (a framework fact)."""

    attribute = None
    fact = models.OverviewFact.KIND
    display_text = "Microframework"


class ArticleProConFactory(ProConFactory):
    """A pro or con an article claimed."""

    article = factory.SubFactory(ArticleFactory)


class ContentRevisionFactory(DjangoModelFactory):
    class Meta:
        model = models.ContentRevision
        django_get_or_create = ("id",)

    id = 1
    number = 1
