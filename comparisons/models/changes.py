"""The public change log: one row per recorded change to the comparison data."""

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Case, Exists, OuterRef, Q, Subquery, Value, When

from .articles import Article, ArticleSection
from .frameworks import Framework
from .revision import ContentQuerySet


class ChangeAction(models.TextChoices):
    # The same codes as django-simple-history's history_type.
    CREATED = "+", "Added"
    CHANGED = "~", "Changed"
    DELETED = "-", "Removed"


class ChangeLogEntryQuerySet(ContentQuerySet):
    def public(self):
        """Entries readers may see: their owner is published now, or was when it was deleted.

        Derived when read, like Django's ``LogEntry``: publishing a framework later
        reveals the entries written while it was a draft.
        """
        return self.filter(
            _owner_visible("framework", Framework), _owner_visible("article", Article)
        )

    def with_links(self):
        """What ``object_url`` needs, in the same query: owners, and whether the object is gone."""
        removed = ChangeLogEntry.objects.filter(
            content_type=OuterRef("content_type"),
            object_id=OuterRef("object_id"),
            action=ChangeAction.DELETED,
        )
        anchor = ArticleSection.objects.filter(pk=OuterRef("object_id")).values("anchor")[:1]
        return self.select_related("content_type", "framework", "article").annotate(
            object_removed=Exists(removed),
            section_anchor=Case(
                When(
                    content_type__app_label="comparisons",
                    content_type__model="articlesection",
                    then=Subquery(anchor),
                ),
                default=Value(""),
            ),
        )


def _owner_visible(name, model):
    deleted_while_published = model.history.filter(
        id=OuterRef(f"{name}_id"), history_type=ChangeAction.DELETED, is_published=True
    )
    return (
        Q(**{f"{name}_id__isnull": True})
        | Q(**{f"{name}__is_published": True})
        | Exists(deleted_while_published)
    )


class ChangeLogEntry(models.Model):
    """Derived from the history records; shows what changed and when, never who."""

    changed_at = models.DateTimeField(db_index=True)
    action = models.CharField(max_length=1, choices=ChangeAction)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField()
    object_repr = models.CharField(max_length=300)
    headline = models.CharField(
        max_length=300,
        blank=True,
        help_text="The sentence readers see, where “Changed X” says too little: "
        "“Django 6.1.3 released (uploaded to the package index on 3 Nov 2026)”.",
    )
    changes = models.JSONField(
        default=list, blank=True, help_text='[{"field": label, "old": text, "new": text}]'
    )
    history_id = models.PositiveBigIntegerField(help_text="The history record this came from.")
    # The published thing the changed row belongs to (None for shared data such as
    # attributes). Not a constraint: the log outlives what it describes.
    framework = models.ForeignKey(
        Framework,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
        help_text="The framework whose page shows the changed row.",
    )
    article = models.ForeignKey(
        Article,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
        help_text="The article whose page shows the changed row.",
    )

    objects = ChangeLogEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-changed_at", "-pk"]
        get_latest_by = "changed_at"
        verbose_name_plural = "change log entries"
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "history_id"], name="changelog_one_entry_per_history"
            ),
            models.CheckConstraint(
                condition=Q(action__in=ChangeAction.values), name="changelog_action_valid"
            ),
        ]

    def __str__(self):
        return f"{self.get_action_display()} {self.object_repr}"

    @property
    def object_url(self):
        """The page showing the changed object now, or "" once it is removed."""
        entry = self
        if not hasattr(self, "object_removed"):
            entry = type(self).objects.with_links().get(pk=self.pk)
        if entry.object_removed:
            return ""
        owner = entry.framework or entry.article
        if owner is None:
            return ""
        url = owner.get_absolute_url()
        return f"{url}#{entry.section_anchor}" if entry.section_anchor else url

    @property
    def kind(self):
        return self.content_type.model_class()._meta.verbose_name
