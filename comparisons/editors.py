"""The Editors group: least privilege for people who keep the comparison data current."""

from django.contrib.auth.models import Group, Permission
from django.db import transaction

EDITORS_GROUP = "Editors"
# Where editors work, and the only pages that take a POST or read the session: the admin,
# and the sign-in and second-factor pages (django-two-factor-auth's, under /account/).
EDITOR_PATHS = ("/admin/", "/account/")

# Rows that nothing else points at: removing one loses only itself (and its history).
DELETABLE_MODELS = {
    "release",
    "attributevalue",
    "benchmarkresult",
    "recommendation",
    "procon",
    "articlesection",
    "articleframework",
    "releaseseries",
}


CONTENT_MODELS = {
    "framework",
    "release",
    "category",
    "attribute",
    "attributevalue",
    "benchmark",
    "benchmarkresult",
    "scenario",
    "recommendation",
    "procon",
    "article",
    "articlesection",
    "articleframework",
    "source",
    "releaseproposal",
    "releaseseries",
    "articleclaim",
}
# History records and the change log are derived: editors read them, never write them.
READ_ONLY_MODELS = {"changelogentry"} | {f"historical{model}" for model in CONTENT_MODELS}


def _allowed(action, model):
    if model in CONTENT_MODELS:
        return action in ("add", "change", "view") or model in DELETABLE_MODELS
    return model in READ_ONLY_MODELS and action == "view"


def editor_permissions():
    """Add, change and view content; delete only leaf rows; view history. Nothing on users."""
    permissions = Permission.objects.filter(content_type__app_label="comparisons")
    return [
        permission
        for permission in permissions.select_related("content_type")
        if _allowed(permission.codename.split("_", 1)[0], permission.content_type.model)
    ]


@transaction.atomic
def ensure_editors_group() -> Group:
    """Create or correct the Editors group; running it again changes nothing."""
    group, _ = Group.objects.get_or_create(name=EDITORS_GROUP)
    group.permissions.set(editor_permissions())
    return group
