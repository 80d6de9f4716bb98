"""Sources on every demo fact, benchmark results that are what they say, sane dates."""

from datetime import date, timedelta

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from comparisons.admin.benchmarks import BenchmarkResultForm
from comparisons.editors import ensure_editors_group
from comparisons.models import (
    Article,
    AttributeValue,
    BenchmarkResult,
    Framework,
    ProCon,
    Release,
    ReleaseProposal,
    Source,
)
from tests.accounts import sign_in_verified
from tests.factories import (
    BenchmarkResultFactory,
    FrameworkFactory,
    ReleaseFactory,
    SourceFactory,
)
from tests.forms import form_data

ARTICLE_TITLE = "Comparison article: Flask, FastAPI and Django"


def tomorrow():
    """At test time, in the site's zone, as the code's "is in the future" checks see it."""
    return timezone.localdate() + timedelta(days=1)


@pytest.fixture
def editor_client(demo, client):
    user = User.objects.create_user("eve", password="editor-pass-123", is_staff=True)
    user.groups.add(ensure_editors_group())
    sign_in_verified(client, user)
    return client


def change_url(obj):
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])


# --- The demo's sources -------------------------------------------------------------------------


def test_the_source_article_cites_only_its_own_claims(demo):
    article = Source.objects.get(title=ARTICLE_TITLE)
    assert (article.published_year, article.url, article.published_on) == (2025, "", None)
    assert "cannot open" in article.note  # said why readers get no link
    assert Article.objects.get().source == article
    # Current cells and releases cite pages a reader can open; the article, what it said.
    assert not AttributeValue.objects.filter(source=article).exists()
    assert not Release.objects.filter(source=article).exists()
    assert ProCon.objects.filter(source=article).count() == 15
    assert not ProCon.objects.filter(source=article, article__isnull=True).exists()


def test_every_demo_result_cites_a_source(demo):
    cited = BenchmarkResult.objects.filter(origin="cited")
    assert cited.count() == 3 and all(result.source.title == ARTICLE_TITLE for result in cited)
    measured = BenchmarkResult.objects.filter(origin="measured")
    assert all(result.source.kind == Source.Kind.MEASUREMENT for result in measured)


def test_demo_dates_releases_by_the_index_and_links_a_page_for_people(demo):
    releases = Release.objects.filter(framework__slug="flask")
    assert not releases.filter(uploaded_on__isnull=True).exists()
    # No release day is claimed that the project's own notes were not read for.
    assert not Release.objects.filter(released_on__isnull=False).exists()
    flask = releases.get(version="3.1.3")
    assert flask.uploaded_on == date(2026, 2, 19)
    assert flask.source_url == "https://pypi.org/project/flask/3.1.3/"
    assert Article.objects.get().published_on == date(2026, 11, 25)  # when the site wrote it


def test_the_versions_the_benchmarks_measured_are_recorded_and_linked(demo):
    measured = BenchmarkResult.objects.filter(origin="measured").select_related("release")
    assert {(r.framework.slug, r.release.version) for r in measured} == {
        ("django", "5.2.19"),  # the run of 25 November, withheld as superseded
        ("django", "6.1.3"),
        ("fastapi", "0.165.0"),
        ("flask", "3.1.3"),
    }
    assert all(r.framework_version == r.release.version for r in measured)
    assert not ReleaseProposal.objects.pending().exists()


def test_framework_page_shows_sources_and_labels_measured_runs(demo, client):
    content = client.get("/frameworks/flask/").content.decode()
    assert 'Source: <a href="https://pypi.org/project/flask-admin/"' in content
    assert "Cited without a source link" not in content
    shown = BenchmarkResult.objects.shown().filter(framework__slug="flask", origin="measured")
    assert content.count("Measured here (manage.py run_benchmarks)") == shown.count() == 5
    assert f"Cited: as claimed by <cite>{ARTICLE_TITLE}</cite> (2025)" in content
    assert 'href="https://pypi.org/project/flask/"' in content  # licence and links
    assert "Verified <time" in content


def test_article_credits_its_source_and_confirms_only_checked_versions(demo, client):
    content = client.get("/articles/flask-vs-fastapi-vs-django/").content.decode()
    assert f"Facts and tables from: <cite>{ARTICLE_TITLE}</cite> (2025)" in content
    assert "Confirmed as the newest final release on the package index" in content
    assert "Flask 3.1.3 on" in content
    Framework.objects.filter(slug="django").update(latest_confirmed_on=None)
    content = client.get("/articles/flask-vs-fastapi-vs-django/").content.decode()
    assert "Django 6.1.3 on" not in content
    assert "Published 1 June 2025" not in content


# --- Benchmark results are what they say --------------------------------------------------------


def test_a_result_cannot_link_another_frameworks_release(db):
    result = BenchmarkResultFactory.build(
        framework=FrameworkFactory(), benchmark=BenchmarkResultFactory().benchmark
    )
    result.source = SourceFactory()
    result.release = ReleaseFactory()  # of another framework
    with pytest.raises(ValidationError) as error:
        result.full_clean()
    assert "is a release of another framework" in error.value.message_dict["release"][0]


def test_a_cited_result_needs_a_source(db):
    result = BenchmarkResultFactory()
    result.source = None
    with pytest.raises(ValidationError) as error:
        result.full_clean()
    assert "needs its source" in error.value.message_dict["source"][0]
    result.origin = BenchmarkResult.Origin.MEASURED
    result.full_clean()  # measured results come from run_benchmarks, which cites itself


def test_the_form_refuses_measured_typed_by_hand(db):
    result = BenchmarkResultFactory()
    form_class = type(
        "Form",
        (BenchmarkResultForm,),
        {"Meta": type("Meta", (), {"model": BenchmarkResult, "fields": ["origin"]})},
    )
    form = form_class(data={"origin": "measured"}, instance=result)
    assert not form.is_valid()
    assert "Only manage.py run_benchmarks records measured results" in form.errors["origin"][0]


def test_admin_add_form_has_no_origin_and_requires_a_source(editor_client):
    url = reverse("admin:comparisons_benchmarkresult_add")
    results_before = BenchmarkResult.objects.count()
    data = form_data(editor_client.get(url))
    assert "origin" not in data
    flask = Framework.objects.get(slug="flask")
    django_release = Release.objects.get(framework__slug="django", version="6.1.3")
    data.update(
        benchmark="1",
        framework=str(flask.pk),
        release=str(django_release.pk),
        low_value="10",
        origin="measured",
        measured_on=tomorrow().isoformat(),
    )
    response = editor_client.post(url, data)
    content = response.content.decode()
    assert response.status_code == 200
    assert "A cited result needs its source" in content
    assert "is in the future" in content
    assert "is a release of another framework" in content
    assert BenchmarkResult.objects.count() == results_before


def test_admin_shows_a_measured_result_read_only(editor_client):
    result = BenchmarkResult.objects.filter(origin="measured").first()
    data = form_data(editor_client.get(change_url(result)))
    assert "low_value" not in data and "origin" not in data
    assert "notes" in data


# --- Sane dates ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("make", "field"),
    [
        (lambda: ReleaseFactory.build(framework=FrameworkFactory()), "released_on"),
        (lambda: BenchmarkResultFactory.build(framework=FrameworkFactory()), "measured_on"),
        (lambda: SourceFactory.build(), "accessed_on"),
    ],
)
def test_future_dates_are_refused(db, make, field):
    row = make()
    if isinstance(row, BenchmarkResult):
        row.benchmark = BenchmarkResultFactory().benchmark
        row.source = SourceFactory()
    setattr(row, field, tomorrow())
    with pytest.raises(ValidationError) as error:
        row.full_clean()
    assert "is in the future" in error.value.message_dict[field][0]
    setattr(row, field, timezone.localdate())
    row.full_clean()


def test_a_future_verification_is_a_form_error(editor_client):
    cell = AttributeValue.objects.get(framework__slug="flask", attribute__slug="routing")
    data = form_data(editor_client.get(change_url(cell)))
    data["verified_on"] = tomorrow().isoformat()
    before = cell.verified_on
    content = editor_client.post(change_url(cell), data).content.decode()
    assert "is in the future" in content
    cell.refresh_from_db()
    assert cell.verified_on == before


def test_the_database_refuses_future_dates_where_it_can(db):
    release = ReleaseFactory()
    if connection.vendor != "postgresql":
        pytest.skip(
            "SQLite refuses non-deterministic functions in CHECK constraints, so only model "
            "and form validation guard future dates there"
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Release.objects.filter(pk=release.pk).update(released_on=date(2031, 1, 1))


def test_deleting_a_release_that_results_measured_is_refused_and_names_them(editor_client):
    release = Release.objects.get(framework__slug="flask", version="3.1.3")
    measured_before = BenchmarkResult.objects.filter(release=release).count()
    url = reverse("admin:comparisons_release_delete", args=[release.pk])
    content = editor_client.get(url).content.decode()
    assert "would require deleting the following protected related objects" in content
    assert "Flask – JSON: requests per second (measured)" in content
    editor_client.post(url, {"post": "yes"})
    assert Release.objects.filter(pk=release.pk).exists()
    assert BenchmarkResult.objects.filter(release=release).count() == measured_before


def test_compare_page_lists_its_sources_on_demand(demo, client):
    content = client.get("/compare/flask-vs-django/").content.decode()
    start = content.index('<details class="matrix-sources"')
    sources = content[start : content.index("</details>", start)]
    assert '<a href="https://pypi.org/project/flask-admin/" rel="nofollow noopener">' in sources
    assert "last verified <time" in sources
    # Rows the site works out (Python support, support dates) are no editor's to verify.
    assert "not yet verified by an editor" not in sources
