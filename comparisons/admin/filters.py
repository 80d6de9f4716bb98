from datetime import timedelta

from django.conf import settings
from django.contrib import admin
from django.db.models import F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from comparisons.models import Release


def with_latest_release_date(cells):
    latest = Release.objects.latest_first().filter(framework=OuterRef("framework"))
    day = Coalesce("released_on", "uploaded_on")
    return cells.annotate(
        framework_released_on=Subquery(latest.annotate(day=day).values("day")[:1])
    )


def stale_cells(cells, reason="any"):
    """Cells never verified, verified too long ago, or before their framework's latest release."""
    cutoff = timezone.localdate() - timedelta(days=settings.STALE_AFTER_DAYS)
    reasons = {
        "never": Q(verified_on__isnull=True),
        "old": Q(verified_on__lt=cutoff),
        "release": Q(verified_on__lt=F("framework_released_on")),
    }
    cells = with_latest_release_date(cells)
    if reason == "any":
        return cells.filter(reasons["never"] | reasons["old"] | reasons["release"])
    return cells.filter(reasons[reason])


def stale_reasons(cell) -> list[str]:
    """Why a cell needs checking, in words (a cell from ``with_latest_release_date``)."""
    if cell.verified_on is None:
        return ["never verified"]
    reasons = []
    cutoff = timezone.localdate() - timedelta(days=settings.STALE_AFTER_DAYS)
    if cell.verified_on < cutoff:
        reasons.append(f"verified over {settings.STALE_AFTER_DAYS} days ago")
    released = getattr(cell, "framework_released_on", None)
    if released and cell.verified_on < released:
        reasons.append(f"verified before its framework's latest release ({released:%-d %b %Y})")
    return reasons


class VerificationFilter(admin.SimpleListFilter):
    title = "verification"
    parameter_name = "verification"

    def lookups(self, request, model_admin):
        return [
            ("stale", "Needs checking (any reason)"),
            ("never", "Never verified"),
            ("old", f"Verified over {settings.STALE_AFTER_DAYS} days ago"),
            ("release", "Verified before the latest release"),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "stale":
            return stale_cells(queryset)
        if value in ("never", "old", "release"):
            return stale_cells(queryset, value)
        return queryset
