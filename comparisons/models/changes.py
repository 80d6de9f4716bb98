"""The public change log: one row per recorded change to the comparison data."""

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q

from comparisons.cache import ContentQuerySet


class ChangeAction(models.TextChoices):
    # The same codes as django-simple-history's history_type.
    CREATED = "+", "Added"
    CHANGED = "~", "Changed"
    DELETED = "-", "Removed"


class ChangeLogEntryQuerySet(ContentQuerySet):
    def public(self):
        return self.filter(is_public=True)


class ChangeLogEntry(models.Model):
    """Derived from the history records; shows what changed and when, never who."""

    changed_at = models.DateTimeField(db_index=True)
    action = models.CharField(max_length=1, choices=ChangeAction)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField()
    object_repr = models.CharField(max_length=300)
    object_url = models.CharField(max_length=300, blank=True)
    changes = models.JSONField(
        default=list, blank=True, help_text='[{"field": label, "old": text, "new": text}]'
    )
    history_id = models.PositiveBigIntegerField(help_text="The history record this came from.")
    is_public = models.BooleanField(
        default=True, help_text="False while the thing changed is not published."
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
    def kind(self):
        return self.content_type.model_class()._meta.verbose_name
