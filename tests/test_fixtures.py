"""The demo fixture: complete, valid, and idempotent."""

from django.apps import apps
from django.core.management import call_command

from comparisons.demo import load_demo
from comparisons.models import (
    Article,
    Attribute,
    AttributeValue,
    Framework,
    ProCon,
    Recommendation,
    Release,
    ReleaseProposal,
    Scenario,
)
from comparisons.versions import version_sort_key


def _snapshot():
    # The content revision is the cache's, not data: it changes with every load.
    return {
        model._meta.label: sorted(model.objects.values_list(flat=False))
        for model in apps.get_app_config("comparisons").get_models()
        if model.__name__ != "ContentRevision"
    }


def test_loading_the_demo_twice_changes_nothing(db):
    call_command("loaddata", "demo", verbosity=0)
    first = _snapshot()
    call_command("loaddata", "demo", verbosity=0)
    assert _snapshot() == first


def test_the_tests_demo_holds_what_load_demo_loads(db, demo_rows):
    load_demo()
    for model, objects in demo_rows:
        assert model.objects.count() == len(objects), model
        assert model.history.count() == len(objects), model


def test_demo_has_the_source_article_frameworks(full_demo):
    slugs = set(Framework.objects.values_list("slug", flat=True))
    assert {"flask", "fastapi", "django"} <= slugs
    article = Article.objects.get(slug="flask-vs-fastapi-vs-django")
    assert [f.slug for f in article.frameworks.order_by("article_frameworks__position")] == [
        "flask",
        "fastapi",
        "django",
    ]


def test_every_demo_row_passes_model_validation(full_demo):
    for model in apps.get_app_config("comparisons").get_models():
        if model.__name__.startswith("Historical"):
            continue
        for obj in model.objects.all():
            obj.full_clean()


def test_the_demo_starts_every_row_with_a_history_record(full_demo):
    assert Release.history.count() == Release.objects.count()
    assert Framework.history.count() == Framework.objects.count()


def test_demo_release_keys_match_their_versions(full_demo):
    # loaddata skips save(), so the fixture must carry the derived fields itself.
    for release in Release.objects.all():
        derived = Release(version=release.version)
        derived.derive_from_version()
        assert (release.version_key, release.series, release.is_prerelease) == (
            derived.version_key,
            derived.series,
            derived.is_prerelease,
        )
        assert release.version_key == version_sort_key(release.version)


def test_demo_carries_each_framework_release_history_from_the_index(full_demo):
    for framework in Framework.objects.exclude(package_name=""):
        releases = framework.releases.all()
        assert releases.count() > 1, framework
        assert not releases.filter(is_yanked=True).exists()
        assert not releases.filter(uploaded_on__isnull=True).exists(), framework
        sources = {release.source for release in releases}
        assert [source.url for source in sources] == ["https://pypi.org/"]
        latest = releases.latest_first().first()
        assert latest.source_url == (
            f"https://pypi.org/project/{framework.package_name}/{latest.version}/"
        )
    assert not ReleaseProposal.objects.pending().exists()


def test_every_demo_cell_cites_a_source_a_reader_can_open_and_its_check(full_demo):
    for cell in AttributeValue.objects.select_related("source", "attribute"):
        assert cell.verified_on, cell
        if cell.source is None:
            # Unknown: no value, and a note that says why.
            assert cell.note and not cell.display_text, cell
            continue
        assert cell.source.url.startswith("https://"), cell
        assert cell.source.publisher, cell.source


def test_demo_holds_every_row_of_the_source_article(full_demo):
    article = Article.objects.get(slug="flask-vs-fastapi-vs-django")
    claims = article.claims
    # 5 overview facts and 18 table rows, for each of the 3 frameworks.
    assert claims.filter(attribute__isnull=True).count() == 5 * 3
    assert claims.filter(attribute__isnull=False).count() == 18 * 3
    assert ProCon.objects.filter(article=article).count() == 15
    # The article's five scenarios, each recommending only what the article recommends.
    assert Scenario.objects.count() >= 5
    assert Recommendation.objects.filter(framework__in=article.frameworks.all()).count() == 7
    assert article.sections.count() == 8


def test_demo_compares_at_least_twelve_frameworks_on_every_row(full_demo):
    published = Framework.objects.published()
    assert published.count() >= 12
    rows = Attribute.objects.filter(computed="", benchmark__isnull=True)
    filled = AttributeValue.objects.filter(framework__in=published, attribute__in=rows)
    assert filled.count() == published.count() * rows.count()


def test_demo_frameworks_cite_their_package_and_licence(full_demo):
    for framework in Framework.objects.published():
        assert framework.license, framework
        if framework.articles.exists():
            continue  # its type, year and creators are the article's claims
        assert framework.source.url == f"https://pypi.org/project/{framework.package_name}/"
        assert framework.pros_and_cons.filter(article__isnull=True).exists(), framework
