from django.contrib import admin
from django.core.exceptions import ValidationError

from comparisons.models import Benchmark, BenchmarkResult

from .base import EditorAdmin
from .conflicts import ConflictGuardForm

# What run_benchmarks measured; editors may annotate a measured result, not retype it.
MEASURED_FIELDS = [
    "framework",
    "benchmark",
    "origin",
    "low_value",
    "high_value",
    "median_value",
    "run_values",
    "measured_on",
    *BenchmarkResult.SETUP_FIELDS,
]


class ShownFilter(admin.SimpleListFilter):
    """Published or withheld: the results readers do not see, with their reason."""

    title = "readers see it"
    parameter_name = "shown"

    def lookups(self, request, model_admin):
        return [("yes", "Published"), ("no", "Withheld")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.shown()
        if self.value() == "no":
            return queryset.exclude(withheld_reason="")
        return queryset


class BenchmarkResultForm(ConflictGuardForm):
    """Editors type cited results; only manage.py run_benchmarks records measured ones."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.is_measured:
            # Also in list edits: a measured figure is what the harness measured.
            for name in MEASURED_FIELDS:
                if name in self.fields:
                    self.fields[name].disabled = True

    def clean_origin(self):
        origin = self.cleaned_data.get("origin")
        was = self.instance.origin if self.instance.pk else None
        if origin == BenchmarkResult.Origin.MEASURED and was != BenchmarkResult.Origin.MEASURED:
            raise ValidationError(
                "Only manage.py run_benchmarks records measured results; a result typed "
                "here is cited from a source.",
                code="measured_by_hand",
            )
        return origin


@admin.register(Benchmark)
class BenchmarkAdmin(EditorAdmin):
    list_display = ["name", "statistic", "unit", "lower_is_better", "position"]
    list_editable = ["position"]
    list_filter = ["statistic"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}

    def view_on_site(self, benchmark):
        return f"/benchmarks/?benchmark={benchmark.slug}"


@admin.register(BenchmarkResult)
class BenchmarkResultAdmin(EditorAdmin):
    form = BenchmarkResultForm
    list_display = [
        "__str__",
        "origin",
        "low_value",
        "high_value",
        "rating",
        "measured_on",
        "source",
        "withheld",
    ]
    list_editable = ["low_value", "high_value", "rating", "measured_on"]
    list_filter = [ShownFilter, "origin", "benchmark", "framework"]
    list_select_related = ["benchmark", "framework", "source"]
    search_fields = ["framework__name", "benchmark__name", "server", "hardware"]
    autocomplete_fields = ["framework", "benchmark", "release", "source"]
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
                    "run_values",
                    "rating",
                    "measured_on",
                    "source",
                    "source_url",
                ]
            },
        ),
        ("Setup", {"fields": list(BenchmarkResult.SETUP_FIELDS)}),
        ("Readers", {"fields": ["withheld_reason"]}),
        ("Notes", {"fields": ["notes"]}),
    ]

    @admin.display(description="Withheld from readers", ordering="withheld_reason")
    def withheld(self, result):
        return result.withheld_reason or "—"

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.is_measured:
            return MEASURED_FIELDS
        return ["origin"]

    def get_changelist_form(self, request, **kwargs):
        kwargs.setdefault("form", BenchmarkResultForm)
        return super().get_changelist_form(request, **kwargs)

    def view_on_site(self, result):
        return result.framework.get_absolute_url()
