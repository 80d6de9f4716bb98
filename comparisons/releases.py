"""The release watcher: new upstream versions from the package index become proposals.

The index is read through its Simple API with ``pypi-simple`` (PEP 691 JSON, or PEP 503
HTML; upload times from PEP 700, which only the JSON form carries). Versions are compared
with ``packaging``. Accepting a proposal, here or in the admin, records a Release that
cites the index, in history under whoever accepted it.
"""

from dataclasses import dataclass
from datetime import datetime

import requests
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version
from pypi_simple import (
    NoSuchProjectError,
    PyPISimple,
    UnsupportedContentTypeError,
    UnsupportedRepoVersionError,
)

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
from .versions import version_sort_key

PUBLIC_INDEX_URL = "https://pypi.org/simple/"
DEFAULT_TIMEOUT = 10
WATCHER_REASON = "Recorded by the release watcher (manage.py check_releases --accept)"
BENCHMARK_SOURCE_TITLE = "Measured by this site with manage.py run_benchmarks"


class PackageIndexError(Exception):
    """The index could not be read, or said something we cannot trust. One line for people."""


@dataclass(frozen=True)
class UpstreamRelease:
    version: str
    uploaded_at: datetime | None

    @property
    def key(self):
        return version_sort_key(self.version)


def index_url():
    return getattr(settings, "PACKAGE_INDEX_URL", PUBLIC_INDEX_URL) or PUBLIC_INDEX_URL


def _normalised_endpoint(url):
    return url if url.endswith("/") else url + "/"


def fetch_releases(package, url, *, timeout=DEFAULT_TIMEOUT, pre=False):
    """The package's versions on the index that have at least one file not yanked."""
    url = _normalised_endpoint(url)
    try:
        with PyPISimple(endpoint=url) as client:
            page = client.get_project_page(package, timeout=timeout)
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
        # ValueError covers invalid JSON and pydantic's validation errors.
        reason = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise PackageIndexError(
            f"{package}: {url} sent a page that is not a valid Simple API response ({reason})."
        ) from None
    except requests.RequestException as error:
        raise PackageIndexError(
            f"{package}: cannot reach {url} ({type(error).__name__})."
        ) from None

    upload_times = {}
    for package_file in page.packages:
        if package_file.is_yanked or not package_file.version:
            continue
        try:
            version = Version(package_file.version)
        except InvalidVersion:
            raise PackageIndexError(
                f"{package}: the index lists “{package_file.version}” "
                f"({package_file.filename}), which is not a PEP 440 version."
            ) from None
        if version.is_prerelease and not pre:
            continue
        text = str(version)
        earliest = upload_times.get(text)
        uploaded = package_file.upload_time
        if text not in upload_times or (uploaded and (earliest is None or uploaded < earliest)):
            upload_times[text] = uploaded
    return [UpstreamRelease(version, uploaded) for version, uploaded in upload_times.items()]


def index_source(url, today=None):
    """The Source that releases read from this index cite (one per index URL)."""
    url = _normalised_endpoint(url)
    today = today or timezone.localdate()
    source = Source.objects.filter(kind=SourceKind.PACKAGE_INDEX, url=url).first()
    if source is None:
        public = url == PUBLIC_INDEX_URL
        source = Source(
            kind=SourceKind.PACKAGE_INDEX,
            url=url,
            title="Python Package Index (PyPI), Simple API" if public else f"Package index {url}",
            publisher="Python Software Foundation" if public else "",
            accessed_on=today,
            note="Versions and upload times read by manage.py check_releases.",
        )
        source._change_reason = "Created by the release watcher"
        source.save()
    elif source.accessed_on != today:
        source.accessed_on = today
        source._change_reason = "Read by the release watcher"
        source.save()
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
        source._change_reason = "Created by manage.py run_benchmarks"
        source.save()
    elif source.accessed_on is None or source.accessed_on < today:
        source.accessed_on = today
        source._change_reason = "Measured by manage.py run_benchmarks"
        source.save()
    return source


def latest_known_key(framework):
    return (
        Release.objects.filter(framework=framework)
        .order_by("-version_key")
        .values_list("version_key", flat=True)
        .first()
    )


def new_versions(framework, upstream):
    """Upstream versions newer than the latest known release and never proposed before."""
    latest = latest_known_key(framework)
    proposed = set(
        ReleaseProposal.objects.filter(framework=framework).values_list("version_key", flat=True)
    )
    newer = [release for release in upstream if latest is None or release.key > latest]
    return sorted(
        (release for release in newer if release.key not in proposed), key=lambda r: r.key
    )


def _release_date(uploaded_at):
    return timezone.localtime(uploaded_at).date() if uploaded_at else None


def accept_proposal(proposal, *, user=None, reason):
    """Record the proposal as a Release citing its source; link the results that measured it."""
    with transaction.atomic():
        source = proposal.source
        source_url = ""
        if source and source.kind == SourceKind.PACKAGE_INDEX and source.url:
            source_url = f"{source.url}{canonicalize_name(proposal.framework.package_name)}/"
        release = Release(
            framework=proposal.framework,
            version=proposal.version,
            released_on=_release_date(proposal.uploaded_at),
            source=source,
            source_url=source_url,
        )
        try:
            release.full_clean()
        except ValidationError as error:
            messages = "; ".join(error.messages)
            raise PackageIndexError(f"{proposal}: cannot be recorded ({messages}).") from None
        release._history_user = user
        release._change_reason = reason
        release.save()
        proposal.state = ProposalState.ACCEPTED
        proposal.release = release
        proposal._history_user = user
        proposal._change_reason = reason
        proposal.save()
        link_measured_results(release, user=user, reason=reason)
    return release


def dismiss_proposal(proposal, *, user=None, reason="Dismissed"):
    proposal.state = ProposalState.DISMISSED
    proposal._history_user = user
    proposal._change_reason = reason
    proposal.save()


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
            result.release = release
            result._history_user = user
            result._change_reason = reason
            result.save()


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
    proposal._change_reason = "Proposed by manage.py run_benchmarks (measured this version)"
    proposal.save()
    return proposal


@dataclass
class CheckOutcome:
    framework: Framework
    proposed: list
    recorded: list


def check_frameworks(frameworks, *, url, timeout=DEFAULT_TIMEOUT, pre=False, accept=False):
    """Read every framework's releases first, then write everything in one transaction.

    Raises ``PackageIndexError`` before writing anything if any read fails.
    """
    fetched = [
        (framework, fetch_releases(framework.package_name, url, timeout=timeout, pre=pre))
        for framework in frameworks
    ]
    today = timezone.localdate()
    outcomes = []
    with transaction.atomic():
        source = None
        for framework, upstream in fetched:
            outcome = CheckOutcome(framework, [], [])
            pending = {
                proposal.version_key: proposal
                for proposal in framework.release_proposals.filter(state=ProposalState.PENDING)
            }
            listed = {release.key: release for release in upstream}
            for key, proposal in pending.items():
                # The index confirms a version a benchmark run proposed: cite it, with its date.
                found = listed.get(key)
                if (
                    found
                    and proposal.origin != ProposalOrigin.PACKAGE_INDEX
                    and (
                        proposal.source is None or proposal.source.kind != SourceKind.PACKAGE_INDEX
                    )
                ):
                    source = source or index_source(url, today)
                    proposal.source = source
                    proposal.uploaded_at = found.uploaded_at
                    proposal._change_reason = "Confirmed by the release watcher"
                    proposal.save()
            for found in new_versions(framework, upstream):
                source = source or index_source(url, today)
                proposal = ReleaseProposal(
                    framework=framework,
                    version=found.version,
                    uploaded_at=found.uploaded_at,
                    origin=ProposalOrigin.PACKAGE_INDEX,
                    source=source,
                    found_on=today,
                )
                proposal._change_reason = "Found by the release watcher"
                try:
                    proposal.full_clean(exclude=["version_key"])
                except ValidationError as error:
                    raise PackageIndexError(f"{proposal}: {'; '.join(error.messages)}.") from None
                proposal.save()
                outcome.proposed.append(proposal)
                if accept:
                    outcome.recorded.append(
                        accept_proposal(proposal, user=None, reason=WATCHER_REASON)
                    )
            if accept:
                for key, proposal in sorted(pending.items()):
                    if key in listed:
                        outcome.recorded.append(
                            accept_proposal(proposal, user=None, reason=WATCHER_REASON)
                        )
            outcomes.append(outcome)
        checked = [framework.pk for framework, _ in fetched]
        Framework.objects.filter(pk__in=checked).exclude(versions_checked_on=today).update(
            versions_checked_on=today
        )
    return outcomes
