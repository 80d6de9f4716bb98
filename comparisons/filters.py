"""django-filter FilterSets for the reader pages. Invalid values show a form error; the
valid ones still filter (the views are not strict)."""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q

from .models import Attribute, AttributeValue, Framework, SupportLevel, ValueKind

SUPPORT_THRESHOLDS = {
    "yes": [SupportLevel.YES],
    "some": [SupportLevel.YES, SupportLevel.PARTIAL, SupportLevel.VIA_EXTENSION],
}


class FrameworkFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Search", method="search")
    kind = django_filters.ChoiceFilter(label="Type", choices=[], empty_label="Any type")
    features = django_filters.ModelMultipleChoiceFilter(
        label="Supports",
        queryset=Attribute.objects.in_display_order().filter(value_kind=ValueKind.SUPPORT),
        to_field_name="slug",
        method="filter_features",
        widget=forms.CheckboxSelectMultiple,
    )
    support = django_filters.ChoiceFilter(
        label="Counts as supported",
        choices=[("yes", "Built in (Yes)"), ("some", "Yes, partial or via an extension")],
        empty_label=None,
        method="noop",
    )

    class Meta:
        model = Framework
        fields = ["q", "kind", "features", "support"]

    def __init__(self, *args, queryset=None, **kwargs):
        super().__init__(*args, queryset=queryset, **kwargs)
        kinds = Framework.objects.published().order_by("kind").values_list("kind", flat=True)
        self.filters["kind"].extra["choices"] = [(kind, kind) for kind in kinds.distinct()]

    def search(self, queryset, name, value):
        terms = value.split()
        for term in terms[:5]:
            queryset = queryset.filter(
                Q(name__icontains=term)
                | Q(summary__icontains=term)
                | Q(creators__icontains=term)
                | Q(core_focus__icontains=term)
                | Q(kind__icontains=term)
            )
        return queryset

    def noop(self, queryset, name, value):
        # Read by filter_features; filtering happens there.
        return queryset

    def filter_features(self, queryset, name, attributes):
        levels = SUPPORT_THRESHOLDS[self.form.cleaned_data.get("support") or "yes"]
        for attribute in attributes:
            supported = AttributeValue.objects.filter(
                framework=OuterRef("pk"), attribute=attribute, support__in=levels
            )
            queryset = queryset.filter(Exists(supported))
        return queryset
