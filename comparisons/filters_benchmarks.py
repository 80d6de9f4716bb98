"""The benchmarks page's FilterSet. Values are slugs, so filtered URLs are readable and stable;
an invalid value shows a form error and the other filters still apply (the view is not strict)."""

import django_filters
from django import forms

from .models import Benchmark, BenchmarkResult, Framework


class BenchmarkResultFilter(django_filters.FilterSet):
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
