"""Sources: where a cell, a release or a benchmark result comes from."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from comparisons.dates import not_in_future

from .revision import ContentQuerySet
from .validation import FieldConstraintsModel


class SourceKind(models.TextChoices):
    ARTICLE = "article", "Published article"
    DOCUMENTATION = "documentation", "Official documentation"
    PACKAGE_INDEX = "package-index", "Package index"
    MEASUREMENT = "measurement", "This site's own measurements"


class Source(FieldConstraintsModel):
    """A citable record: what it is, who published it, and when."""

    Kind = SourceKind

    title = models.CharField(
        max_length=300,
        help_text="As the source gives it. If it gives none, describe it plainly and say so "
        "in the note; never invent one.",
    )
    publisher = models.CharField(
        max_length=200,
        blank=True,
        help_text="Who published it (a site, a project, a person). Empty if the source does "
        "not say.",
    )
    kind = models.CharField(max_length=20, choices=SourceKind, default=SourceKind.ARTICLE)
    url = models.URLField(
        "URL", blank=True, help_text="Only a URL you have opened; leave empty if unknown."
    )
    published_year = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="When the source gives only a year (readers then see only the year).",
    )
    published_on = models.DateField(
        null=True,
        blank=True,
        validators=[not_in_future],
        help_text="The publication date, when the source gives a full date.",
    )
    accessed_on = models.DateField(
        null=True,
        blank=True,
        validators=[not_in_future],
        help_text="When an editor (or the release watcher) last read it.",
    )
    note = models.TextField(
        blank=True, help_text="What this source is, and what it does not say (for editors)."
    )

    objects = ContentQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["title", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(title=""),
                name="source_title_not_empty",
                violation_error_message="Enter the source's title.",
            ),
            models.CheckConstraint(
                condition=Q(published_year__isnull=False)
                | Q(published_on__isnull=False)
                | Q(accessed_on__isnull=False),
                name="source_has_a_date",
                violation_error_message="Give the year or date it was published, or the date "
                "it was accessed.",
            ),
            models.CheckConstraint(
                condition=Q(published_year__isnull=True)
                | (Q(published_year__gte=1990) & Q(published_year__lte=2100)),
                name="source_published_year_plausible",
                violation_error_message="The year must be between 1990 and 2100.",
            ),
            models.UniqueConstraint(
                fields=["url"],
                condition=~Q(url=""),
                name="source_unique_url",
                violation_error_message="Another source already has this URL.",
            ),
        ]

    def __str__(self):
        return self.citation

    @property
    def date_text(self):
        """“2025”, “13 November 2024” or “accessed 1 December 2026”: never more than known."""
        if self.published_on:
            return f"{self.published_on.day} {self.published_on:%B %Y}"
        if self.published_year:
            return str(self.published_year)
        if self.accessed_on:
            return f"accessed {self.accessed_on.day} {self.accessed_on:%B %Y}"
        return ""

    @property
    def citation(self):
        parts = [self.title, self.publisher]
        text = ", ".join(part for part in parts if part)
        return f"{text} ({self.date_text})" if self.date_text else text

    def clean(self):
        super().clean()
        if (
            self.published_on
            and self.published_year
            and self.published_on.year != self.published_year
        ):
            raise ValidationError(
                {"published_year": "The year differs from the publication date's year."}
            )
        if self.published_year and self.published_year > timezone.localdate().year:
            raise ValidationError({"published_year": "This year is in the future."})
