"""The demo fixture: complete, valid, and idempotent."""

import pytest
from django.apps import apps
from django.core.management import call_command

from comparisons.models import Framework, Release
from comparisons.versions import version_sort_key


def _snapshot():
    return {
        model._meta.label: sorted(model.objects.values_list(flat=False))
        for model in apps.get_app_config("comparisons").get_models()
    }


def test_loading_the_demo_twice_changes_nothing(db):
    call_command("loaddata", "demo", verbosity=0)
    first = _snapshot()
    call_command("loaddata", "demo", verbosity=0)
    assert _snapshot() == first


def test_demo_has_the_source_article_frameworks(demo):
    assert list(Framework.objects.values_list("slug", flat=True)) == ["flask", "fastapi", "django"]


def test_every_demo_row_passes_model_validation(demo):
    for model in apps.get_app_config("comparisons").get_models():
        if model.__name__.startswith("Historical"):
            continue
        for obj in model.objects.all():
            obj.full_clean()


def test_the_demo_starts_every_row_with_a_history_record(demo):
    for release in Release.objects.all():
        assert release.history.count() == 1
    assert Framework.history.count() == 3


def test_demo_release_keys_match_their_versions(demo):
    # loaddata skips save(), so the fixture must carry the derived key itself.
    for release in Release.objects.all():
        assert release.version_key == version_sort_key(release.version)


@pytest.mark.parametrize(
    ("model", "count"),
    [
        ("framework", 3),
        ("attribute", 18),
        ("attributevalue", 51),
        ("benchmarkresult", 15),
        ("scenario", 5),
        ("recommendation", 7),
        ("procon", 15),
        ("articlesection", 8),
    ],
)
def test_demo_holds_every_row_of_the_source_article(demo, model, count):
    assert apps.get_model("comparisons", model).objects.count() == count
