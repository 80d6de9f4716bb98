from django import template
from django.db.models import Count, Max, Min

from comparisons.models import AttributeValue, ReleaseProposal

register = template.Library()


@register.simple_tag
def pending_release_count():
    """How many upstream releases wait for an editor (the admin index's reminder)."""
    return ReleaseProposal.objects.pending().count()


@register.simple_tag
def pending_releases_by_framework():
    """Per framework: how many versions wait, and the oldest and newest (one query)."""
    return pending_summary()


def pending_summary():
    rows = (
        ReleaseProposal.objects.pending()
        .values("framework", "framework__name")
        .annotate(count=Count("pk"), lowest=Min("version_key"), highest=Max("version_key"))
        .order_by("framework__position", "framework__name")
    )
    keys = {row["lowest"] for row in rows} | {row["highest"] for row in rows}
    versions = dict(
        ReleaseProposal.objects.pending()
        .filter(version_key__in=keys)
        .values_list("version_key", "version")
    )
    return [
        {
            "framework_id": row["framework"],
            "name": row["framework__name"],
            "count": row["count"],
            "oldest": versions.get(row["lowest"], ""),
            "newest": versions.get(row["highest"], ""),
        }
        for row in rows
    ]


@register.simple_tag
def recheck_after_releases():
    """Per framework, the cells verified before its latest release: what a new release
    asks editors to check again (one query)."""
    from comparisons.admin.filters import stale_cells

    return list(
        stale_cells(AttributeValue.objects.all(), "release")
        .values("framework", "framework__name")
        .annotate(count=Count("pk"))
        .order_by("framework__position", "framework__name")
    )
