"""PEP 440 version validation and a sort key that orders like ``packaging.version``.

The key is a plain string so the database can order releases and pick the latest
one in a subquery, instead of loading every release into Python.
"""

from django.core.exceptions import ValidationError
from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.version import InvalidVersion, Version

# Release segments beyond this many compare as if absent; 9-digit parts cover
# calendar versions such as 20251125.
_RELEASE_PARTS = 6
_PART_WIDTH = 9
_PRE_PHASES = {"a": "1", "b": "2", "rc": "3"}


def parse_version(text: str) -> Version:
    """Parse ``text`` as a PEP 440 version or raise ``ValidationError``."""
    try:
        return Version(text)
    except InvalidVersion:
        raise ValidationError(
            "“%(value)s” is not a valid PEP 440 version (for example 3.1.0, 5.2 or 2.0rc1).",
            code="invalid_version",
            params={"value": text},
        ) from None


def validate_version(text: str) -> None:
    parse_version(text)


def _number(value: int) -> str:
    if value >= 10**_PART_WIDTH:
        raise ValidationError(
            "Version numbers above %(limit)s are not supported.",
            code="version_too_large",
            params={"limit": 10**_PART_WIDTH - 1},
        )
    return str(value).zfill(_PART_WIDTH)


def version_sort_key(text: str) -> str:
    """A string whose ordering matches PEP 440 ordering of the versions.

    Local version labels (``+ubuntu1``) are ignored: they never name an upstream release.
    """
    version = parse_version(text)
    release = list(version.release[:_RELEASE_PARTS])
    # Trailing zeros do not change a version: 5.2 == 5.2.0.
    while len(release) > 1 and release[-1] == 0:
        release.pop()
    release += [0] * (_RELEASE_PARTS - len(release))
    parts = [_number(version.epoch), *map(_number, release)]

    # Within one release: dev-only < alpha < beta < rc < final < post.
    if version.pre is not None:
        phase, number = version.pre
        parts.append(_PRE_PHASES[phase] + _number(number))
    elif version.dev is not None and version.post is None:
        parts.append("0" + _number(0))
    else:
        parts.append("4" + _number(0))
    parts.append("0" + _number(0) if version.post is None else "1" + _number(version.post))
    parts.append("1" + _number(0) if version.dev is None else "0" + _number(version.dev))
    return ".".join(parts)


def series_of(text: str) -> str:
    """The release series a version belongs to: its first two numbers (“5.2.19” → “5.2”,
    “6.0” → “6.0”, “3” → “3.0”), with the epoch where there is one."""
    version = parse_version(text)
    major, minor = (*version.release, 0)[:2]
    series = f"{major}.{minor}"
    return f"{version.epoch}!{series}" if version.epoch else series


def validate_requires_python(text: str) -> None:
    """A field validator: a PEP 440 version specifier set such as “>=3.10” or “>=3.8,<4”."""
    if not text:
        return
    try:
        SpecifierSet(text)
    except InvalidSpecifier:
        raise ValidationError(
            "“%(value)s” is not a version specifier (for example >=3.10 or >=3.8,<4).",
            code="invalid_specifier",
            params={"value": text},
        ) from None
