from django.contrib.admin import apps as admin_apps


class EditorsAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin with the editors' site (a second factor) as ``admin.site``."""

    # Apart from comparisons/admin/: importing that package registers the model admins on
    # admin.site, which must exist by then.

    default_site = "config.infrastructure.admin_site.EditorsAdminSite"
