"""A plain admin for every model, so data can be edited; the editors' workflow builds on it."""

from django.contrib import admin
from django.db import models

from .models import (
    Article,
    ArticleSection,
    Attribute,
    AttributeValue,
    Benchmark,
    BenchmarkResult,
    Category,
    Framework,
    ProCon,
    Recommendation,
    Release,
    Scenario,
)

# Editors paste bare domains; https is the safe guess (and Django 6's default).
URL_FIELDS_ASSUME_HTTPS = {models.URLField: {"assume_scheme": "https"}}


class EditorAdmin(admin.ModelAdmin):
    formfield_overrides = URL_FIELDS_ASSUME_HTTPS


class ReleaseInline(admin.TabularInline):
    model = Release
    extra = 0
    formfield_overrides = URL_FIELDS_ASSUME_HTTPS
    fields = ["version", "released_on", "source_url"]


class ProConInline(admin.TabularInline):
    model = ProCon
    extra = 0
    formfield_overrides = URL_FIELDS_ASSUME_HTTPS
    fields = ["kind", "text", "position"]


@admin.register(Framework)
class FrameworkAdmin(EditorAdmin):
    list_display = ["name", "kind", "first_release_year", "latest_version", "is_published"]
    list_filter = ["is_published"]
    search_fields = ["name", "slug", "creators"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [ReleaseInline, ProConInline]

    def get_queryset(self, request):
        return super().get_queryset(request).with_latest_release()

    @admin.display(description="latest version", ordering="latest_version")
    def latest_version(self, framework):
        return framework.latest_version or "—"


@admin.register(Release)
class ReleaseAdmin(EditorAdmin):
    list_display = ["framework", "version", "released_on"]
    list_filter = ["framework"]
    search_fields = ["framework__name", "version"]
    autocomplete_fields = ["framework"]
    ordering = ["framework", "-version_key"]


@admin.register(Category)
class CategoryAdmin(EditorAdmin):
    list_display = ["name", "position"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Attribute)
class AttributeAdmin(EditorAdmin):
    list_display = ["name", "category", "value_kind", "unit", "benchmark", "position"]
    list_filter = ["category", "value_kind"]
    search_fields = ["name", "slug", "category__name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["category", "benchmark"]
    list_select_related = ["category", "benchmark"]


@admin.register(AttributeValue)
class AttributeValueAdmin(EditorAdmin):
    list_display = ["framework", "attribute", "support", "display_text", "verified_on"]
    list_filter = ["framework", "attribute__category", "support"]
    search_fields = ["framework__name", "attribute__name", "display_text"]
    autocomplete_fields = ["framework", "attribute"]
    list_select_related = ["framework", "attribute__category"]


@admin.register(Benchmark)
class BenchmarkAdmin(EditorAdmin):
    list_display = ["name", "unit", "lower_is_better"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(BenchmarkResult)
class BenchmarkResultAdmin(EditorAdmin):
    list_display = ["benchmark", "framework", "low_value", "high_value", "rating", "measured_on"]
    list_filter = ["benchmark", "framework"]
    search_fields = ["framework__name", "benchmark__name"]
    autocomplete_fields = ["framework", "benchmark", "release"]
    list_select_related = ["benchmark", "framework"]


class RecommendationInline(admin.TabularInline):
    model = Recommendation
    extra = 0
    formfield_overrides = URL_FIELDS_ASSUME_HTTPS
    autocomplete_fields = ["framework"]


@admin.register(Scenario)
class ScenarioAdmin(EditorAdmin):
    list_display = ["name", "position"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [RecommendationInline]


@admin.register(ProCon)
class ProConAdmin(EditorAdmin):
    list_display = ["framework", "kind", "text", "position"]
    list_filter = ["framework", "kind"]
    search_fields = ["text"]
    autocomplete_fields = ["framework"]


class ArticleSectionInline(admin.StackedInline):
    model = ArticleSection
    extra = 0
    formfield_overrides = URL_FIELDS_ASSUME_HTTPS
    autocomplete_fields = ["category"]


@admin.register(Article)
class ArticleAdmin(EditorAdmin):
    list_display = ["title", "is_published", "published_on", "updated_on"]
    search_fields = ["title"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [ArticleSectionInline]


@admin.register(Recommendation)
class RecommendationAdmin(EditorAdmin):
    list_display = ["scenario", "rank", "framework", "qualifier"]
    list_filter = ["scenario", "framework"]
    autocomplete_fields = ["scenario", "framework"]
    list_select_related = ["scenario", "framework"]


@admin.register(ArticleSection)
class ArticleSectionAdmin(EditorAdmin):
    list_display = ["heading", "article", "position", "data_block"]
    list_filter = ["article", "data_block"]
    search_fields = ["heading", "body"]
    autocomplete_fields = ["article", "category"]
    prepopulated_fields = {"anchor": ["heading"]}
