"""The content revision: infrastructure, not comparison data.

One row whose number every committed write to the comparison data changes. Cached pages
are stored under the number they were rendered at (``config/infrastructure/http_cache.py``); it
lives in the database so that no cache outage or worker restart can lose a change.
"""

from django.db import models


class ContentRevision(models.Model):
    number = models.BigIntegerField(
        default=0, help_text="Changed by the site after every write; never edited by hand."
    )

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(pk=1), name="content_revision_single_row")
        ]

    def __str__(self):
        return f"Content revision {self.number}"
