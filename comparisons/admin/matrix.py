from django.contrib import admin, messages
from django.utils import timezone
from django.utils.translation import ngettext

from comparisons.changes import update_with_history
from comparisons.models import Attribute, AttributeValue, Category

from .base import EditorAdmin
from .filters import VerificationFilter


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
    autocomplete_fields = ["category", "benchmark"]
    list_select_related = ["category", "benchmark"]


@admin.register(AttributeValue)
class AttributeValueAdmin(EditorAdmin):
    list_display = ["framework", "attribute", "support", "display_text", "verified_on"]
    list_display_links = ["attribute"]
    list_editable = ["support", "display_text", "verified_on"]
    list_filter = [VerificationFilter, "framework", "attribute__category", "support"]
    search_fields = ["framework__name", "attribute__name", "display_text", "note"]
    autocomplete_fields = ["framework", "attribute", "source"]
    list_select_related = ["framework", "attribute__category"]
    actions = ["mark_verified_today"]
    fieldsets = [
        (None, {"fields": ["framework", "attribute"]}),
        (
            "Value",
            {"fields": ["support", "display_text", "number", "upper_number", "ordinal_rank"]},
        ),
        ("Evidence", {"fields": ["note", "source", "source_url", "verified_on"]}),
    ]

    def view_on_site(self, cell):
        return cell.framework.get_absolute_url()

    @admin.action(description="Mark the selected cells as verified today")
    def mark_verified_today(self, request, queryset):
        today = timezone.localdate()
        # Locked (EditorAdmin runs list posts in one transaction), so each history record
        # holds the row as stored, not as this page read it before another editor's save.
        locked = AttributeValue.objects.filter(pk__in=queryset.values("pk")).select_for_update()
        cells = [cell for cell in locked if cell.verified_on != today]
        for cell in cells:
            cell.verified_on = today
        count = update_with_history(cells, ["verified_on"], request.user, "Marked verified")
        self.message_user(
            request,
            ngettext("%d cell marked verified today.", "%d cells marked verified today.", count)
            % count,
            messages.SUCCESS,
        )
