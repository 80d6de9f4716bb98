"""Advice for readers: scenarios with ranked recommendations, and pros and cons."""

from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from .frameworks import Framework
from .revision import ContentQuerySet
from .validation import FieldConstraintsModel


class Scenario(FieldConstraintsModel):
    name = models.CharField(
        max_length=200,
        unique=True,
        help_text="A reader's situation, e.g. “Building a small REST API”.",
    )
    slug = models.SlugField(max_length=200, unique=True)
    description = models.TextField(blank=True, help_text="Markdown. Why the recommendations fit.")
    position = models.PositiveSmallIntegerField(default=0, help_text="Lower comes first.")

    objects = ContentQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "name"]

    def __str__(self):
        return self.name


class Recommendation(FieldConstraintsModel):
    scenario = models.ForeignKey(Scenario, on_delete=models.CASCADE, related_name="recommendations")
    framework = models.ForeignKey(
        Framework, on_delete=models.CASCADE, related_name="recommendations"
    )
    rank = models.PositiveSmallIntegerField(default=1, help_text="1 is the first choice.")
    qualifier = models.CharField(
        max_length=100,
        blank=True,
        help_text="Shown after the framework's name: “Channels” gives “Django Channels”.",
    )
    reason = models.TextField(blank=True, help_text="Markdown. Why it fits this scenario.")

    objects = ContentQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["scenario", "rank", "framework"]
        constraints = [
            models.UniqueConstraint(
                fields=["scenario", "framework"],
                name="recommendation_unique_framework_per_scenario",
                violation_error_message="This framework is already recommended for this scenario.",
            ),
            models.UniqueConstraint(
                fields=["scenario", "rank"],
                name="recommendation_unique_rank_per_scenario",
                violation_error_message="Another recommendation of this scenario has this rank.",
            ),
            models.CheckConstraint(
                condition=Q(rank__gte=1),
                name="recommendation_rank_positive",
                violation_error_message="Ranks start at 1.",
            ),
        ]

    def __str__(self):
        return f"{self.framework.name} {self.qualifier}".strip()


class ProConKind(models.TextChoices):
    PRO = "pro", "Pro"
    CON = "con", "Con"


class ProCon(FieldConstraintsModel):
    Kind = ProConKind

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="pros_and_cons")
    kind = models.CharField(max_length=3, choices=ProConKind)
    text = models.CharField(max_length=300, help_text="One point, as a short phrase.")
    position = models.PositiveSmallIntegerField(
        default=0, help_text="Order among this framework's pros or cons."
    )
    article = models.ForeignKey(
        "Article",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="pros_and_cons",
        help_text="Set when the point is an article's claim: shown in that article, as it said "
        "it. Empty: the site's own point, shown on the framework's page.",
    )
    source = models.ForeignKey(
        "Source",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="pros_and_cons",
        help_text="The documentation the point rests on (an article's claims cite the article).",
    )
    note = models.TextField(
        blank=True,
        help_text="Markdown, for readers: what holds now, where an article's point has dated "
        "(cite the source in the text).",
    )

    objects = ContentQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["framework", "kind", "position", "pk"]
        verbose_name = "pro or con"
        verbose_name_plural = "pros and cons"
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=ProConKind.values), name="procon_kind_valid"
            ),
            models.UniqueConstraint(
                fields=["framework", "kind", "text"],
                condition=Q(article__isnull=True),
                name="procon_unique_text",
                violation_error_message="This framework already lists this point.",
            ),
            models.UniqueConstraint(
                fields=["framework", "kind", "text", "article"],
                condition=Q(article__isnull=False),
                name="procon_unique_text_per_article",
                violation_error_message="The article already lists this point.",
            ),
            models.CheckConstraint(
                condition=~Q(text=""),
                name="procon_text_not_empty",
                violation_error_message="Write the point.",
            ),
        ]

    def __str__(self):
        return f"{self.framework} {self.get_kind_display().lower()}: {self.text}"
