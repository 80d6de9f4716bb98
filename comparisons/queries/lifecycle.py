"""Release series and their support lifecycle, read from the releases and the published
policies: what endoflife.date shows for some projects, here for every framework.

A series is a version's first two numbers (Django 5.2, Flask 3.1, FastAPI 0.165). Its first
and latest release and its Python support come from the releases (the index's metadata);
LTS and end dates only from a policy the project publishes (``ReleaseSeries`` rows, each
citing it). Without one, the status says what the release history shows, labelled as
inferred: never a promise.
"""

from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone
from django.utils.formats import date_format
from packaging.specifiers import InvalidSpecifier, SpecifierSet

from comparisons.models import Release, ReleaseSeries, Source, SupportModel


def day_text(day: date) -> str:
    return date_format(day, "j M Y")


def _version_tuple(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split("."))


@dataclass(frozen=True)
class PythonSupport:
    """The Python versions a release supports, by its own metadata: the minor versions its
    classifiers list that its Requires-Python also allows; Requires-Python alone where it
    lists none; unknown where the index gives neither."""

    classifiers: tuple[str, ...] = ()
    requires_python: str = ""

    @classmethod
    def of(cls, python_versions: str, requires_python: str) -> "PythonSupport":
        return cls(tuple((python_versions or "").split()), requires_python or "")

    @property
    def versions(self) -> tuple[str, ...]:
        try:
            allowed = SpecifierSet(self.requires_python)
        except InvalidSpecifier:
            allowed = SpecifierSet()
        return tuple(v for v in self.classifiers if allowed.contains(v, prereleases=True))

    def allows(self, version: str) -> bool:
        """Whether it supports ``version``: one its classifiers list, or, where they list
        none, one its Requires-Python allows."""
        if self.classifiers:
            return version in self.versions
        try:
            # An unreadable Requires-Python says nothing: it allows no version here.
            return bool(self.requires_python) and SpecifierSet(self.requires_python).contains(
                version, prereleases=True
            )
        except InvalidSpecifier:
            return False

    @property
    def text(self) -> str:
        versions = self.versions
        if versions:
            contiguous = all(
                _version_tuple(b) == (*_version_tuple(a)[:-1], _version_tuple(a)[-1] + 1)
                for a, b in zip(versions, versions[1:], strict=False)
            )
            if len(versions) > 1 and contiguous:
                return f"{versions[0]}–{versions[-1]}"
            return ", ".join(versions)
        if self.requires_python:
            return f"Requires-Python {self.requires_python}"
        return "Unknown"

    @property
    def note(self) -> str:
        if self.versions:
            return "From the classifiers of the release's metadata on the package index."
        if self.requires_python:
            return (
                "Its metadata lists no Python version classifiers, so only its Requires-Python "
                "is known: no newest supported version is stated."
            )
        return "The package index gives neither classifiers nor Requires-Python for it."

    @property
    def sort_key(self) -> tuple | None:
        """Newest supported version first, then oldest: (newest, oldest) as int tuples."""
        versions = self.versions
        if versions:
            return (_version_tuple(versions[-1]), _version_tuple(versions[0]))
        floor = _requires_floor(self.requires_python)
        return None if floor is None else ((0,), floor)


def _requires_floor(requires_python: str) -> tuple[int, ...] | None:
    try:
        specifiers = SpecifierSet(requires_python)
    except InvalidSpecifier:
        return None
    floors = [
        _version_tuple(".".join(spec.version.split(".")[:2]))
        for spec in specifiers
        if spec.operator in (">=", ">", "~=") and spec.version.replace(".", "").isdigit()
    ]
    return max(floors, default=None)


class Status:
    SUPPORTED = "supported"
    SECURITY = "security"
    ENDED = "ended"
    NEWEST = "newest"
    SUPERSEDED = "superseded"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class SupportStatus:
    state: str
    text: str
    until: date | None = None
    inferred: bool = False
    source: Source | None = None


def policy_status(policy: ReleaseSeries, today: date) -> SupportStatus:
    """What the published policy says of the series today, as precisely as it says it."""
    bugfixes, security = policy.bugfixes_until, policy.security_until
    shown = policy.day_text
    source = policy.source
    if security and today > security:
        return SupportStatus(Status.ENDED, f"Ended {shown(security)}", security, False, source)
    if bugfixes and today > bugfixes and security:
        text = f"Security fixes only, until {shown(security)}"
        return SupportStatus(Status.SECURITY, text, security, False, source)
    if security:
        text = f"Supported until {shown(security)}"
        if bugfixes:
            text += f"; bug fixes until {shown(bugfixes)}"
        return SupportStatus(Status.SUPPORTED, text, security, False, source)
    text = "Long-term support; end date not published" if policy.is_lts else "No end date published"
    return SupportStatus(Status.UNKNOWN, text, None, False, source)


def latest_only_status(series: "Series", newest: bool, source: Source | None) -> SupportStatus:
    """A policy that supports only the newest series, applied to one series."""
    if newest:
        return SupportStatus(Status.SUPPORTED, "Supported: the newest series", source=source)
    started = series.successor_started
    text = f"Unsupported since {day_text(started)}" if started else "Unsupported"
    return SupportStatus(Status.ENDED, text, source=source)


@dataclass
class Series:
    """One release series: its final releases (newest first) and what is known of it."""

    name: str
    releases: list[Release]
    policy: ReleaseSeries | None = None
    status: SupportStatus | None = None
    successor_started: date | None = None

    @property
    def first(self) -> Release:
        return self.releases[-1]

    @property
    def latest(self) -> Release:
        return self.releases[0]

    @property
    def is_lts(self) -> bool:
        return bool(self.policy and self.policy.is_lts)

    @property
    def python(self) -> PythonSupport:
        return PythonSupport.of(self.latest.python_versions, self.latest.requires_python)


def inferred_status(series: Series, newest: bool) -> SupportStatus:
    """What the release history shows of a series without a published policy."""
    last = series.latest.uploaded_on
    if newest:
        return SupportStatus(
            Status.NEWEST,
            "Newest series" + (f"; last release {day_text(last)}" if last else ""),
            inferred=True,
        )
    started = series.successor_started
    if last and started and last > started:
        text = f"Released fixes after its successor began; last {day_text(last)}"
    elif started:
        text = f"Superseded {day_text(started)}; no release since"
    else:
        text = "Superseded by a newer series"
    return SupportStatus(Status.SUPERSEDED, text, inferred=True)


@dataclass
class Lifecycle:
    series: list[Series] = field(default_factory=list)  # newest first
    has_policy: bool = False

    @property
    def supported_until(self) -> SupportStatus | None:
        """The series the policy supports longest, if the project publishes a policy."""
        dated = [
            s.status for s in self.series if s.status and s.status.until and not s.status.inferred
        ]
        return max(dated, key=lambda status: status.until, default=None)


def lifecycle(framework, releases: list[Release], today: date | None = None) -> Lifecycle:
    """The framework's series from its releases (any order), with their status; one query,
    for the policy's rows."""
    today = today or timezone.localdate()
    finals = sorted(
        (r for r in releases if not r.is_prerelease and not r.is_yanked),
        key=lambda release: release.version_key,
        reverse=True,
    )
    grouped: dict[str, list[Release]] = {}
    for release in finals:
        grouped.setdefault(release.series, []).append(release)
    series = [Series(name, items) for name, items in grouped.items()]
    policies = {
        row.name: row
        for row in ReleaseSeries.objects.filter(framework=framework).select_related("source")
    }
    latest_only = framework.support_model == SupportModel.LATEST_ONLY
    for index, item in enumerate(series):
        newer = series[index - 1] if index else None
        item.successor_started = newer.first.uploaded_on if newer else None
        item.policy = policies.get(item.name)
        if item.policy:
            item.status = policy_status(item.policy, today)
        elif latest_only:
            source = framework.support_policy_source
            item.status = latest_only_status(item, index == 0, source)
        else:
            item.status = inferred_status(item, newest=index == 0)
    return Lifecycle(series, has_policy=bool(framework.support_model))


def supported_until_text(until: date, month_only: bool, today: date | None = None) -> str:
    today = today or timezone.localdate()
    shown = f"{until:%B %Y}" if month_only else day_text(until)
    return f"Ended {shown}" if until < today else shown


def timeline_rows(life: Lifecycle) -> list[tuple]:
    """The rows ``charts.timeline`` draws: (label, first day, last release day, end of
    support or None, text, inferred), newest series first."""
    rows = []
    for item in life.series:
        status = item.status
        until = status.until if status and not status.inferred else None
        first, last = item.first.uploaded_on, item.latest.uploaded_on
        label = f"{item.name} LTS" if item.is_lts else item.name
        if until:
            text = f"to {item.policy.day_text(until)}"
        elif last:
            text = f"last {day_text(last)}"
        else:
            text = ""
        rows.append((label, first, last, until, text, status.inferred if status else True))
    return rows
