from django.contrib import admin

from comparisons.models import Source

from .base import EditorAdmin


@admin.register(Source)
class SourceAdmin(EditorAdmin):
    list_display = ["title", "publisher", "kind", "date_text", "url"]
    list_filter = ["kind"]
    search_fields = ["title", "publisher", "url"]
    fieldsets = [
        (None, {"fields": ["title", "publisher", "kind", "url"]}),
        ("When", {"fields": ["published_year", "published_on", "accessed_on"]}),
        ("For editors", {"fields": ["note"]}),
    ]

    @admin.display(description="date")
    def date_text(self, source):
        return source.date_text or "—"
