"""generate_scale_data: synthetic frameworks, typed cells, releases and results, in bulk; and
every public page's query count at 3 and 200 frameworks (bench/scale.py only times them)."""

from collections import Counter
from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import ForeignKey, Max
from django.test.utils import CaptureQueriesContext
from packaging.version import Version

from bench import synthetic
from bench.scale import timed_pages
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
    Source,
    SupportLevel,
    ValueKind,
)
from comparisons.versions import version_sort_key

MODELS = [
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


def typed_scale_attributes():
    return Attribute.objects.filter(slug__startswith="scale-", benchmark__isnull=True)


def test_a_small_run_creates_the_expected_rows(db):
    summary = synthetic.generate(5, 10)

    assert Framework.objects.count() == 5
    assert typed_scale_attributes().count() == 10
    assert AttributeValue.objects.count() == 5 * 10  # one cell per framework and attribute
    assert Release.objects.count() == 5 * 5
    assert BenchmarkResult.objects.count() == 5 * 3
    assert Benchmark.objects.count() == 2
    assert Category.objects.count() == 1  # about one category per 10 attributes
    assert summary.first_framework == "synthetic-001"
    assert summary.last_framework == "synthetic-005"
    assert summary.created == {
        "frameworks": 5,
        "releases": 25,
        "categories": 1,
        "attributes": 11,  # and the benchmark's row
        "cells": 50,
        "benchmarks": 2,
        "benchmark results": 15,
        "scenarios": 3,
        "recommendations": 9,
        "pros and cons": ProCon.objects.count(),
    }

    kinds = Counter(typed_scale_attributes().values_list("value_kind", flat=True))
    assert kinds == {
        ValueKind.SUPPORT: 3,
        ValueKind.NUMBER: 2,
        ValueKind.TEXT: 2,
        ValueKind.RANGE: 1,
        ValueKind.ORDINAL: 2,
    }
    assert Attribute.objects.filter(is_key=True).count() == 2
    backed = Attribute.objects.get(benchmark__isnull=False)
    assert backed.value_kind == ValueKind.RANGE
    assert backed.benchmark.slug.startswith("scale-")
    assert not backed.values.exists()


def test_the_five_attributes_minimum_has_every_kind(db):
    synthetic.generate(1, 5)
    kinds = set(typed_scale_attributes().values_list("value_kind", flat=True))
    assert kinds == set(ValueKind.values)


def test_every_row_is_valid_and_every_cell_fits_its_kind(db):
    synthetic.generate(8, 20)

    for model in MODELS:
        rows = list(model.objects.all())
        assert rows, model
        for row in rows[:: max(1, len(rows) // 25)]:  # a sample of every model
            row.full_clean()

    labels = {pk: synthetic.spec_of(a).labels for pk, a in Attribute.objects.in_bulk().items()}
    for cell in AttributeValue.objects.select_related("attribute"):
        kind = cell.attribute.value_kind
        if kind == ValueKind.SUPPORT:
            assert cell.support in SupportLevel.values
            assert cell.number is None and cell.ordinal_rank is None
        else:
            assert cell.support == SupportLevel.UNKNOWN
        if kind == ValueKind.NUMBER:
            assert cell.number is not None and cell.upper_number is None
            assert cell.number >= 0
        if kind == ValueKind.RANGE:
            assert cell.number is not None and cell.upper_number >= cell.number
        if kind == ValueKind.ORDINAL:
            scale_labels = labels[cell.attribute_id]
            assert 3 <= len(scale_labels) <= 5
            assert 1 <= cell.ordinal_rank <= len(scale_labels)
            assert cell.display_text == scale_labels[cell.ordinal_rank - 1]
        if kind == ValueKind.TEXT:
            assert cell.display_text in labels[cell.attribute_id]
        if cell.source_url:
            assert cell.verified_on is not None

    verified = AttributeValue.objects.filter(verified_on__isnull=False).count()
    assert 0.03 < verified / AttributeValue.objects.count() < 0.2

    releases = list(Release.objects.all())
    assert all(release.version_key == version_sort_key(release.version) for release in releases)
    versions = [Version(release.version) for release in releases]
    assert any(version.is_prerelease for version in versions)
    assert any(part >= 10 for version in versions for part in version.release)

    for result in BenchmarkResult.objects.select_related("release"):
        assert result.server and result.workers and result.python_version and result.hardware
        assert result.runs and result.measured_on
        assert result.release is None or result.release.framework_id == result.framework_id

    for framework in Framework.objects.all():
        assert "-vs-" not in framework.slug
        assert framework.is_published


def test_it_adds_to_the_demo_after_the_existing_frameworks(demo, client):
    demo_positions = Framework.objects.aggregate(last=Max("position"))["last"]
    demo_cells = AttributeValue.objects.count()

    synthetic.generate(5, 10)

    added = Framework.objects.filter(slug__startswith="synthetic-")
    assert added.count() == 5
    assert min(added.values_list("position", flat=True)) > demo_positions
    assert AttributeValue.objects.count() == demo_cells + 50
    assert Framework.objects.filter(slug="flask").exists()
    for url in [
        "/compare/",
        "/compare/?categories=scale-routing-views",
        "/frameworks/",
        "/frameworks/synthetic-001/",
        "/benchmarks/",
    ]:
        assert client.get(url).status_code == 200, url


def test_a_second_run_adds_frameworks_with_cells_for_every_scale_attribute(db):
    synthetic.generate(3, 10)
    synthetic.generate(3, 10)  # the same arguments again: no clash on any unique constraint
    summary = synthetic.generate(2, 12)

    assert summary.first_framework == "synthetic-007"
    assert summary.reused["attributes"] == 10
    assert Framework.objects.count() == 8
    assert typed_scale_attributes().count() == 12
    assert Category.objects.count() == 2
    assert Benchmark.objects.count() == 2
    assert Attribute.objects.filter(benchmark__isnull=False).count() == 1
    # The synthetic matrix stays full: earlier frameworks got cells for the new rows too.
    assert AttributeValue.objects.count() == 8 * 12
    assert Recommendation.objects.filter(scenario__slug__startswith="scale-").count() == 3 * 8


@pytest.mark.parametrize(
    "arguments, message",
    [
        (["--frameworks", "0", "--attributes", "10"], "--frameworks"),
        (["--frameworks", "5001", "--attributes", "10"], "--frameworks"),
        (["--frameworks", "5", "--attributes", "4"], "one per value kind"),
        (["--frameworks", "5", "--attributes", "1001"], "--attributes"),
        (["--frameworks", "5000", "--attributes", "1000"], "cells"),
        (["--frameworks", "5", "--attributes", "10", "--releases-per-framework", "-1"], "Releases"),
        (["--frameworks", "5", "--attributes", "10", "--results-per-framework", "99"], "Results"),
    ],
)
def test_bad_arguments_are_a_command_error(db, arguments, message):
    with pytest.raises(CommandError, match=message):
        call_command("generate_scale_data", *arguments, stdout=StringIO())
    assert not Framework.objects.exists()


def _natural(field):
    target = field.related_model
    natural = {Release: "version", Source: "title"}.get(target, "slug")
    return f"{field.name}__{natural}"


def snapshot():
    """Every synthetic row, with foreign keys by slug (ids differ between runs)."""
    rows = {}
    for model in MODELS:
        fields = [
            _natural(field) if isinstance(field, ForeignKey) else field.name
            for field in model._meta.concrete_fields
            if not field.primary_key
        ]
        rows[model] = sorted(model.objects.values_list(*fields), key=repr)
    return rows


def delete_everything():
    Framework.objects.all().delete()  # with their cells, releases, results and guidance
    Scenario.objects.all().delete()
    Attribute.objects.all().delete()
    Benchmark.objects.all().delete()
    Category.objects.all().delete()


def test_the_same_seed_gives_the_same_data(db):
    synthetic.generate(4, 10, seed=7)
    first = snapshot()
    delete_everything()

    synthetic.generate(4, 10, seed=7)
    assert snapshot() == first

    delete_everything()
    synthetic.generate(4, 10, seed=8)
    assert snapshot()[AttributeValue] != first[AttributeValue]


def test_the_command_prints_rows_per_model_and_the_time(db):
    output = StringIO()
    call_command("generate_scale_data", "--frameworks", "2", "--attributes", "5", stdout=output)
    text = output.getvalue()
    assert "synthetic-001 to synthetic-002" in text
    assert "cells" in text and "benchmark results" in text
    assert " s (no history recorded)" in text


def test_it_tells_caches_that_the_data_changed(db, monkeypatch):
    calls = []
    monkeypatch.setattr(changes, "mark_data_changed", lambda when=None: calls.append(when))
    synthetic.generate(1, 5)
    assert calls == [None]


# bench/scale.py times these pages; each query count must not grow with the data.
SCALE_PAGES = timed_pages()


def query_counts(client):
    counts = {}
    for url in SCALE_PAGES:
        cache.clear()  # a page cache hit costs no query at all
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, url
        counts[url] = len(queries)
    return counts


def test_every_public_page_costs_the_same_queries_at_3_and_200_frameworks(demo, client):
    # 50 frameworks: each page's own test (tests/test_views.py and the others).
    at_3 = query_counts(client)
    synthetic.generate(197, 100)  # 200 x 100, as bench/scale.py measures
    assert Framework.objects.filter(is_published=True).count() == 200
    assert query_counts(client) == at_3
    # The richest page (a framework's: its comparisons and articles too) takes 11 on a cold
    # cache, the article 9: tests/test_views.py
    assert max(at_3.values()) <= 11, at_3
