"""check_releases against a package index served by the test on loopback, never the network."""

import datetime
import json
import time

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from pytest_httpserver import HTTPServer
from werkzeug import Response

from comparisons.models import (
    BenchmarkResult,
    ChangeLogEntry,
    Framework,
    ProposalState,
    Release,
    ReleaseProposal,
    Source,
)
from comparisons.releases import WATCHER_REASON, accept_proposal, accept_up_to
from tests.data.package_index import (
    HTML_TYPE,
    JSON_TYPE,
    METADATA,
    PROJECTS,
    html_page,
    json_page,
    many_versions,
)
from tests.factories import BenchmarkResultFactory, FrameworkFactory, ReleaseFactory


@pytest.fixture
def watched(db):
    """Flask, FastAPI and Django, watched, each knowing one release (as the seed article)."""
    frameworks = {}
    for position, (name, version) in enumerate(
        [("Flask", "3.1.0"), ("FastAPI", "0.115.12"), ("Django", "5.2")]
    ):
        framework = FrameworkFactory(
            name=name, slug=name.lower(), package_name=name.lower(), position=position
        )
        ReleaseFactory(framework=framework, version=version)
        frameworks[name.lower()] = framework
    return frameworks


def _serve_metadata(httpserver):
    for name, text in METADATA.items():
        httpserver.expect_request(f"/files/{name}.metadata").respond_with_data(text)


@pytest.fixture
def index(httpserver):
    """The recorded index, answering in PEP 691 JSON, with the metadata of some files."""
    for project in PROJECTS:
        httpserver.expect_request(f"/simple/{project}/").respond_with_json(
            json_page(project), content_type=JSON_TYPE
        )
    _serve_metadata(httpserver)
    return httpserver.url_for("/simple/")


@pytest.fixture
def slow_server():
    """A server of the test's own, answering each request in a thread: a handler that
    sleeps past the client's timeout never holds up the next test's requests."""
    server = HTTPServer(threaded=True)
    server.start()
    yield server
    server.clear()
    server.stop()


@pytest.fixture
def html_index(httpserver):
    for project in PROJECTS:
        httpserver.expect_request(f"/simple/{project}/").respond_with_data(
            html_page(project), content_type=HTML_TYPE
        )
    return httpserver.url_for("/simple/")


def check(url, *args):
    call_command("check_releases", "--index-url", url, *args)


def _snapshot():
    return (
        sorted(Release.objects.values_list("framework__slug", "version", "uploaded_on")),
        sorted(ReleaseProposal.objects.values_list("framework__slug", "version", "state")),
        Release.history.count(),
        ReleaseProposal.history.count(),
        ChangeLogEntry.objects.count(),
    )


def proposals(slug):
    return list(
        ReleaseProposal.objects.filter(framework__slug=slug, origin="package-index")
        .order_by("version_key")
        .values_list("version", flat=True)
    )


# What is proposed


def test_new_final_versions_become_proposals_without_yanked_or_pre_releases(watched, index):
    check(index)
    # 3.2.0 is yanked, 3.1.3rc1 a pre-release.
    assert proposals("flask") == ["3.1.1", "3.1.2", "3.1.3"]
    assert proposals("fastapi") == ["0.116.0"]  # 0.116.1's only file is yanked
    assert proposals("django") == ["5.2.1", "5.2.2"]  # 5.1.9 is older than 5.2
    assert Release.objects.count() == 3  # nothing recorded until an editor accepts
    first = ReleaseProposal.objects.get(version="3.1.1")
    assert first.uploaded_at == datetime.datetime(2025, 5, 13, 16, 0, tzinfo=datetime.UTC)
    assert first.requires_python == ">=3.9"


def test_pre_releases_only_with_pre_and_only_newer_than_the_newest_final(watched, index):
    check(index, "--pre")
    assert proposals("django") == ["5.2.1", "5.2.2", "6.0a1"]
    # Flask's 3.1.3rc1 is older than its final 3.1.3: never proposed.
    assert proposals("flask") == ["3.1.1", "3.1.2", "3.1.3"]


def test_history_proposes_older_missing_versions_too(watched, index):
    check(index, "--history", "--framework", "django")
    assert proposals("django") == ["5.1.9", "5.2.1", "5.2.2"]


def test_a_second_run_changes_nothing(watched, index):
    check(index)
    before = _snapshot()
    check(index)
    assert _snapshot() == before


def test_a_bad_requires_python_is_unknown_not_a_guess(watched, index):
    check(index, "--framework", "flask")
    assert ReleaseProposal.objects.get(version="3.1.3").requires_python == ""


# Metadata: Python support from classifiers


def test_classifiers_of_each_series_newest_release_are_read(watched, index):
    check(index, "--accept")
    flask = Release.objects.get(framework__slug="flask", version="3.1.3")
    # Sorted by version, not as text; "3" alone is not a version.
    assert flask.python_versions == "3.8 3.9 3.10 3.14"
    # Only the newest release of a series is read.
    assert Release.objects.get(framework__slug="flask", version="3.1.2").python_versions == ""
    django = Release.objects.get(framework__slug="django", version="5.2.2")
    assert django.python_versions == ""  # metadata without version classifiers: unknown
    assert django.requires_python == ">=3.10"
    # FastAPI 0.116.0 is its series' newest, but the index serves no metadata for it.
    assert Release.objects.get(version="0.116.0").python_versions == ""


def test_a_json_api_beside_the_index_gives_the_latest_classifiers(watched, httpserver):
    # No core metadata served: the JSON API's description of the latest version answers.
    httpserver.expect_request("/simple/flask/").respond_with_json(
        json_page("flask"), content_type=JSON_TYPE
    )
    info = {
        "version": "3.1.3",
        "classifiers": ["Programming Language :: Python :: 3.12", "Framework :: Flask"],
    }
    httpserver.expect_request("/pypi/flask/json").respond_with_json({"info": info})
    check(httpserver.url_for("/simple/"), "--framework", "flask", "--accept")
    release = Release.objects.get(framework__slug="flask", version="3.1.3")
    assert release.python_versions == "3.12"


def test_an_index_on_disk_is_read_like_pip_reads_it(watched, tmp_path):
    (tmp_path / "flask").mkdir()
    (tmp_path / "flask" / "index.html").write_text(html_page("flask"))
    files = tmp_path.parent / "files"
    files.mkdir(exist_ok=True)
    name = "flask-3.1.3-py3-none-any.whl"
    (files / f"{name}.metadata").write_text(METADATA[name])
    check(tmp_path.as_uri(), "--framework", "flask", "--accept")
    versions = Release.objects.filter(framework__slug="flask").values_list("version", flat=True)
    assert sorted(versions) == ["3.1.0", "3.1.1", "3.1.2", "3.1.3"]
    assert Release.objects.get(version="3.1.3").python_versions == "3.8 3.9 3.10 3.14"
    assert Release.objects.get(version="3.1.1").requires_python == ">=3.9"
    assert Source.objects.get(url=tmp_path.as_uri() + "/").kind == Source.Kind.PACKAGE_INDEX


def test_an_index_on_disk_without_the_project_writes_nothing(watched, tmp_path):
    message = _fails(tmp_path.as_uri(), "--framework", "flask")
    assert "no such project" in message


# Accepting


def test_accept_records_releases_with_upload_days_and_the_index_as_source(watched, index, capsys):
    check(index, "--accept")
    flask = Release.objects.get(framework__slug="flask", version="3.1.2")
    assert flask.uploaded_on == datetime.date(2025, 8, 19)
    assert flask.released_on is None  # the project's own date is an editor's to record
    assert flask.source.kind == Source.Kind.PACKAGE_INDEX
    assert flask.source.url == index
    # A page for people: on another index than PyPI, the project's release notes (none).
    assert flask.source_url == ""
    record = flask.history.get()
    assert record.history_user is None
    assert record.history_change_reason == WATCHER_REASON
    assert ReleaseProposal.objects.get(version="3.1.2").state == ProposalState.ACCEPTED
    assert "Flask: recorded 3.1.1, 3.1.2, 3.1.3." in capsys.readouterr().out
    before = _snapshot()
    check(index, "--accept")
    assert _snapshot() == before


def test_accepting_writes_one_readable_public_entry_per_release(watched, index):
    ChangeLogEntry.objects.all().delete()
    check(index, "--accept", "--framework", "flask")
    public = ChangeLogEntry.objects.public().order_by("changed_at", "pk")
    releases = [entry for entry in public if entry.kind == "release"]
    assert [entry.headline for entry in releases] == [
        "Flask 3.1.1 released (uploaded to the package index on 13 May 2025)",
        "Flask 3.1.2 released (uploaded to the package index on 19 Aug 2025)",
        "Flask 3.1.3 released (uploaded to the package index on 1 Oct 2025)",
    ]
    # The proposals are the editors' working rows: never in the public log.
    assert not ChangeLogEntry.objects.filter(content_type__model="releaseproposal").exists()
    assert {entry.kind for entry in public} <= {"release", "source"}


def test_linking_measured_results_adds_no_public_entry(watched, index):
    flask = watched["flask"]
    result = BenchmarkResultFactory(framework=flask, origin="measured", framework_version="3.1.2")
    ChangeLogEntry.objects.all().delete()
    check(index, "--accept", "--framework", "flask")
    result.refresh_from_db()
    assert result.release.version == "3.1.2"
    assert result.history.first().history_change_reason == WATCHER_REASON
    assert not ChangeLogEntry.objects.filter(content_type__model="benchmarkresult").exists()


def test_one_decision_accepts_every_version_up_to_the_chosen_one(watched, index):
    check(index, "--framework", "flask")
    flask = watched["flask"]
    up_to = ReleaseProposal.objects.get(version="3.1.2").version_key
    recorded = accept_up_to(flask, up_to, reason="test")
    assert [release.version for release in recorded] == ["3.1.1", "3.1.2"]
    assert proposals("flask") == ["3.1.1", "3.1.2", "3.1.3"]
    assert list(flask.release_proposals.pending().values_list("version", flat=True)) == ["3.1.3"]


def test_a_version_added_by_hand_closes_its_proposal(watched, index):
    check(index, "--framework", "flask")
    by_hand = ReleaseFactory(framework=watched["flask"], version="v3.1.1")
    assert by_hand.version == "3.1.1"  # stored normalised
    proposal = ReleaseProposal.objects.get(version="3.1.1")
    assert accept_proposal(proposal, reason="test") == by_hand
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.ACCEPTED and proposal.release == by_hand


def test_accept_later_records_pending_proposals(watched, index):
    check(index)
    check(index, "--accept")
    assert Release.objects.filter(framework__slug="django", version="5.2.2").exists()
    assert not ReleaseProposal.objects.filter(state=ProposalState.PENDING, origin="package-index")


def test_dismissed_versions_are_not_proposed_again(watched, index):
    check(index)
    ReleaseProposal.objects.filter(version="3.1.2").update(state=ProposalState.DISMISSED)
    check(index, "--accept")
    assert not Release.objects.filter(version="3.1.2").exists()
    assert Release.objects.filter(version="3.1.1").exists()


def test_a_yanked_release_is_marked_and_never_latest(watched, index):
    ReleaseFactory(framework=watched["flask"], version="3.2.0")
    check(index, "--framework", "flask")
    yanked = Release.objects.get(version="3.2.0")
    assert yanked.is_yanked
    assert ChangeLogEntry.objects.public().filter(
        headline="Flask 3.2.0 withdrawn from the package index"
    )
    latest = Framework.objects.with_latest_release().get(slug="flask")
    assert latest.latest_version == "3.1.0"


# "Confirmed current": only what the check confirmed


def test_latest_is_confirmed_only_when_nothing_newer_is_waiting(watched, index):
    check(index)
    assert set(Framework.objects.values_list("latest_confirmed_on", flat=True)) == {None}
    check(index, "--accept")
    today = timezone.localdate()
    assert set(Framework.objects.values_list("latest_confirmed_on", flat=True)) == {today}


def test_the_article_confirms_only_versions_the_check_confirmed(watched, index, client):
    from tests.factories import ArticleFactory, ArticleFrameworkFactory, ArticleSectionFactory

    article = ArticleFactory(slug="three")
    for position, framework in enumerate(watched.values()):
        ArticleFrameworkFactory(article=article, framework=framework, position=position)
    ArticleSectionFactory(article=article, data_block="overview", anchor="overview")
    check(index, "--framework", "flask", "--accept")
    check(index, "--framework", "django")  # proposes 5.2.1 and 5.2.2: not confirmed
    note = client.get("/articles/three/").content.decode()
    assert "Flask 3.1.3 on" in note
    assert "Django 5.2 on" not in note and "FastAPI" not in note.split("overview-versions")[1]


# Failures: one line, nothing written


def _fails(url, *args):
    before = _snapshot()
    with pytest.raises(CommandError) as failure:
        check(url, *args)
    assert _snapshot() == before
    message = str(failure.value)
    assert "\n" not in message and "Traceback" not in message
    assert message.endswith("Nothing was recorded.")
    return message


def test_html_fallback_reads_versions_without_upload_times(watched, html_index):
    check(html_index, "--accept", "--framework", "flask")
    releases = Release.objects.filter(framework__slug="flask").order_by("version_key")
    assert [(r.version, r.uploaded_on, r.requires_python) for r in releases] == [
        ("3.1.0", datetime.date(2025, 1, 15), ""),  # recorded before, by hand
        ("3.1.1", None, ">=3.9"),
        ("3.1.2", None, ">=3.9"),
        ("3.1.3", None, ""),
    ]


def test_http_error_writes_nothing(watched, httpserver):
    httpserver.expect_request("/simple/flask/").respond_with_data("down", status=503)
    assert "answered HTTP 503" in _fails(httpserver.url_for("/simple/"), "--framework", "flask")


def test_unknown_project_writes_nothing(watched, httpserver):
    httpserver.expect_request("/simple/flask/").respond_with_data("nope", status=404)
    assert "no such project" in _fails(httpserver.url_for("/simple/"), "--framework", "flask")


@pytest.mark.parametrize(
    "body",
    ["{not json", json.dumps({"meta": {"api-version": "1.1"}, "files": "garbage"}), "[]"],
    ids=["invalid-json", "wrong-shape", "a-list"],
)
def test_garbage_writes_nothing(watched, httpserver, body):
    httpserver.expect_request("/simple/flask/").respond_with_data(body, content_type=JSON_TYPE)
    message = _fails(httpserver.url_for("/simple/"), "--framework", "flask")
    assert "not a valid Simple API response" in message


def test_timeout_writes_nothing(watched, slow_server):
    def slow(request):
        time.sleep(5)  # far past the 1 s timeout, even on a loaded machine
        return Response("{}", content_type=JSON_TYPE)

    slow_server.expect_request("/simple/flask/").respond_with_handler(slow)
    message = _fails(slow_server.url_for("/simple/"), "--framework", "flask", "--timeout", "1")
    assert "timed out" in message


def test_slow_metadata_leaves_python_support_unknown_and_records_the_rest(watched, slow_server):
    slow_server.expect_request("/simple/flask/").respond_with_json(
        json_page("flask"), content_type=JSON_TYPE
    )

    def slow(request):
        time.sleep(5)  # far past the 1 s timeout, even on a loaded machine
        return Response("Classifier: Programming Language :: Python :: 3.9\n")

    slow_server.expect_request("/files/flask-3.1.3-py3-none-any.whl.metadata").respond_with_handler(
        slow
    )
    check(slow_server.url_for("/simple/"), "--framework", "flask", "--accept", "--timeout", "1")
    assert Release.objects.get(version="3.1.3").python_versions == ""
    assert Release.objects.filter(framework__slug="flask").count() == 4


def test_unreachable_index_writes_nothing(watched):
    # A closed loopback port: refused at once, never the network.
    assert "cannot reach" in _fails("http://127.0.0.1:9/simple/")


def test_a_version_that_is_not_pep_440_writes_nothing(watched, httpserver):
    files = [
        *PROJECTS["flask"],
        {**PROJECTS["flask"][0], "filename": "flask-3.1.x-py3-none-any.whl"},
    ]
    for project in PROJECTS:
        httpserver.expect_request(f"/simple/{project}/").respond_with_json(
            json_page(project, files if project == "flask" else None), content_type=JSON_TYPE
        )
    message = _fails(httpserver.url_for("/simple/"))
    assert "“3.1.x”" in message and "not a PEP 440 version" in message


def test_one_failing_project_writes_nothing_for_the_others(watched, httpserver):
    httpserver.expect_request("/simple/flask/").respond_with_json(
        json_page("flask"), content_type=JSON_TYPE
    )
    httpserver.expect_request("/simple/fastapi/").respond_with_data("down", status=500)
    _fails(httpserver.url_for("/simple/"))
    assert not ReleaseProposal.objects.filter(origin="package-index").exists()


def test_ten_thousand_versions_become_one_decision(watched, httpserver, capsys):
    httpserver.expect_request("/simple/flask/").respond_with_json(
        many_versions("flask", 10_000), content_type=JSON_TYPE
    )
    check(httpserver.url_for("/simple/"), "--framework", "flask", "--history")
    assert ReleaseProposal.objects.filter(framework__slug="flask").count() == 10_000
    assert "Flask: proposed 10000 versions, 1.0.0 to 1.99.99" in capsys.readouterr().out
    assert not ChangeLogEntry.objects.filter(content_type__model="releaseproposal").exists()


def test_unknown_framework_slug_is_a_clear_error(watched, index):
    with pytest.raises(CommandError, match="No watched framework"):
        check(index, "--framework", "litestar")


# Benchmarks and releases


def test_accepting_a_measured_version_links_its_results(demo):
    flask = Framework.objects.get(slug="flask")
    release = Release.objects.get(framework=flask, version="3.1.3")
    measured = BenchmarkResult.objects.filter(framework=flask, origin="measured")
    assert measured and all(result.release == release for result in measured)


def test_the_index_confirms_a_version_a_benchmark_proposed(watched, index):
    from comparisons.releases import propose_measured_version

    propose_measured_version(watched["flask"], "3.1.3", timezone.localdate())
    check(index, "--framework", "flask")
    proposal = ReleaseProposal.objects.get(framework__slug="flask", version="3.1.3")
    assert proposal.origin == "benchmark" and proposal.state == ProposalState.PENDING
    assert proposal.source.kind == Source.Kind.PACKAGE_INDEX
    assert proposal.uploaded_at == datetime.datetime(2025, 10, 1, 10, tzinfo=datetime.UTC)
    check(index, "--framework", "flask", "--accept")
    release = Release.objects.get(framework__slug="flask", version="3.1.3")
    assert release.uploaded_on == datetime.date(2025, 10, 1)
