"""Which frameworks and categories a comparison shows, and its canonical permalink."""

from dataclasses import dataclass

from django import forms
from django.http import Http404
from django.urls import reverse

from .models import Category, Framework

SEPARATOR = "-vs-"


class CompareForm(forms.Form):
    """The compare picker. Choices come from lists the view already loaded: no extra queries."""

    frameworks = forms.MultipleChoiceField(
        label="Frameworks", required=False, widget=forms.CheckboxSelectMultiple
    )
    categories = forms.MultipleChoiceField(
        label="Categories",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    view = forms.ChoiceField(
        label="Layout",
        required=False,
        choices=[("", "Frameworks as columns"), ("transposed", "Frameworks as rows")],
        widget=forms.RadioSelect,
    )
    differences = forms.BooleanField(label="Only show where they differ", required=False)

    def __init__(self, *args, frameworks, categories, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["frameworks"].choices = [(f.slug, f.name) for f in frameworks]
        self.fields["categories"].choices = [(c.slug, c.name) for c in categories]

    def valid_part(self, name):
        """The field's value if valid, else its known choices only: usable beside the error."""
        if name in self.cleaned_data:
            return self.cleaned_data[name]
        known = {value for value, _ in self.fields[name].choices}
        return [value for value in self.data.getlist(name) if value in known]


@dataclass
class Selection:
    frameworks: list[Framework]
    categories: list[Category]

    @property
    def permalink(self):
        """``/compare/a-vs-b/`` for two or more frameworks, else None."""
        if len(self.frameworks) < 2:
            return None
        return reverse("comparisons:compare-permalink", args=[permalink_slug(self.frameworks)])


def permalink_slug(frameworks):
    return SEPARATOR.join(framework.slug for framework in frameworks)


def in_display_order(frameworks, published):
    """Frameworks (duplicates dropped) in the site's order, which is the canonical order."""
    chosen = {framework.pk for framework in frameworks}
    return [framework for framework in published if framework.pk in chosen]


def frameworks_from_permalink(selection: str, published: list[Framework]) -> list[Framework]:
    """The frameworks named by ``flask-vs-django``; an unknown or unpublished slug is a 404."""
    by_slug = {framework.slug: framework for framework in published}
    chosen = []
    for slug in selection.split(SEPARATOR):
        if slug not in by_slug:
            raise Http404(f"No published framework is called “{slug}”.")
        chosen.append(by_slug[slug])
    return in_display_order(chosen, published)
