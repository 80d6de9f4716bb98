"""Which frameworks and categories a comparison shows, and its canonical permalink."""

from dataclasses import dataclass

from django.http import Http404
from django.urls import reverse

from .models import Category, Framework

SEPARATOR = "-vs-"
# Beyond this many frameworks a heading counts them instead of naming them all.
NAMED_IN_HEADING = 4


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


def comparison_heading(frameworks):
    """“Flask vs Django”, or “12 frameworks side by side” when they are too many to name."""
    if len(frameworks) > NAMED_IN_HEADING:
        return f"{len(frameworks)} frameworks side by side"
    return " vs ".join(framework.name for framework in frameworks)


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
