"""check_releases against a package index served by the test on loopback, never the network."""

import datetime
import time

import pytest
from django.core.management import CommandError, call_command
from werkzeug import Response

from comparisons.models import (
    BenchmarkResult,
    Framework,
    ProposalState,
    Release,
    ReleaseProposal,
    Source,
)
from comparisons.releases import WATCHER_REASON
from tests import html
from tests.data.package_index import HTML_TYPE, JSON_TYPE, PROJECTS, html_page, json_page

ARTICLE_URL = "/articles/flask-vs-fastapi-vs-django/"


@pytest.fixture
def index(httpserver):
    """The recorded index, answering in PEP 691 JSON."""
    for project in PROJECTS:
        httpserver.expect_request(f"/simple/{project}/").respond_with_json(
            json_page(project), content_type=JSON_TYPE
        )
    return httpserver.url_for("/simple/")


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
        sorted(Release.objects.values_list("framework__slug", "version", "released_on")),
        sorted(ReleaseProposal.objects.values_list("framework__slug", "version", "state")),
        Release.history.count(),
        ReleaseProposal.history.count(),
    )


def proposals(slug):
    return list(
        ReleaseProposal.objects.filter(framework__slug=slug, origin="package-index")
        .order_by("version_key")
        .values_list("version", flat=True)
    )


def test_new_final_versions_become_proposals_without_yanked_or_pre_releases(demo, index):
    check(index)
    # 3.2.0 is yanked, 3.2.0rc1 a pre-release; 3.1.3 was proposed by a benchmark run.
    assert proposals("flask") == ["3.1.1", "3.1.2"]
    assert proposals("fastapi") == ["0.116.0"]  # 0.116.1's only file is yanked
    assert proposals("django") == ["5.2.1", "5.2.2"]  # 5.1.9 is older than 5.2
    assert Release.objects.count() == 3  # nothing recorded until an editor accepts
    first_upload = ReleaseProposal.objects.get(version="3.1.1").uploaded_at
    assert first_upload == datetime.datetime(2025, 5, 13, 16, 0, tzinfo=datetime.UTC)


def test_pre_releases_only_with_pre(demo, index):
    check(index, "--pre", "--framework", "django")
    assert proposals("django") == ["5.2.1", "5.2.2", "6.0a1"]
    assert proposals("flask") == []


def test_a_second_run_changes_nothing(demo, index):
    check(index)
    before = _snapshot()
    check(index)
    assert _snapshot() == before


def test_accept_records_releases_with_dates_and_the_index_as_source(demo, index, capsys):
    check(index, "--accept")
    flask = Release.objects.get(framework__slug="flask", version="3.1.2")
    assert flask.released_on == datetime.date(2025, 8, 19)
    assert flask.source.kind == Source.Kind.PACKAGE_INDEX
    assert flask.source.url == index
    assert flask.source_url == f"{index}flask/"
    record = flask.history.get()
    assert record.history_user is None
    assert record.history_change_reason == WATCHER_REASON
    assert ReleaseProposal.objects.get(version="3.1.2").state == ProposalState.ACCEPTED
    assert "Flask: recorded 3.1.1, 3.1.2, 3.1.3." in capsys.readouterr().out
    before = _snapshot()
    check(index, "--accept")
    assert _snapshot() == before
    assert set(Framework.objects.values_list("versions_checked_on", flat=True)) == {
        datetime.date.today()
    }


def test_accept_later_records_pending_proposals(demo, index):
    check(index)
    check(index, "--accept")
    assert Release.objects.filter(framework__slug="django", version="5.2.2").exists()
    assert not ReleaseProposal.objects.filter(state=ProposalState.PENDING, origin="package-index")


def test_dismissed_versions_are_not_proposed_again(demo, index):
    check(index)
    ReleaseProposal.objects.filter(version="3.1.2").update(state=ProposalState.DISMISSED)
    check(index, "--accept")
    assert not Release.objects.filter(version="3.1.2").exists()
    assert Release.objects.filter(version="3.1.1").exists()


def test_after_accepting_the_article_shows_the_newest_releases_with_dates(demo, index, client):
    check(index, "--accept")
    page = html.parse(client.get(ARTICLE_URL).content.decode())
    overview = html.table_rows(next(page.find_id("overview").iter("table")))
    assert overview[-1] == [
        "Latest Version",
        "3.1.3 (1 Oct 2025)",
        "0.116.0 (7 Jul 2025)",
        "5.2.2 (4 Jun 2025)",
    ]
    note = page.find_id("overview-versions-checked").text()
    assert "checked against the package index on" in note


def test_html_fallback_reads_versions_without_upload_times(demo, html_index):
    check(html_index, "--accept", "--framework", "flask")
    releases = Release.objects.filter(framework__slug="flask").order_by("version_key")
    assert [(r.version, r.released_on) for r in releases] == [
        ("3.1.0", None),
        ("3.1.1", None),
        ("3.1.2", None),
        ("3.1.3", None),
    ]


def _fails(url, *args):
    before = _snapshot()
    with pytest.raises(CommandError) as failure:
        check(url, *args)
    assert _snapshot() == before
    message = str(failure.value)
    assert "\n" not in message and "Traceback" not in message
    assert message.endswith("Nothing was recorded.")
    return message


def test_http_error_writes_nothing(demo, httpserver):
    httpserver.expect_request("/simple/flask/").respond_with_data("down", status=503)
    assert "answered HTTP 503" in _fails(httpserver.url_for("/simple/"), "--framework", "flask")


def test_unknown_project_writes_nothing(demo, httpserver):
    httpserver.expect_request("/simple/flask/").respond_with_data("nope", status=404)
    assert "no such project" in _fails(httpserver.url_for("/simple/"), "--framework", "flask")


def test_invalid_json_writes_nothing(demo, httpserver):
    httpserver.expect_request("/simple/flask/").respond_with_data(
        "{not json", content_type=JSON_TYPE
    )
    message = _fails(httpserver.url_for("/simple/"), "--framework", "flask")
    assert "not a valid Simple API response" in message


def test_timeout_writes_nothing(demo, httpserver):
    def slow(request):
        time.sleep(1.5)
        return Response("{}", content_type=JSON_TYPE)

    httpserver.expect_request("/simple/flask/").respond_with_handler(slow)
    message = _fails(httpserver.url_for("/simple/"), "--framework", "flask", "--timeout", "0.3")
    assert "timed out" in message


def test_unreachable_index_writes_nothing(demo):
    # A closed loopback port: refused at once, never the network.
    assert "cannot reach" in _fails("http://127.0.0.1:9/simple/")


def test_a_version_that_is_not_pep_440_writes_nothing(demo, httpserver):
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


def test_one_failing_project_writes_nothing_for_the_others(demo, httpserver):
    httpserver.expect_request("/simple/flask/").respond_with_json(
        json_page("flask"), content_type=JSON_TYPE
    )
    httpserver.expect_request("/simple/fastapi/").respond_with_data("down", status=500)
    _fails(httpserver.url_for("/simple/"))
    assert not ReleaseProposal.objects.filter(origin="package-index").exists()


def test_unknown_framework_slug_is_a_clear_error(demo, index):
    with pytest.raises(CommandError, match="No watched framework"):
        check(index, "--framework", "litestar")


def test_accepting_a_measured_version_links_its_results(demo):
    from comparisons.releases import accept_proposal

    proposal = ReleaseProposal.objects.get(framework__slug="flask", version="3.1.3")
    release = accept_proposal(proposal, reason="test")
    measured = BenchmarkResult.objects.filter(framework__slug="flask", origin="measured")
    assert measured and all(result.release == release for result in measured)


def test_the_index_confirms_a_version_a_benchmark_proposed(demo, index):
    check(index, "--framework", "flask")
    proposal = ReleaseProposal.objects.get(framework__slug="flask", version="3.1.3")
    assert proposal.origin == "benchmark" and proposal.state == ProposalState.PENDING
    assert proposal.source.kind == Source.Kind.PACKAGE_INDEX
    assert proposal.uploaded_at == datetime.datetime(2025, 10, 1, 10, tzinfo=datetime.UTC)
    check(index, "--framework", "flask", "--accept")
    release = Release.objects.get(framework__slug="flask", version="3.1.3")
    assert release.released_on == datetime.date(2025, 10, 1)
    measured = BenchmarkResult.objects.filter(framework__slug="flask", origin="measured")
    assert {result.release_id for result in measured} == {release.pk}
