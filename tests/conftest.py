import copy
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.core import serializers
from django.core.cache import cache, caches
from django.core.management.color import no_style
from django.db import connection, transaction

from comparisons.models import (
    ArticleClaim,
    Attribute,
    AttributeValue,
    Benchmark,
    BenchmarkResult,
    Category,
    Framework,
    ProCon,
    Recommendation,
    Scenario,
    SupportLevel,
)
from tests.accounts import sign_in_verified
from tests.factories import (
    AttributeValueFactory,
    BenchmarkResultFactory,
    FrameworkFactory,
    ProConFactory,
    RecommendationFactory,
    ReleaseFactory,
)


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    # The manifest storage needs collectstatic; tests render templates without it.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _empty_cache():
    # Each test starts cold: no cached pages or "data last changed" left by another test,
    # in the shared cache or a process's copy of pages (settings' "pages-local").
    for backend in caches.all(initialized_only=False):
        backend.clear()
    yield
    for backend in caches.all(initialized_only=False):
        backend.clear()


@pytest.fixture(autouse=True)
def _content_revision_known(settings):
    # Each process re-reads the revision every few seconds; a test's query counts must not
    # depend on whether that moment falls inside it. Tests of the re-read force it.
    from comparisons.models import revision as content_cache

    settings.CONTENT_REVISION_SECONDS = 3600
    content_cache._revision.number = content_cache._revision.number or 1
    content_cache._revision.read_at = time.monotonic()


@pytest.fixture(scope="session")
def demo_rows():
    """fixtures/demo.json, read once per run: [(model, [instances])] in the fixture's order."""
    path = Path(settings.BASE_DIR) / "fixtures" / "demo.json"
    by_model: dict = {}
    with path.open() as fixture:
        for item in serializers.deserialize("json", fixture):
            by_model.setdefault(type(item.object), []).append(item.object)
    return list(by_model.items())


@pytest.fixture(scope="session")
def seed_rows(demo_rows):
    """The demo's rows for the source article's three frameworks only (Flask, FastAPI,
    Django): the small, stable world most page tests describe."""
    seed = {obj.pk for model, objects in demo_rows if model is Framework for obj in objects[:3]}
    rows = []
    for model, objects in demo_rows:
        if model is Framework:
            objects = [obj for obj in objects if obj.pk in seed]
        elif any(field.name == "framework" for field in model._meta.fields):
            objects = [obj for obj in objects if obj.framework_id in seed]
        rows.append((model, objects))
    recommended = {
        obj.scenario_id for model, objects in rows if model is Recommendation for obj in objects
    }
    return [
        (model, [obj for obj in objects if obj.pk in recommended] if model is Scenario else objects)
        for model, objects in rows
    ]


@pytest.fixture
def demo(db, seed_rows):
    """The demo data of the source article's three frameworks, with first history records.

    Page tests describe this stable world; ``full_demo`` is everything ``make run`` loads.
    """
    _insert(seed_rows)


@pytest.fixture
def full_demo(db, demo_rows):
    """fixtures/demo.json with its first history records, as make run leaves it."""
    _insert(demo_rows)


def _insert(demo_rows):
    """The same rows ``load_demo()`` (``loaddata``) writes, inserted a model at a time: the
    release histories make row-by-row loading cost seconds per test. ``load_demo`` itself
    is tested in tests/test_fixtures.py."""
    with transaction.atomic():
        for model, objects in demo_rows:
            model.objects.bulk_create([copy.copy(obj) for obj in objects])
            if hasattr(model, "history"):
                model.history.bulk_history_create(model.objects.all())
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), [m for m, _ in demo_rows]):
                cursor.execute(sql)


@pytest.fixture
def add_frameworks(db):
    """Add ``n`` published frameworks with a full row of data each, to prove costs stay flat."""

    def add(n):
        attributes = list(Attribute.objects.filter(benchmark__isnull=True))
        benchmarks = list(Benchmark.objects.all())
        scenarios = list(Scenario.objects.all())
        # Saved one by one, unlike the rest: their history and change-log entries are wanted.
        frameworks = FrameworkFactory.create_batch(n)
        for index, framework in enumerate(frameworks):
            ReleaseFactory(framework=framework, version=f"2.{index}.0")
        numbered = list(enumerate(frameworks))
        AttributeValue.objects.bulk_create(
            AttributeValueFactory.build(
                framework=framework,
                attribute=attribute,
                filled=True,
                level=list(SupportLevel)[index % 4],
                score=index % 10 / 10,
            )
            for index, framework in numbered
            for attribute in attributes
        )
        BenchmarkResult.objects.bulk_create(
            BenchmarkResultFactory.build(
                framework=framework, benchmark=benchmark, low_value=index, source=None
            )
            for index, framework in numbered
            for benchmark in benchmarks
        )
        ProCon.objects.bulk_create(
            ProConFactory.build(framework=framework, kind=kind, text=text, position=1)
            for framework in frameworks
            for kind, text in ((ProCon.Kind.PRO, "Fast"), (ProCon.Kind.CON, "Young"))
        )
        Recommendation.objects.bulk_create(
            RecommendationFactory.build(scenario=scenario, framework=framework, rank=10 + index)
            for index, framework in numbered
            for scenario in scenarios
        )
        # Tests discard on-commit hooks, so the "data last changed" cache would stay stale:
        # start cold, as after a deploy, so that counts before and after compare alike.
        cache.clear()
        return frameworks

    return add


@pytest.fixture
def cells_as_claimed(demo):
    """The demo with each framework's cells set to what the source article claimed, and
    nothing the article did not rate: stable values for tests of layout, sorting and
    exports, whatever editors later find true (the current cells are tested in
    tests/test_fixtures.py and tests/test_article.py)."""
    claims = ArticleClaim.objects.filter(attribute__isnull=False, attribute__benchmark=None)
    claimed = set()
    for claim in claims:
        claimed.add(claim.attribute_id)
        AttributeValue.objects.update_or_create(
            framework_id=claim.framework_id,
            attribute_id=claim.attribute_id,
            defaults={
                field: getattr(claim, field)
                for field in ("support", "display_text", "number", "upper_number", "ordinal_rank")
            }
            | {"note": ""},
        )
    claimed |= set(
        ArticleClaim.objects.filter(attribute__benchmark__isnull=False).values_list(
            "attribute_id", flat=True
        )
    )
    Attribute.objects.exclude(pk__in=claimed).delete()
    Category.objects.filter(attributes__isnull=True).delete()
    cache.clear()


def make_editor(client, username):
    """``client`` signed in as a new member of the Editors group."""
    from django.contrib.auth.models import User

    from comparisons.editors import ensure_editors_group

    user = User.objects.create_user(username, password="editor-pass-123", is_staff=True)
    user.groups.add(ensure_editors_group())
    sign_in_verified(client, user)
    return client


@pytest.fixture
def alice(demo, client):
    """One editor, signed in (the test's own client)."""
    return make_editor(client, "alice")


@pytest.fixture
def bob(demo):
    """A second editor at the same time, in a browser session of their own."""
    from django.test import Client

    return make_editor(Client(), "bob")


@pytest.fixture
def admin_client(db, admin_user):
    """pytest-django's admin_client, signed in with the second factor the admin requires."""
    from django.test import Client

    return sign_in_verified(Client(), admin_user)
