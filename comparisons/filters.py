"""django-filter FilterSets for the reader pages (the frameworks list, the benchmarks page).
Invalid values show a form error; the valid ones still filter (the views are not strict)."""

import django_filters
from django import forms
from django.db.models import Count, Exists, OuterRef, Q

from .models import (
    Attribute,
    AttributeValue,
    Benchmark,
    BenchmarkResult,
    Framework,
    SupportLevel,
    ValueKind,
)
from .queries.lifecycle import PythonSupport

SUPPORT_THRESHOLDS = {
    "yes": [SupportLevel.YES],
    "some": [SupportLevel.YES, SupportLevel.PARTIAL, SupportLevel.VIA_EXTENSION],
}


def telling_features():
    """Support rows on which published frameworks differ: a feature every framework has
    (or none has) filters nothing out, so it is not offered."""
    return (
        Attribute.objects.in_display_order()
        .filter(value_kind=ValueKind.SUPPORT, benchmark__isnull=True)
        .annotate(
            levels=Count(
                "values__support",
                distinct=True,
                filter=Q(values__framework__is_published=True),
            )
        )
        .filter(levels__gt=1)
    )


class FeatureField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, attribute):
        return attribute.name  # “Built-in ORM”, not “Key features: Built-in ORM”


class FeatureFilter(django_filters.ModelMultipleChoiceFilter):
    field_class = FeatureField


# The row whose text says what a framework speaks to its server (a text row, so its
# cells are free text: “WSGI”, “ASGI”, “WSGI + ASGI”, “Own server + ASGI”).
SERVER_INTERFACE_ROW = "server-interface"
SERVER_INTERFACES = {
    "wsgi": ("WSGI", "wsgi"),
    "asgi": ("ASGI", "asgi"),
    "own": ("Its own server", "own server"),
}


def _version_key(text):
    return tuple(int(part) for part in text.split(".") if part.isdigit())


class FrameworkFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Search", method="search")
    kind = django_filters.ChoiceFilter(label="Type", choices=[], empty_label="Any type")
    interface = django_filters.ChoiceFilter(
        label="Server interface",
        choices=[(key, label) for key, (label, _) in SERVER_INTERFACES.items()],
        empty_label="Any interface",
        method="filter_interface",
    )
    python = django_filters.ChoiceFilter(
        label="Supports Python", choices=[], empty_label="Any Python", method="filter_python"
    )
    license = django_filters.ChoiceFilter(label="Licence", choices=[], empty_label="Any licence")
    features = FeatureFilter(
        label="Features",
        queryset=telling_features(),
        to_field_name="slug",
        method="filter_features",
        widget=forms.CheckboxSelectMultiple,
    )
    support = django_filters.ChoiceFilter(
        label="Count as having it",
        choices=[("yes", "Only when built in"), ("some", "Also partly, or through an extension")],
        empty_label=None,
        method="noop",
        widget=forms.RadioSelect,
    )

    class Meta:
        model = Framework
        fields = ["q", "kind", "interface", "python", "license", "features", "support"]

    def __init__(self, *args, queryset=None, **kwargs):
        super().__init__(*args, queryset=queryset, **kwargs)
        # One query for every list of choices: this page counts its queries.
        facts = (
            Framework.objects.published()
            .with_latest_release()
            .values_list("kind", "license", "latest_python_versions")
        )
        kinds, licences, pythons = set(), set(), set()
        for kind, licence, python_versions in facts:
            kinds.add(kind)
            licences.add(licence)
            pythons.update((python_versions or "").split())
        self.filters["kind"].extra["choices"] = [(kind, kind) for kind in sorted(kinds)]
        self.filters["license"].extra["choices"] = [
            (name, name) for name in sorted(licences - {""})
        ]
        self.filters["python"].extra["choices"] = [
            (v, v) for v in sorted(pythons, key=_version_key, reverse=True)
        ]

    @property
    def has_choices(self):
        """Whether the reader narrowed the list (“Count as having it” alone narrows nothing)."""
        return any(self.data.get(name) for name in self.filters if name != "support")

    def filter_interface(self, queryset, name, value):
        speaks = AttributeValue.objects.filter(
            framework=OuterRef("pk"),
            attribute__slug=SERVER_INTERFACE_ROW,
            display_text__icontains=SERVER_INTERFACES[value][1],
        )
        return queryset.filter(Exists(speaks))

    def filter_python(self, queryset, name, value):
        """By the latest release's metadata, as the “Supported Python” row reads it: the
        versions its classifiers list, or what its Requires-Python allows when it lists none."""
        matching = [
            framework.pk
            for framework in queryset.with_latest_release()
            if PythonSupport.of(
                framework.latest_python_versions, framework.latest_requires_python
            ).allows(value)
        ]
        return queryset.filter(pk__in=matching)

    def search(self, queryset, name, value):
        """Every term in the framework's own fields or in what one of its cells says."""
        terms = value.split()
        for term in terms[:5]:
            in_a_cell = AttributeValue.objects.filter(
                framework=OuterRef("pk"), display_text__icontains=term
            )
            queryset = queryset.filter(
                Q(name__icontains=term)
                | Q(summary__icontains=term)
                | Q(creators__icontains=term)
                | Q(core_focus__icontains=term)
                | Q(kind__icontains=term)
                | Exists(in_a_cell)
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


class BenchmarkResultFilter(django_filters.FilterSet):
    """The benchmarks page's filters. Values are slugs, so filtered URLs are readable and
    stable."""

    benchmark = django_filters.ModelChoiceFilter(
        label="Benchmark",
        queryset=Benchmark.objects.all(),
        to_field_name="slug",
        empty_label="Any benchmark",
    )
    framework = django_filters.ModelMultipleChoiceFilter(
        # With to_field_name, the filter compares the chosen slugs to this field.
        field_name="framework__slug",
        label="Frameworks",
        queryset=Framework.objects.published(),
        to_field_name="slug",
        widget=forms.CheckboxSelectMultiple,
        # A result has one framework: no duplicate rows to remove, so no DISTINCT.
        distinct=False,
    )

    class Meta:
        model = BenchmarkResult
        fields = ["benchmark", "framework"]
