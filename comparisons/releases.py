"""The release watcher: upstream versions from the package index become proposals.

The index is read through its Simple API with ``pypi-simple`` (PEP 691 JSON, or PEP 503
HTML; upload times from PEP 700, which only the JSON form carries; Requires-Python from
PEP 503's ``data-requires-python``). An index given as a ``file://`` URL is read from disk,
as pip reads one. The Python versions a series supports come from the classifiers in the
core metadata (PEP 658) of its newest release. Versions are compared with ``packaging``.

Everything is read first; then one transaction writes. Accepting proposals, here or in
the admin, records Releases that cite the index, in history under whoever accepted them.
"""

import json
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.parser import HeaderParser
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

import requests
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version
from pypi_simple import (
    DigestMismatchError,
    NoMetadataError,
    NoSuchProjectError,
    ProjectPage,
    PyPISimple,
    UnsupportedContentTypeError,
    UnsupportedRepoVersionError,
)

from .changes import forget_data_as_of, save_with_history
from .models import (
    BenchmarkResult,
    Framework,
    ProposalOrigin,
    ProposalState,
    Release,
    ReleaseProposal,
    Source,
    SourceKind,
)
from .versions import series_of, version_sort_key

PUBLIC_INDEX_URL = "https://pypi.org/simple/"
PUBLIC_INDEX_HOME = "https://pypi.org/"
PUBLIC_PROJECT_PAGES = "https://pypi.org/project/"
DEFAULT_TIMEOUT = 10
# Classifiers are read for the newest release of this many series per project and run:
# enough for every series still in use, and a bound on requests for a project with
# thousands of versions.
METADATA_SERIES = 12
WATCHER_REASON = "Recorded by the release watcher (manage.py check_releases --accept)"
BENCHMARK_SOURCE_TITLE = "Measured by this site with manage.py run_benchmarks"
_PYTHON_CLASSIFIER = re.compile(r"^Programming Language :: Python :: (\d+\.\d+)$")


class PackageIndexError(Exception):
    """The index could not be read, or said something we cannot trust. One line for people."""


@dataclass(frozen=True)
class UpstreamRelease:
    """One version as the index lists it (over all its files)."""

    version: str
    uploaded_at: datetime | None = None
    requires_python: str = ""
    yanked: bool = False  # every file of it is yanked
    metadata_file: object = None  # a DistributionPackage whose core metadata the index serves

    @property
    def key(self):
        return version_sort_key(self.version)

    @property
    def is_prerelease(self):
        return Version(self.version).is_prerelease

    @property
    def series(self):
        return series_of(self.version)


@dataclass
class UpstreamProject:
    package: str
    releases: list[UpstreamRelease]
    # Version -> the Python versions its classifiers list (“3.12 3.13”), for the versions
    # whose metadata was read; "" where the metadata lists none.
    python_versions: dict[str, str] = field(default_factory=dict)

    @property
    def finals(self):
        return [r for r in self.releases if not r.yanked and not r.is_prerelease]

    @property
    def newest_final_key(self):
        return max((release.key for release in self.finals), default=None)


def index_url():
    return getattr(settings, "PACKAGE_INDEX_URL", PUBLIC_INDEX_URL) or PUBLIC_INDEX_URL


def _normalised_endpoint(url):
    return url if url.endswith("/") else url + "/"


def _is_file_url(url):
    return urlsplit(url).scheme == "file"


def _local_path(url):
    return Path(url2pathname(unquote(urlsplit(url).path)))


def _read_local_page(package, url):
    """A project page of an index on disk (``file://``): ``<index>/<project>/`` holds
    ``index.json`` (PEP 691) or ``index.html`` (PEP 503), as pip reads it."""
    directory = _local_path(url) / canonicalize_name(package)
    project_url = f"{url}{canonicalize_name(package)}/"
    json_file, html_file = directory / "index.json", directory / "index.html"
    try:
        if json_file.is_file():
            return ProjectPage.from_json_data(json.loads(json_file.read_text()), project_url)
        if html_file.is_file():
            return ProjectPage.from_html(package, html_file.read_bytes(), project_url)
    except OSError as error:
        raise PackageIndexError(f"{package}: cannot read {directory} ({error.strerror}).") from None
    raise PackageIndexError(f"{package}: no such project in {url} (no {directory}/index.html).")


def _project_page(client, package, url, timeout):
    if client is None:
        return _read_local_page(package, url)
    try:
        return client.get_project_page(package, timeout=timeout)
    except NoSuchProjectError:
        raise PackageIndexError(f"{package}: no such project on {url} (404).") from None
    except requests.Timeout:
        raise PackageIndexError(
            f"{package}: {url} did not answer within {timeout} s (timed out)."
        ) from None
    except requests.HTTPError as error:
        status = error.response.status_code if error.response is not None else "error"
        raise PackageIndexError(f"{package}: {url} answered HTTP {status}.") from None
    except (UnsupportedContentTypeError, UnsupportedRepoVersionError, ValueError) as error:
        # ValueError covers invalid JSON (requests' own JSONDecodeError is one too) and
        # pydantic's validation errors.
        reason = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise PackageIndexError(
            f"{package}: {url} sent a page that is not a valid Simple API response ({reason})."
        ) from None
    except requests.RequestException as error:
        raise PackageIndexError(
            f"{package}: cannot reach {url} ({type(error).__name__})."
        ) from None


def _python_versions(metadata_text):
    """The minor versions the metadata's classifiers list, oldest first, space-separated."""
    classifiers = HeaderParser().parsestr(metadata_text).get_all("Classifier") or []
    found = {m.group(1) for c in classifiers if (m := _PYTHON_CLASSIFIER.match(c.strip()))}
    return " ".join(sorted(found, key=lambda text: tuple(map(int, text.split(".")))))


def _read_metadata(client, package_file, timeout):
    """The core metadata (PEP 658) of one file, or None when the index cannot give it."""
    try:
        if client is None:
            return (_local_path(package_file.url + ".metadata")).read_text(errors="replace")
        return client.get_package_metadata(
            package_file, verify=bool(package_file.metadata_digests), timeout=timeout
        )
    except (OSError, ValueError, requests.RequestException, NoMetadataError, DigestMismatchError):
        return None


def _json_api_python_versions(client, url, package, version, timeout):
    """The classifiers from a Warehouse-style JSON API beside the Simple API, for files
    whose core metadata is not served: ``/pypi/<name>/<version>/json``, or the project's
    ``/pypi/<name>/json`` when it describes that version (its latest)."""
    if not url.endswith("/simple/"):
        return None
    project = f"{url.removesuffix('simple/')}pypi/{canonicalize_name(package)}"
    for api in (f"{project}/{version}/json", f"{project}/json"):
        try:
            response = client.s.get(api, timeout=timeout)
            response.raise_for_status()
            info = response.json()["info"]
            if str(Version(info["version"])) != version:
                continue
            classifiers = [c for c in info["classifiers"] or [] if isinstance(c, str)]
        except (requests.RequestException, ValueError, KeyError, TypeError, InvalidVersion):
            continue
        return _python_versions("".join(f"Classifier: {c}\n" for c in classifiers))
    return None


def _merge_files(package, packages):
    """One UpstreamRelease per version from the index's files: the earliest upload, the
    Requires-Python of its files, yanked only if every file is."""
    merged: dict[str, dict] = {}
    for package_file in packages:
        if not package_file.version:
            continue
        try:
            version = str(Version(package_file.version))
        except InvalidVersion:
            raise PackageIndexError(
                f"{package}: the index lists “{package_file.version}” "
                f"({package_file.filename}), which is not a PEP 440 version."
            ) from None
        entry = merged.setdefault(
            version, {"uploaded": None, "requires": "", "yanked": True, "metadata": None}
        )
        entry["yanked"] = entry["yanked"] and package_file.is_yanked
        uploaded = package_file.upload_time
        if uploaded and (entry["uploaded"] is None or uploaded < entry["uploaded"]):
            entry["uploaded"] = uploaded
        requires = (package_file.requires_python or "").strip()
        if requires and not entry["requires"]:
            try:
                SpecifierSet(requires)
                entry["requires"] = requires
            except InvalidSpecifier:
                pass  # a broken specifier is no information: unknown
        # has_metadata is None when the index does not say (PEP 714): then ask anyway.
        # A wheel's metadata is preferred: an sdist's may be incomplete (PEP 643).
        servable = package_file.has_metadata is not False and not package_file.is_yanked
        if servable and (entry["metadata"] is None or package_file.package_type == "wheel"):
            entry["metadata"] = package_file
    return [
        UpstreamRelease(
            version,
            entry["uploaded"],
            entry["requires"],
            entry["yanked"],
            entry["metadata"],
        )
        for version, entry in merged.items()
    ]


def read_project(package, url, *, timeout=DEFAULT_TIMEOUT, metadata_for=()):
    """Every version the index lists for ``package``, and the Python classifiers of
    ``metadata_for(releases)``'s choice of versions."""
    url = _normalised_endpoint(url)
    client = None if _is_file_url(url) else PyPISimple(endpoint=url)
    try:
        try:
            page = _project_page(client, package, url, timeout)
        except (UnsupportedContentTypeError, UnsupportedRepoVersionError, ValueError) as error:
            # ValueError covers invalid JSON and pydantic's validation errors.
            reason = str(error).splitlines()[0] if str(error) else type(error).__name__
            raise PackageIndexError(
                f"{package}: {url} sent a page that is not a valid Simple API response ({reason})."
            ) from None
        project = UpstreamProject(package, _merge_files(package, page.packages))
        for release in metadata_for(project) if callable(metadata_for) else ():
            text = release.metadata_file and _read_metadata(client, release.metadata_file, timeout)
            if text:
                project.python_versions[release.version] = _python_versions(text)
            elif client is not None:
                python = _json_api_python_versions(client, url, package, release.version, timeout)
                if python is not None:
                    project.python_versions[release.version] = python
        return project
    finally:
        if client is not None:
            client.s.close()


def newest_per_series(releases, limit=METADATA_SERIES):
    """The newest final release of each of the ``limit`` newest series."""
    newest: dict[str, UpstreamRelease] = {}
    for release in releases:
        if release.yanked or release.is_prerelease:
            continue
        current = newest.get(release.series)
        if current is None or release.key > current.key:
            newest[release.series] = release
    ordered = sorted(newest.values(), key=lambda release: release.key, reverse=True)
    return ordered[:limit]


def _source_url(url):
    # Readers get the index's pages for people, not its machine-readable API.
    return PUBLIC_INDEX_HOME if url == PUBLIC_INDEX_URL else url


def index_source(url, today=None):
    """The Source that releases read from this index cite (one per index)."""
    url = _normalised_endpoint(url)
    today = today or timezone.localdate()
    source = Source.objects.filter(url=_source_url(url)).first()
    if source is None:
        public = url == PUBLIC_INDEX_URL
        source = Source(
            kind=SourceKind.PACKAGE_INDEX,
            url=_source_url(url),
            title="The Python Package Index (PyPI)" if public else f"Package index {url}",
            publisher="Python Software Foundation" if public else "",
            accessed_on=today,
            note="Versions, upload days and Requires-Python read by manage.py check_releases "
            f"from its Simple API ({url}); Python classifiers from each file's core metadata.",
        )
        save_with_history(source, reason="Created by the release watcher")
    elif source.accessed_on != today:
        source.accessed_on = today
        save_with_history(source, reason="Read by the release watcher")
    return source


def benchmark_source(today):
    """The Source that this site's own measurements cite."""
    source = Source.objects.filter(
        kind=SourceKind.MEASUREMENT, title=BENCHMARK_SOURCE_TITLE
    ).first()
    if source is None:
        source = Source(
            kind=SourceKind.MEASUREMENT,
            title=BENCHMARK_SOURCE_TITLE,
            publisher="This site",
            accessed_on=today,
            note="The site's benchmark harness (bench/frameworks/), with the versions pinned in "
            "requirements-bench.txt, installed from the package index.",
        )
        save_with_history(source, reason="Created by manage.py run_benchmarks")
    elif source.accessed_on is None or source.accessed_on < today:
        source.accessed_on = today
        save_with_history(source, reason="Measured by manage.py run_benchmarks")
    return source


def _people_page(framework, version, source):
    """A page about this version for people: its page on the public index, else the
    project's release notes."""
    if source and source.kind == SourceKind.PACKAGE_INDEX and source.url == PUBLIC_INDEX_HOME:
        return f"{PUBLIC_PROJECT_PAGES}{canonicalize_name(framework.package_name)}/{version}/"
    return framework.release_notes_url


def _upload_day(uploaded_at):
    # The index's day, in UTC: the project's own changelog may give another day.
    return uploaded_at.astimezone(UTC).date() if uploaded_at else None


def accept_proposal(proposal, *, user=None, reason):
    """Record the proposal as a Release citing its source; link the results that measured it.

    A version already recorded (added by hand meanwhile) closes the proposal instead.
    """
    with transaction.atomic():
        existing = Release.objects.filter(
            framework=proposal.framework, version_key=proposal.version_key
        ).first()
        if existing is not None:
            proposal.state = ProposalState.ACCEPTED
            proposal.release = existing
            save_with_history(proposal, user=user, reason=f"{reason} (already recorded)")
            return existing
        release = Release(
            framework=proposal.framework,
            version=proposal.version,
            uploaded_on=_upload_day(proposal.uploaded_at),
            requires_python=proposal.requires_python,
            python_versions=proposal.python_versions,
            source=proposal.source,
            source_url=_people_page(proposal.framework, proposal.version, proposal.source),
        )
        try:
            release.full_clean()
        except ValidationError as error:
            messages = "; ".join(error.messages)
            raise PackageIndexError(f"{proposal}: cannot be recorded ({messages}).") from None
        save_with_history(release, user=user, reason=reason)
        proposal.state = ProposalState.ACCEPTED
        proposal.release = release
        save_with_history(proposal, user=user, reason=reason)
        link_measured_results(release, user=user, reason=reason)
    return release


def close_proposals_for(release, *, user=None):
    """A version recorded by hand closes its waiting proposal (accepted, linked to it)."""
    for proposal in ReleaseProposal.objects.pending().filter(
        framework_id=release.framework_id, version_key=release.version_key
    ):
        proposal.state = ProposalState.ACCEPTED
        proposal.release = release
        save_with_history(proposal, user=user, reason="Recorded by hand")


def accept_up_to(framework, version_key, *, user=None, reason):
    """Accept every pending proposal of ``framework`` up to ``version_key``, oldest first."""
    pending = framework.release_proposals.pending().filter(version_key__lte=version_key)
    return [
        accept_proposal(proposal, user=user, reason=reason)
        for proposal in pending.select_related("framework", "source").order_by("version_key")
    ]


def dismiss_proposal(proposal, *, user=None, reason="Dismissed"):
    proposal.state = ProposalState.DISMISSED
    save_with_history(proposal, user=user, reason=reason)


def link_measured_results(release, *, user=None, reason):
    """Measured results that ran this version but predate its Release now point to it."""
    results = BenchmarkResult.objects.filter(
        framework=release.framework_id,
        origin=BenchmarkResult.Origin.MEASURED,
        release__isnull=True,
    ).exclude(framework_version="")
    for result in results:
        try:
            same = version_sort_key(result.framework_version) == release.version_key
        except ValidationError:
            continue
        if same:
            # Bookkeeping: readers already see the version the result measured.
            result.release = release
            save_with_history(result, user=user, reason=reason, public=False)


def propose_measured_version(framework, version, today):
    """A benchmark measured a version no Release records: propose it (once)."""
    key = version_sort_key(version)
    if Release.objects.filter(framework=framework, version_key=key).exists():
        return None
    if ReleaseProposal.objects.filter(framework=framework, version_key=key).exists():
        return None
    proposal = ReleaseProposal(
        framework=framework,
        version=version,
        origin=ProposalOrigin.BENCHMARK,
        source=benchmark_source(today),
        found_on=today,
    )
    save_with_history(proposal, reason="Proposed by manage.py run_benchmarks (measured it)")
    return proposal


@dataclass
class CheckOutcome:
    framework: Framework
    proposed: list = field(default_factory=list)
    recorded: list = field(default_factory=list)
    confirmed: bool = False  # no final upstream is newer than the latest recorded one


def wanted_versions(framework, project, *, pre=False, history=False):
    """The upstream versions to propose: final, not yanked, never proposed, not recorded;
    newer than the latest recorded release (``history``: any missing one). ``pre`` adds
    pre-releases newer than the newest final on the index."""
    recorded = set(framework.releases.values_list("version_key", flat=True))
    latest = framework.releases.latest_key()
    proposed = set(framework.release_proposals.values_list("version_key", flat=True))
    newest_final = project.newest_final_key
    wanted = []
    for release in project.releases:
        key = release.key
        if release.yanked or key in recorded or key in proposed:
            continue
        if release.is_prerelease:
            if pre and (newest_final is None or key > newest_final):
                wanted.append(release)
        elif history or latest is None or key > latest:
            wanted.append(release)
    return sorted(wanted, key=lambda release: release.key)


def _needs_metadata(framework, *, pre, history):
    """Chooses, once the index's list is read, the versions whose classifiers to read: the
    newest of each series among those this run records or proposes, and among the recorded
    ones whose classifiers are missing."""
    recorded = dict(framework.releases.values_list("version_key", "python_versions"))

    def choose(project):
        candidates = wanted_versions(framework, project, pre=pre, history=history)
        candidates += [r for r in project.releases if recorded.get(r.key) == ""]
        newest = newest_per_series(project.releases)
        return [r for r in newest if r in candidates]

    return choose


def _update_recorded(framework, project, source, user, reason):
    """What the index says now of releases already recorded: yanked, and the classifiers
    and Requires-Python of each series' newest release where they are missing."""
    listed = {release.key: release for release in project.releases}
    for release in framework.releases.all():
        found = listed.get(release.version_key)
        if found is None:
            continue
        changed = []
        if found.yanked != release.is_yanked:
            release.is_yanked = found.yanked
            changed.append("is_yanked")
        python = project.python_versions.get(found.version)
        if python and not release.python_versions:
            release.python_versions = python
            changed.append("python_versions")
        if found.requires_python and not release.requires_python:
            release.requires_python = found.requires_python
            changed.append("requires_python")
        if found.uploaded_at and release.uploaded_on is None:
            release.uploaded_on = _upload_day(found.uploaded_at)
            changed.append("uploaded_on")
        if changed:
            save_with_history(release, user=user, reason=reason)


def check_frameworks(
    frameworks,
    *,
    url,
    timeout=DEFAULT_TIMEOUT,
    pre=False,
    accept=False,
    history=False,
):
    """Read every framework's releases first, then write everything in one transaction.

    Raises ``PackageIndexError`` before writing anything if any read fails.
    """
    fetched = [
        (
            framework,
            read_project(
                framework.package_name,
                url,
                timeout=timeout,
                metadata_for=_needs_metadata(framework, pre=pre, history=history),
            ),
        )
        for framework in frameworks
    ]
    today = timezone.localdate()
    outcomes = []
    with transaction.atomic():
        source = index_source(url, today)
        for framework, project in fetched:
            outcome = _check_one(framework, project, source, today, pre, accept, history)
            outcomes.append(outcome)
        confirmed = [outcome.framework.pk for outcome in outcomes if outcome.confirmed]
        Framework.objects.filter(pk__in=confirmed).exclude(latest_confirmed_on=today).update(
            latest_confirmed_on=today
        )
        forget_data_as_of()
    return outcomes


def _check_one(framework, project, source, today, pre, accept, history):
    outcome = CheckOutcome(framework)
    listed = {release.key: release for release in project.releases}
    for release in framework.releases.filter(
        version_key__in=framework.release_proposals.pending().values("version_key")
    ):
        close_proposals_for(release)
    for proposal in framework.release_proposals.pending().select_related("source"):
        found = listed.get(proposal.version_key)
        # The index confirms a version a benchmark run proposed: cite it, with its date.
        if found and (proposal.source is None or proposal.source.kind != SourceKind.PACKAGE_INDEX):
            proposal.source = source
            proposal.uploaded_at = found.uploaded_at
            proposal.requires_python = found.requires_python
            save_with_history(proposal, reason="Confirmed by the release watcher")
    new = []
    for found in wanted_versions(framework, project, pre=pre, history=history):
        proposal = ReleaseProposal(
            framework=framework,
            version=found.version,
            version_key=found.key,
            uploaded_at=found.uploaded_at,
            requires_python=found.requires_python,
            python_versions=project.python_versions.get(found.version, ""),
            origin=ProposalOrigin.PACKAGE_INDEX,
            source=source,
            found_on=today,
        )
        try:
            proposal.full_clean(exclude=["version_key"])
        except ValidationError as error:
            raise PackageIndexError(f"{proposal}: {'; '.join(error.messages)}.") from None
        new.append(proposal)
    # One query for thousands of versions; their history records in one more.
    ReleaseProposal.objects.bulk_create(new)
    ReleaseProposal.history.bulk_history_create(
        new, default_change_reason="Found by the release watcher"
    )
    outcome.proposed = new
    if accept:
        pending = framework.release_proposals.pending().filter(version_key__in=listed)
        newest = pending.order_by("-version_key").values_list("version_key", flat=True).first()
        if newest:
            outcome.recorded = accept_up_to(framework, newest, reason=WATCHER_REASON)
    _update_recorded(framework, project, source, None, "Read from the package index")
    latest = framework.releases.latest_key()
    newest_final = project.newest_final_key
    outcome.confirmed = latest is not None and (newest_final is None or latest >= newest_final)
    return outcome
