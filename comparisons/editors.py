"""The Editors group: least privilege for people who keep the comparison data current."""

from django.contrib.auth.models import Group, Permission
from django.db import transaction

EDITORS_GROUP = "Editors"

# Rows that nothing else points at: removing one loses only itself (and its history).
DELETABLE_MODELS = {
    "release",
    "attributevalue",
    "benchmarkresult",
    "recommendation",
    "procon",
    "articlesection",
}


def editor_permissions():
    """Add, change and view on every comparison model; delete only on the leaf models."""
    permissions = Permission.objects.filter(content_type__app_label="comparisons")
    return [
        permission
        for permission in permissions.select_related("content_type")
        if not permission.codename.startswith("delete_")
        or permission.content_type.model in DELETABLE_MODELS
    ]


@transaction.atomic
def ensure_editors_group() -> Group:
    """Create or correct the Editors group; running it again changes nothing."""
    group, _ = Group.objects.get_or_create(name=EDITORS_GROUP)
    group.permissions.set(editor_permissions())
    return group
