from django.contrib import admin

from comparisons.models import Benchmark, BenchmarkResult

from .base import EditorAdmin


@admin.register(Benchmark)
class BenchmarkAdmin(EditorAdmin):
    list_display = ["name", "unit", "lower_is_better", "position"]
    list_editable = ["position"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}

    def view_on_site(self, benchmark):
        return f"/benchmarks/?benchmark={benchmark.slug}"


@admin.register(BenchmarkResult)
class BenchmarkResultAdmin(EditorAdmin):
    list_display = [
        "__str__",
        "low_value",
        "high_value",
        "rating",
        "measured_on",
        "server",
    ]
    list_editable = ["low_value", "high_value", "rating", "measured_on"]
    list_filter = ["origin", "benchmark", "framework"]
    list_select_related = ["benchmark", "framework"]
    search_fields = ["framework__name", "benchmark__name", "server", "hardware"]
    autocomplete_fields = ["framework", "benchmark", "release"]
    date_hierarchy = "measured_on"
    fieldsets = [
        (None, {"fields": ["benchmark", "framework", "release", "origin"]}),
        (
            "Result",
            {
                "fields": [
                    "low_value",
                    "high_value",
                    "median_value",
                    "rating",
                    "measured_on",
                    "source_url",
                ]
            },
        ),
        (
            "Setup",
            {
                "fields": [
                    "framework_version",
                    "server",
                    "workers",
                    "concurrency",
                    "python_version",
                    "hardware",
                    "runs",
                    "duration_seconds",
                ]
            },
        ),
        ("Notes", {"fields": ["notes"]}),
    ]

    def view_on_site(self, result):
        return result.framework.get_absolute_url()
