from django.contrib import admin

from comparisons.models import (
    VALUE_FIELDS,
    Article,
    ArticleClaim,
    ArticleFramework,
    ArticleSection,
    ChangeLogEntry,
    ProCon,
    Recommendation,
    Scenario,
)

from .base import EditorAdmin, EditorStackedInline, EditorTabularInline


class RecommendationInline(EditorTabularInline):
    model = Recommendation
    fields = ["rank", "framework", "qualifier", "reason"]
    autocomplete_fields = ["framework"]


@admin.register(Scenario)
class ScenarioAdmin(EditorAdmin):
    list_display = ["name", "position"]
    list_editable = ["position"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [RecommendationInline]

    def view_on_site(self, scenario):
        return f"/choose/?scenario={scenario.slug}"


@admin.register(Recommendation)
class RecommendationAdmin(EditorAdmin):
    list_display = ["scenario", "rank", "framework", "qualifier"]
    list_filter = ["scenario", "framework"]
    autocomplete_fields = ["scenario", "framework"]
    list_select_related = ["scenario", "framework"]


@admin.register(ProCon)
class ProConAdmin(EditorAdmin):
    list_display = ["text", "framework", "kind", "article", "position"]
    list_editable = ["position"]
    list_filter = ["framework", "kind", "article"]
    search_fields = ["text", "framework__name"]
    autocomplete_fields = ["framework", "article", "source"]
    list_select_related = ["framework", "article"]

    def view_on_site(self, point):
        return (point.article or point.framework).get_absolute_url()


class ArticleSectionInline(EditorStackedInline):
    model = ArticleSection
    autocomplete_fields = ["category"]
    prepopulated_fields = {"anchor": ["heading"]}


class ArticleFrameworkInline(EditorTabularInline):
    """The frameworks the article compares: adding one is an explicit edit, in history."""

    model = ArticleFramework
    fields = ["position", "framework"]
    autocomplete_fields = ["framework"]
    show_change_link = False


@admin.register(Article)
class ArticleAdmin(EditorAdmin):
    list_display = ["title", "is_published", "published_on", "updated_on"]
    list_filter = ["is_published"]
    search_fields = ["title", "description"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["source"]
    inlines = [ArticleFrameworkInline, ArticleSectionInline]


@admin.register(ArticleFramework)
class ArticleFrameworkAdmin(EditorAdmin):
    list_display = ["article", "framework", "position"]
    list_filter = ["article"]
    autocomplete_fields = ["article", "framework"]
    list_select_related = ["article", "framework"]


@admin.register(ArticleSection)
class ArticleSectionAdmin(EditorAdmin):
    list_display = ["heading", "article", "position", "data_block"]
    list_filter = ["article", "data_block"]
    search_fields = ["heading", "body"]
    autocomplete_fields = ["article", "category"]
    prepopulated_fields = {"anchor": ["heading"]}
    list_select_related = ["article"]


@admin.register(ArticleClaim)
class ArticleClaimAdmin(EditorAdmin):
    """What an article said, cell for cell: fix a transcription, never “update” a claim
    (the current value belongs in the framework's cells, and shows beside it)."""

    list_display = ["__str__", "support", "display_text"]
    list_filter = ["article", "framework"]
    list_select_related = ["article", "framework", "attribute"]
    search_fields = ["display_text", "framework__name", "attribute__name"]
    autocomplete_fields = ["article", "framework", "attribute"]
    fieldsets = [
        (None, {"fields": ["article", "framework", "attribute", "fact"]}),
        (
            "What the article said",
            {"fields": VALUE_FIELDS},
        ),
    ]


@admin.register(ChangeLogEntry)
class ChangeLogEntryAdmin(admin.ModelAdmin):
    """Read-only: the log is derived from the history records."""

    list_display = ["changed_at", "action", "object_repr", "framework", "article"]
    list_filter = ["action", "content_type"]
    # A joined owner that is gone reads as None rather than failing.
    list_select_related = ["content_type", "framework", "article"]
    search_fields = ["object_repr"]
    date_hierarchy = "changed_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
