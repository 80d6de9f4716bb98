import pytest
from django.core.cache import cache

from comparisons.demo import load_demo
from comparisons.models import (
    KIND_SPECS,
    Attribute,
    AttributeValue,
    Benchmark,
    BenchmarkResult,
    ProCon,
    Recommendation,
    Scenario,
    SupportLevel,
    ValueKind,
)
from tests.factories import FrameworkFactory, ReleaseFactory


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    # The manifest storage needs collectstatic; tests render templates without it.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _empty_cache():
    # Each test starts cold: no cached pages or "data last changed" left by another test.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def demo(db):
    """fixtures/demo.json with its first history records, as make run leaves it."""
    load_demo()


def _cell(framework, attribute, index):
    """A valid cell of the attribute's kind: the fields its kind requires, filled."""
    required = KIND_SPECS[attribute.value_kind].required_fields
    value = AttributeValue(framework=framework, attribute=attribute)
    if attribute.value_kind == ValueKind.SUPPORT:
        value.support = list(SupportLevel)[index % 4]
    if "number" in required:
        value.number = index
    if "upper_number" in required:
        value.upper_number = index + 5
    if "ordinal_rank" in required:
        value.ordinal_rank, value.display_text = index % 3 + 1, f"Level {index % 3 + 1}"
    elif "display_text" in required:
        value.display_text = f"Text {index}"
    return value


@pytest.fixture
def add_frameworks(db):
    """Add ``n`` published frameworks with a full row of data each, to prove costs stay flat."""

    def add(n):
        attributes = list(Attribute.objects.filter(benchmark__isnull=True))
        benchmarks = list(Benchmark.objects.all())
        scenarios = list(Scenario.objects.all())
        frameworks = FrameworkFactory.create_batch(n)
        for index, framework in enumerate(frameworks):
            ReleaseFactory(framework=framework, version=f"2.{index}.0")
            AttributeValue.objects.bulk_create(
                [_cell(framework, attribute, index) for attribute in attributes]
            )
            BenchmarkResult.objects.bulk_create(
                [
                    BenchmarkResult(framework=framework, benchmark=benchmark, low_value=index)
                    for benchmark in benchmarks
                ]
            )
            ProCon.objects.bulk_create(
                [
                    ProCon(framework=framework, kind=ProCon.Kind.PRO, text="Fast", position=1),
                    ProCon(framework=framework, kind=ProCon.Kind.CON, text="Young", position=1),
                ]
            )
            Recommendation.objects.bulk_create(
                [
                    Recommendation(scenario=scenario, framework=framework, rank=10 + index)
                    for scenario in scenarios
                ]
            )
        # Tests discard on-commit hooks, so the "data last changed" cache would stay stale:
        # start cold, as after a deploy, so that counts before and after compare alike.
        cache.clear()
        return frameworks

    return add
