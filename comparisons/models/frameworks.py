import contextlib
import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import OuterRef, Q, Subquery
from django.urls import reverse
from simple_history.models import HistoricalRecords

from comparisons.dates import not_in_future
from comparisons.versions import (
    parse_version,
    series_of,
    validate_requires_python,
    validate_version,
    version_sort_key,
)

from .revision import ContentQuerySet
from .validation import FieldConstraintsModel


class SupportModel(models.TextChoices):
    """What a project's published support policy promises, as far as the site can use it."""

    NONE = "", "No published policy"
    LATEST_ONLY = "latest-only", "Only the newest series gets fixes (no end dates)"
    DATED = "dated", "Each series has end dates (recorded per series)"


class DatePrecision(models.TextChoices):
    DAY = "day", "The day"
    MONTH = "month", "Only the month (stored as its last day)"


class FrameworkQuerySet(ContentQuerySet):
    def published(self):
        return self.filter(is_published=True)

    def with_latest_release(self):
        """Annotate the latest release as readers see it (``ReleaseQuerySet.latest_first``):
        ``latest_version``, its sort key, dates, Python support and source."""
        latest = Release.objects.latest_first(as_shown=True).filter(framework=OuterRef("pk"))
        supported = ReleaseSeries.objects.filter(
            framework=OuterRef("pk"), security_until__isnull=False
        ).order_by("-security_until")
        return self.annotate(
            latest_version=Subquery(latest.values("version")[:1]),
            latest_version_key=Subquery(latest.values("version_key")[:1]),
            latest_uploaded_on=Subquery(latest.values("uploaded_on")[:1]),
            latest_released_on=Subquery(latest.values("released_on")[:1]),
            latest_requires_python=Subquery(latest.values("requires_python")[:1]),
            latest_python_versions=Subquery(latest.values("python_versions")[:1]),
            latest_release_source_id=Subquery(latest.values("source_id")[:1]),
            supported_until=Subquery(supported.values("security_until")[:1]),
            supported_until_precision=Subquery(supported.values("dates_precision")[:1]),
        )


class Framework(FieldConstraintsModel):
    name = models.CharField(max_length=100, unique=True, help_text="As the project spells it.")
    slug = models.SlugField(
        max_length=100,
        unique=True,
        help_text="Used in URLs such as /frameworks/flask/ and /compare/flask-vs-django/. "
        "Lower-case letters, digits and hyphens, without “-vs-”; avoid changing it once published.",
    )
    kind = models.CharField(
        max_length=100,
        help_text="One short phrase, e.g. “Microframework” or “Full-stack web framework”.",
    )
    first_release_year = models.PositiveSmallIntegerField(
        help_text="Year of the first public release."
    )
    creators = models.CharField(
        max_length=200, help_text="Who started it, as shown to readers: “A & B”."
    )
    core_focus = models.CharField(
        max_length=200, help_text="What it optimises for, in a few words."
    )
    summary = models.CharField(
        max_length=300,
        blank=True,
        help_text="One sentence for listings and search engines' descriptions.",
    )
    philosophy = models.TextField(
        blank=True,
        help_text="Markdown (HTML is not allowed). How it is designed, and what that means.",
    )
    homepage_url = models.URLField(blank=True)
    docs_url = models.URLField("documentation URL", blank=True)
    repository_url = models.URLField(blank=True)
    license = models.CharField(max_length=50, blank=True, help_text="SPDX name, e.g. BSD-3-Clause.")
    is_published = models.BooleanField(
        "published",
        default=False,
        help_text="Readers see it only once published: a new framework starts unpublished, "
        "and publishing one with rows missing, unverified or unsourced asks first (see "
        "“Coverage”).",
    )
    position = models.PositiveSmallIntegerField(
        default=0, help_text="Order in tables and lists; lower comes first."
    )
    source = models.ForeignKey(
        "Source",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="frameworks",
        help_text="Where its facts (type, first release, creators, core focus) come from.",
    )
    package_name = models.CharField(
        max_length=100,
        blank=True,
        help_text="Its name on the package index (e.g. flask, fastapi, django); "
        "manage.py check_releases watches it for new releases. Empty: not watched.",
    )
    release_notes_url = models.URLField(
        "release notes URL",
        blank=True,
        help_text="The project's changelog or release notes, for people (not the index's "
        "machine-readable page).",
    )
    support_model = models.CharField(
        max_length=15,
        choices=SupportModel,
        default=SupportModel.NONE,
        blank=True,
        help_text="What the project's published policy promises. With none, readers see “No "
        "published policy” and what the release history shows, labelled as inferred.",
    )
    support_policy = models.TextField(
        blank=True,
        help_text="Markdown: the project's published support policy in a sentence or two, in "
        "our words.",
    )
    support_policy_source = models.ForeignKey(
        "Source",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="support_policies",
        help_text="Where the project publishes its support policy (required with a policy).",
    )
    prereleases_count_as_latest = models.BooleanField(
        "pre-releases can be the latest",
        default=False,
        help_text="Only for a project that publishes nothing but pre-releases: then its newest "
        "pre-release is shown as its latest version.",
    )
    latest_confirmed_on = models.DateField(
        null=True,
        blank=True,
        editable=False,
        help_text="When the release watcher last found no final release on the package index "
        "newer than the latest one recorded here.",
    )

    objects = FrameworkQuerySet.as_manager()

    # The watcher's daily "confirmed on" stamp is bookkeeping, not an edit.
    history = HistoricalRecords(excluded_fields=["latest_confirmed_on"])

    class Meta:
        ordering = ["position", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(first_release_year__gte=1990) & Q(first_release_year__lte=2100),
                name="framework_first_release_year_plausible",
                violation_error_message="The first release year must be between 1990 and 2100.",
            ),
            models.CheckConstraint(
                condition=~Q(slug=""),
                name="framework_slug_not_empty",
                violation_error_message="Enter a slug.",
            ),
            # Comparison permalinks join slugs with "-vs-": /compare/flask-vs-django/.
            models.CheckConstraint(
                condition=~Q(slug__contains="-vs-"),
                name="framework_slug_without_vs",
                violation_error_message="A slug cannot contain “-vs-” (comparison links use it).",
            ),
            models.CheckConstraint(
                condition=(Q(support_policy="") & Q(support_model=""))
                | Q(support_policy_source__isnull=False),
                name="framework_policy_has_source",
                violation_error_message="Cite where the project publishes its support policy.",
            ),
            models.CheckConstraint(
                condition=Q(support_model__in=SupportModel.values),
                name="framework_support_model_valid",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("comparisons:framework-detail", args=[self.slug])


class ReleaseQuerySet(ContentQuerySet):
    def final(self):
        """Releases readers may call “latest”: final versions that were not withdrawn."""
        return self.filter(is_prerelease=False, is_yanked=False)

    def latest_first(self, *, as_shown=False):
        """Final releases, newest first. ``as_shown``: as readers' “latest version” counts
        them, with the pre-releases of a project that publishes only those."""
        if not as_shown:
            return self.final().order_by("-version_key")
        counted = Q(is_prerelease=False) | Q(framework__prereleases_count_as_latest=True)
        return self.filter(counted, is_yanked=False).order_by("-version_key")

    def latest_key(self):
        """The version key of the latest final release; None without one."""
        return self.latest_first().values_list("version_key", flat=True).first()


class Release(FieldConstraintsModel):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="releases")
    version = models.CharField(
        max_length=50,
        validators=[validate_version],
        help_text="A PEP 440 version as published on the package index, e.g. 3.1.0, 0.115.12 "
        "or 5.2. Stored normalised: “v3.1.4” is saved as 3.1.4.",
    )
    version_key = models.CharField(
        max_length=200,
        editable=False,
        help_text="Derived from the version so the database can order releases.",
    )
    series = models.CharField(
        max_length=20,
        editable=False,
        help_text="Derived from the version: its first two numbers (5.2, 3.1, 0.115).",
    )
    is_prerelease = models.BooleanField(
        "pre-release",
        default=False,
        editable=False,
        help_text="Derived from the version (a, b, rc, dev): never shown as the latest.",
    )
    is_yanked = models.BooleanField(
        "yanked",
        default=False,
        help_text="Withdrawn from the package index (PEP 592): kept for the record, never "
        "shown as the latest.",
    )
    uploaded_on = models.DateField(
        null=True,
        blank=True,
        validators=[not_in_future],
        help_text="The day (UTC) its first file reached the package index, as the index "
        "says. Leave empty when no source gives it.",
    )
    released_on = models.DateField(
        null=True,
        blank=True,
        validators=[not_in_future],
        help_text="The release date the project's own changelog or release notes give, when "
        "an editor recorded it (it may differ from the upload day).",
    )
    requires_python = models.CharField(
        "Requires-Python",
        max_length=100,
        blank=True,
        validators=[validate_requires_python],
        help_text="As the package index gives it for this version, e.g. “>=3.10”. Empty: the "
        "index gives none.",
    )
    python_versions = models.CharField(
        "Python versions (classifiers)",
        max_length=200,
        blank=True,
        help_text="The Python versions its “Programming Language :: Python :: 3.x” classifiers "
        "list, space-separated (“3.10 3.11 3.12”), read from the index's metadata. Empty: "
        "not read, or none listed.",
    )
    notes = models.TextField(blank=True, help_text="Markdown. What changed, briefly.")
    source = models.ForeignKey(
        "Source",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="releases",
        help_text="Where this version (and its date) is recorded.",
    )
    source_url = models.URLField(
        blank=True,
        help_text="A page about this version for people: its release notes, or its page on "
        "the package index (https://pypi.org/project/<name>/<version>/).",
    )

    objects = ReleaseQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["version_key", "series", "is_prerelease"])

    class Meta:
        ordering = ["framework", "-version_key"]
        get_latest_by = "version_key"
        constraints = [
            # On the key, not the text: 5.2 and 5.2.0 are one version.
            models.UniqueConstraint(
                fields=["framework", "version_key"],
                name="release_unique_framework_version",
                violation_error_message="This framework already has this version (5.2 = 5.2.0).",
            ),
            models.CheckConstraint(condition=~Q(version_key=""), name="release_version_key_set"),
            models.CheckConstraint(condition=~Q(series=""), name="release_series_set"),
        ]

    def __str__(self):
        return f"{self.framework} {self.version}"

    def save(self, *args, **kwargs):
        # Derived from this row alone, so filling them here hides nothing.
        self.derive_from_version()
        super().save(*args, **kwargs)

    def derive_from_version(self):
        """Normalise the version and fill what follows from it alone (“v3.1.4” → 3.1.4)."""
        version = parse_version(self.version)
        self.version = str(version)
        self.version_key = version_sort_key(self.version)
        self.series = series_of(self.version)
        self.is_prerelease = version.is_prerelease

    def clean_fields(self, exclude=None):
        super().clean_fields(exclude)
        if self.version:
            # An invalid version: the field's own validator has said why.
            with contextlib.suppress(ValidationError):
                self.derive_from_version()

    def clean(self):
        super().clean()
        if not self.version or not self.framework_id:
            return
        try:
            self.derive_from_version()
        except ValidationError as error:
            raise ValidationError({"version": error}) from None
        # Forms skip constraints on fields they do not show, so check the key here.
        same = Release.objects.filter(framework_id=self.framework_id, version_key=self.version_key)
        existing = same.exclude(pk=self.pk).first()
        if existing:
            raise ValidationError(
                {"version": f"{existing.version} is already recorded, and is the same version."}
            )


class ReleaseSeries(FieldConstraintsModel):
    """What a project's published policy says of one release series (e.g. Django 5.2).

    The series' releases, dates and Python support are read from its releases; this row
    holds only what the policy adds: LTS and end dates, each with the policy as source.
    """

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="series")
    name = models.CharField(
        max_length=20,
        help_text="The series as the project numbers it: its first two version numbers "
        "(“5.2”, “3.1”, “0.115”).",
    )
    is_lts = models.BooleanField(
        "long-term support",
        default=False,
        help_text="Only when the project's policy calls this series long-term support (LTS).",
    )
    bugfixes_until = models.DateField(
        null=True,
        blank=True,
        help_text="The last day of bug fixes, as the policy states it. Empty: not stated.",
    )
    security_until = models.DateField(
        null=True,
        blank=True,
        help_text="The last day of security fixes (the end of support), as the policy states "
        "it. Empty: not stated.",
    )
    dates_precision = models.CharField(
        max_length=5,
        choices=DatePrecision,
        default=DatePrecision.DAY,
        help_text="How precisely the source states these dates. A policy that names only the "
        "month (“April 2028”) is stored as that month's last day and shown as the month.",
    )
    source = models.ForeignKey(
        "Source",
        on_delete=models.PROTECT,
        related_name="release_series",
        help_text="The published policy (or announcement) these facts come from.",
    )
    note = models.TextField(
        blank=True, help_text="Markdown, for readers: e.g. an approximate date the policy gives."
    )

    objects = ContentQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["framework", "-name"]
        verbose_name = "release series"
        verbose_name_plural = "release series"
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "name"],
                name="series_unique_per_framework",
                violation_error_message="This framework already has this series.",
            ),
            models.CheckConstraint(
                condition=Q(bugfixes_until__isnull=True)
                | Q(security_until__isnull=True)
                | Q(bugfixes_until__lte=models.F("security_until")),
                name="series_bugfixes_before_security_end",
                violation_error_message="Bug fixes cannot end after security fixes.",
            ),
            models.CheckConstraint(
                condition=Q(dates_precision__in=DatePrecision.values),
                name="series_dates_precision_valid",
            ),
        ]

    def __str__(self):
        return f"{self.framework} {self.name}"

    def day_text(self, day):
        """A date as precisely as the source states it: “30 Apr 2027” or “April 2027”."""
        if day is None:
            return ""
        if self.dates_precision == DatePrecision.MONTH:
            return f"{day:%B %Y}"
        return f"{day.day} {day:%b %Y}"

    def clean(self):
        super().clean()
        for name in ("bugfixes_until", "security_until"):
            day = getattr(self, name)
            if day and self.dates_precision == DatePrecision.MONTH:
                following = (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
                if day != following - datetime.timedelta(days=1):
                    raise ValidationError(
                        {name: "With only the month known, enter that month's last day."}
                    )
        try:
            named = series_of(self.name)
        except ValidationError as error:
            raise ValidationError({"name": error}) from None
        if named != self.name:
            raise ValidationError({"name": f"Write the series as its first two numbers: {named}."})
