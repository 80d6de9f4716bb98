from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, Min, Q, Window
from django.db.models.functions import RowNumber
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from comparisons.models import (
    VALUE_FIELDS,
    AttributeValue,
    Framework,
    ProCon,
    Release,
    ReleaseSeries,
)
from comparisons.releases import close_proposals_for

from .base import EditorAdmin, EditorTabularInline
from .conflicts import ConflictGuardForm
from .coverage import coverage

# A framework's page edits its newest releases; the release list holds the whole history
# (hundreds of versions would not fit in one form).
NEWEST_RELEASES_INLINE = 10


class ReleaseInline(EditorTabularInline):
    model = Release
    verbose_name_plural = f"newest releases (the newest {NEWEST_RELEASES_INLINE}; see all below)"
    fields = [
        "version",
        "uploaded_on",
        "released_on",
        "requires_python",
        "is_yanked",
        "source",
        "source_url",
        "notes",
    ]
    autocomplete_fields = ["source"]
    ordering = ["-version_key"]

    def get_queryset(self, request):
        newest_first = Window(
            RowNumber(), partition_by=[F("framework_id")], order_by=F("version_key").desc()
        )
        return (
            super()
            .get_queryset(request)
            .annotate(place=newest_first)
            .filter(place__lte=NEWEST_RELEASES_INLINE)
        )


class CellInline(EditorTabularInline):
    model = AttributeValue
    verbose_name_plural = "cells"
    fields = [
        "attribute",
        *VALUE_FIELDS,
        "source",
        "source_url",
        "verified_on",
    ]
    autocomplete_fields = ["attribute", "source"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("attribute__category")


class ProConInline(EditorTabularInline):
    model = ProCon
    fields = ["kind", "text", "position", "article", "source", "note"]
    autocomplete_fields = ["article", "source"]


class FrameworkForm(ConflictGuardForm):
    publish_with_gaps = forms.BooleanField(
        label="Publish with these gaps",
        required=False,
        help_text="Publishing a framework whose rows are missing, unverified or unsourced asks "
        "for this first.",
    )

    def clean(self):
        cleaned_data = super().clean()
        publishing = cleaned_data.get("is_published") and not (
            self.instance.pk
            and type(self.instance).objects.filter(pk=self.instance.pk, is_published=True).exists()
        )
        if publishing and not cleaned_data.get("publish_with_gaps"):
            (gaps,) = coverage([self.instance]) if self.instance.pk else [None]
            if gaps is None or gaps.gaps:
                summary = gaps.summary if gaps else "no cells yet"
                self.add_error(
                    "is_published",
                    f"{self.instance.name or 'This framework'} has gaps ({summary}): readers "
                    "would see them. Fill them first, or tick “Publish with these gaps”.",
                )
        return cleaned_data


@admin.register(Framework)
class FrameworkAdmin(EditorAdmin):
    form = FrameworkForm
    list_display = [
        "name",
        "kind",
        "latest_version",
        "oldest_verification",
        "unverified_cells",
        "is_published",
        "position",
    ]
    # Publishing is a decision on the framework's page, where its gaps are shown.
    list_editable = ["position"]
    list_filter = ["is_published", "kind"]
    search_fields = ["name", "slug", "creators", "kind"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [ReleaseInline, CellInline, ProConInline]
    readonly_fields = ["latest_confirmed_on", "release_list"]
    autocomplete_fields = ["source", "support_policy_source"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "name",
                    "slug",
                    "kind",
                    "summary",
                    "is_published",
                    "publish_with_gaps",
                    "position",
                ]
            },
        ),
        (
            "Facts",
            {"fields": ["first_release_year", "creators", "core_focus", "license", "source"]},
        ),
        (
            "Releases",
            {
                "fields": [
                    "package_name",
                    "latest_confirmed_on",
                    "prereleases_count_as_latest",
                    "release_list",
                ]
            },
        ),
        (
            "Support policy",
            {"fields": ["support_model", "support_policy", "support_policy_source"]},
        ),
        (
            "Links",
            {"fields": ["homepage_url", "docs_url", "repository_url", "release_notes_url"]},
        ),
        ("Prose", {"fields": ["philosophy"]}),
    ]

    def get_urls(self):
        coverage_view = self.admin_site.admin_view(self.coverage_view)
        return [
            path("coverage/", coverage_view, name="comparisons_framework_coverage"),
            *super().get_urls(),
        ]

    def coverage_view(self, request):
        """Per framework: rows without a cell, cells never verified, cells without a source."""
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "Coverage: what each framework still needs",
            "rows": coverage(Framework.objects.order_by("-is_published", "position", "name")),
            "cells_url": reverse("admin:comparisons_attributevalue_changelist"),
        }
        return TemplateResponse(request, "admin/comparisons/framework/coverage.html", context)

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if formset.model is Release:
            for release in formset.new_objects:
                close_proposals_for(release, user=request.user)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .with_latest_release()
            .annotate(
                oldest_verified_on=Min("values__verified_on"),
                unverified_count=Count("values", filter=Q(values__verified_on__isnull=True)),
            )
        )

    @admin.display(description="every release")
    def release_list(self, framework):
        if framework.pk is None:
            return "—"
        url = reverse("admin:comparisons_release_changelist")
        count = framework.releases.count()
        return format_html(
            '<a href="{}?framework__id__exact={}">All {} releases</a>', url, framework.pk, count
        )

    @admin.display(description="latest version", ordering="latest_version_key")
    def latest_version(self, framework):
        return framework.latest_version or "—"

    @admin.display(description="oldest verification", ordering="oldest_verified_on")
    def oldest_verification(self, framework):
        return framework.oldest_verified_on or "—"

    @admin.display(description="never verified", ordering="unverified_count")
    def unverified_cells(self, framework):
        if not framework.unverified_count:
            return "0"
        url = reverse("admin:comparisons_attributevalue_changelist")
        url = f"{url}?framework__id__exact={framework.pk}&verification=never"
        return format_html('<a href="{}">{} cells</a>', url, framework.unverified_count)


@admin.register(Release)
class ReleaseAdmin(EditorAdmin):
    list_display = ["version", "framework", "uploaded_on", "released_on", "is_yanked", "source"]
    list_display_links = ["version"]
    list_editable = ["released_on"]
    list_filter = ["framework", "is_prerelease", "is_yanked"]
    list_select_related = ["framework", "source"]
    search_fields = ["framework__name", "version"]
    # Deleting a release that benchmark results measured is refused (PROTECT): the admin's
    # delete page names those results instead of unlinking them.
    autocomplete_fields = ["framework", "source"]
    ordering = ["framework__position", "-version_key"]
    date_hierarchy = "uploaded_on"

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        close_proposals_for(obj, user=request.user)

    def view_on_site(self, release):
        return release.framework.get_absolute_url()


@admin.register(ReleaseSeries)
class ReleaseSeriesAdmin(EditorAdmin):
    list_display = ["__str__", "is_lts", "bugfixes_until", "security_until", "source"]
    list_filter = ["framework", "is_lts"]
    list_select_related = ["framework", "source"]
    search_fields = ["framework__name", "name"]
    autocomplete_fields = ["framework", "source"]
    ordering = ["framework__position", "-name"]

    def view_on_site(self, series):
        return series.framework.get_absolute_url()
