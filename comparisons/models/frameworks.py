from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import OuterRef, Q, Subquery
from django.urls import reverse
from simple_history.models import HistoricalRecords

from comparisons.cache import ContentQuerySet
from comparisons.dates import not_in_future
from comparisons.versions import validate_version, version_sort_key


class FrameworkQuerySet(ContentQuerySet):
    def published(self):
        return self.filter(is_published=True)

    def with_latest_release(self):
        """Annotate ``latest_version``, its sort key, date and source (highest PEP 440 version)."""
        latest = Release.objects.filter(framework=OuterRef("pk")).order_by("-version_key")
        return self.annotate(
            latest_version=Subquery(latest.values("version")[:1]),
            latest_version_key=Subquery(latest.values("version_key")[:1]),
            latest_release_date=Subquery(latest.values("released_on")[:1]),
            latest_release_source_id=Subquery(latest.values("source_id")[:1]),
        )


class Framework(models.Model):
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
        "published", default=True, help_text="Unpublished frameworks are hidden from readers."
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
    versions_checked_on = models.DateField(
        null=True,
        blank=True,
        editable=False,
        help_text="When check_releases last read its releases from the package index.",
    )

    objects = FrameworkQuerySet.as_manager()

    # The watcher's daily "checked on" stamp is bookkeeping, not an edit.
    history = HistoricalRecords(excluded_fields=["versions_checked_on"])

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
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("comparisons:framework-detail", args=[self.slug])


class Release(models.Model):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="releases")
    version = models.CharField(
        max_length=50,
        validators=[validate_version],
        help_text="A PEP 440 version as published on PyPI, e.g. 3.1.0, 0.115.12 or 5.2.",
    )
    version_key = models.CharField(
        max_length=200,
        editable=False,
        help_text="Derived from the version so the database can order releases.",
    )
    released_on = models.DateField(
        null=True,
        blank=True,
        validators=[not_in_future],
        help_text="Date it reached the package index. Leave empty when no source gives it.",
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
        blank=True, help_text="The exact page within the source, e.g. the release notes."
    )

    objects = ContentQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["version_key"])

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
        ]

    def __str__(self):
        return f"{self.framework} {self.version}"

    def save(self, *args, **kwargs):
        # The sort key is derived from this row alone, so filling it here hides nothing.
        self.version_key = version_sort_key(self.version)
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if not self.version or not self.framework_id:
            return
        try:
            self.version_key = version_sort_key(self.version)
        except ValidationError as error:
            raise ValidationError({"version": error}) from None
        # Forms skip constraints on fields they do not show, so check the key here.
        same = Release.objects.filter(framework_id=self.framework_id, version_key=self.version_key)
        existing = same.exclude(pk=self.pk).first()
        if existing:
            raise ValidationError(
                {"version": f"{existing.version} is already recorded, and is the same version."}
            )
