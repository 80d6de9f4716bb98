from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import ngettext

from comparisons.changes import update_with_history
from comparisons.models import VALUE_FIELDS, Attribute, AttributeValue, Category

from .base import EditorAdmin
from .filters import VerificationFilter, stale_reasons, with_latest_release_date


@admin.register(Category)
class CategoryAdmin(EditorAdmin):
    list_display = ["name", "position"]
    list_editable = ["position"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Attribute)
class AttributeAdmin(EditorAdmin):
    list_display = ["name", "category", "value_kind", "unit", "benchmark", "is_key", "position"]
    list_editable = ["is_key", "position"]
    list_filter = ["category", "value_kind", "is_key"]
    search_fields = ["name", "slug", "category__name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["category", "benchmark", "same_need_as"]
    list_select_related = ["category", "benchmark"]


def _mark_verified(cells, data):
    """(verified, unsourced): the cells, locked, marked checked today against their source
    with the quote the editor gave (``data["quote-<pk>"]``); a cell citing no source can't be."""
    today = timezone.localdate()
    locked = (
        AttributeValue.objects.filter(pk__in=[c.pk for c in cells])
        .select_related("framework", "source")
        .select_for_update(of=("self",))
    )
    verified, unsourced = [], []
    for cell in locked:
        if cell.source_id is None:
            unsourced.append(cell)
            continue
        cell.verified_on = today
        cell.verified_against_id = cell.source_id
        cell.verified_quote = data.get(f"quote-{cell.pk}", "").strip()[:2000]
        verified.append(cell)
    return verified, unsourced


@admin.register(AttributeValue)
class AttributeValueAdmin(EditorAdmin):
    list_display = [
        "framework",
        "attribute",
        "support",
        "display_text",
        "cited_source",
        "short_note",
        "verified_on",
        "why_listed",
    ]
    list_display_links = ["attribute"]
    list_editable = ["support", "display_text"]
    list_filter = [VerificationFilter, "framework", "attribute__category", "support"]
    search_fields = ["framework__name", "attribute__name", "display_text", "note"]
    autocomplete_fields = ["framework", "attribute", "source", "verified_against"]
    list_select_related = ["framework", "attribute__category", "source"]
    actions = ["verify_selected"]
    readonly_fields = ["verified_against", "verified_quote"]
    fieldsets = [
        (None, {"fields": ["framework", "attribute"]}),
        (
            "Value",
            {"fields": VALUE_FIELDS},
        ),
        (
            "Evidence",
            {
                "fields": [
                    "note",
                    "source",
                    "source_url",
                    "verified_on",
                    "verified_against",
                    "verified_quote",
                ]
            },
        ),
    ]

    def get_queryset(self, request):
        return with_latest_release_date(super().get_queryset(request))

    def view_on_site(self, cell):
        return cell.framework.get_absolute_url()

    @admin.display(description="source", ordering="source__title")
    def cited_source(self, cell):
        if cell.source is None:
            return "—"
        if cell.source.url:
            return format_html('<a href="{}">{}</a>', cell.source.url, cell.source.title)
        return cell.source.title

    @admin.display(description="note")
    def short_note(self, cell):
        return Truncator(cell.note).chars(90) or "—"

    @admin.display(description="needs checking because")
    def why_listed(self, cell):
        return "; ".join(stale_reasons(cell)) or "—"

    @admin.action(description="Verify the selected cells against their sources…")
    def verify_selected(self, request, queryset):
        """Asks first: each cell with its source, note and why it is listed, and a place for
        the words that settle it; then records the check, as one public entry."""
        cells = list(
            queryset.select_related("framework", "attribute", "source").order_by(
                "framework__position", "framework__name", "attribute__position"
            )
        )
        if request.POST.get("post") != "yes":
            return self._verify_confirmation(request, cells)
        verified, unsourced = _mark_verified(cells, request.POST)
        names = sorted({cell.framework.name for cell in verified})
        summary = ngettext(
            "%(count)d cell re-verified against its source (%(names)s)",
            "%(count)d cells re-verified against their sources (%(names)s)",
            len(verified),
        ) % {"count": len(verified), "names": ", ".join(names)}
        count = update_with_history(
            verified,
            ["verified_on", "verified_against", "verified_quote"],
            request.user,
            "Verified against its source",
            summary=summary,
        )
        if count:
            self.message_user(request, summary + ".", messages.SUCCESS)
        if unsourced:
            self.message_user(
                request,
                "Not verified, as they cite no source yet: "
                + ", ".join(str(cell) for cell in unsourced)
                + ". Add the source you checked first.",
                messages.WARNING,
            )
        return None

    def _verify_confirmation(self, request, cells):
        """The page that asks first: each cell with why it is listed, and a quote box."""
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "Verify these cells against their sources",
            "cells": [(cell, stale_reasons(cell)) for cell in cells],
            "action": "verify_selected",
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/comparisons/attributevalue/verify.html", context)
