"""Reader-facing forms. Invalid input is reported beside the form; the valid parts still count."""

import re
from functools import cached_property

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import IntegerChoices
from django.utils.text import Truncator

from .models import Attribute, Scenario, ValueKind

# What a slug can look like: anything else is unknown without asking the database
# (PostgreSQL rejects NUL characters, and nothing longer than a slug column can match).
_SLUG = re.compile(r"[-a-zA-Z0-9_]{1,200}")
# More distinct values than any page offers is garbage: look up this many at most.
MAX_VALUES = 100
# Unknown values quoted in an error message, each shortened.
MAX_QUOTED, QUOTE_LENGTH = 5, 40


def is_slug(value) -> bool:
    return isinstance(value, str) and _SLUG.fullmatch(value) is not None


def _shown(value) -> str:
    """A submitted value as it can be quoted back: printable and short."""
    printable = "".join(char if char.isprintable() else "\ufffd" for char in str(value))
    return Truncator(printable).chars(QUOTE_LENGTH)


def _quoted(values: list[str]) -> str:
    quoted = [f"“{_shown(value)}”" for value in values[:MAX_QUOTED]]
    if len(values) > MAX_QUOTED:
        quoted.append(f"and {len(values) - MAX_QUOTED} more")
    return ", ".join(quoted)


class SlugChoiceField(forms.ModelChoiceField):
    """A choice by slug that treats anything not shaped like a slug as an unknown choice."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if is_slug(value):
            try:
                return super().to_python(value)
            except ValidationError:
                pass
        raise ValidationError(
            self.error_messages["invalid_choice"],
            code="invalid_choice",
            params={"value": _shown(value)},
        )


def support_attributes():
    """The needs a reader can tick: every support row, in display order."""
    return Attribute.objects.in_display_order().filter(value_kind=ValueKind.SUPPORT)


# The ranking shows this many frameworks unless the reader asks for every one: a screen's
# worth, and a page that does not grow with the number of frameworks published.
BEST_RANKED_SHOWN = 10


class Weight(IntegerChoices):
    """How much a need matters to the reader: its points are multiplied by this."""

    NICE = 1, "Nice to have"
    IMPORTANT = 2, "Important"
    ESSENTIAL = 3, "Essential"


WEIGHT_SEPARATOR = ":"


class WeightedNeedsField(forms.Field):
    """Needs by slug, each with an optional weight (“admin-panel:3”): the known ones are
    kept with their weights, the rest left out (the form reports them)."""

    widget = forms.MultipleHiddenInput

    def __init__(self, *, queryset, **kwargs):
        self.queryset = queryset
        super().__init__(**kwargs)

    def to_python(self, value):
        values = value if isinstance(value, list | tuple) else [value] if value else []
        return [str(item) for item in values if item not in self.empty_values]

    @staticmethod
    def parse(value) -> tuple[str, int] | None:
        slug, _, weight = str(value).partition(WEIGHT_SEPARATOR)
        if not is_slug(slug):
            return None
        if not weight:
            return slug, Weight.IMPORTANT
        return (slug, int(weight)) if weight in {str(w) for w in Weight.values} else None

    def weighted(self, values, attributes, aliases=None) -> tuple[dict[Attribute, int], list[str]]:
        """({need: weight} in ``attributes``' order, [unknown values]); a need given twice
        keeps its highest weight. ``aliases`` maps other slugs to a need's (same need)."""
        parsed = {}
        unknown = []
        for value in list(dict.fromkeys(values))[:MAX_VALUES]:
            pair = self.parse(value)
            if pair is None:
                unknown.append(value)
                continue
            slug, weight = pair
            slug = (aliases or {}).get(slug, slug)
            parsed[slug] = max(weight, parsed.get(slug, 0))
        by_slug = {attribute.slug: attribute for attribute in attributes}
        unknown += [slug for slug in parsed if slug not in by_slug]
        weights = {a: parsed[a.slug] for a in attributes if a.slug in parsed}
        return weights, unknown


class ChooseForm(forms.Form):
    """The decision helper's GET form: needs with how much each matters, an optional
    scenario, and whether extensions count."""

    needs = WeightedNeedsField(label="Your needs", queryset=support_attributes(), required=False)
    scenario = SlugChoiceField(
        label="Scenario",
        queryset=Scenario.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label="No scenario",
        error_messages={
            "invalid_choice": "“%(value)s” is not a scenario we know, so none is shown."
        },
    )
    builtin = forms.BooleanField(
        label="Count only what is built in (extensions score nothing)",
        required=False,
    )
    every = forms.BooleanField(
        label=f"List every framework, not only the best {BEST_RANKED_SHOWN}",
        required=False,
    )

    @cached_property
    def _support_rows(self) -> list[Attribute]:
        # One query per form (``all()``, so no form reuses another request's rows).
        return list(self.fields["needs"].queryset.all())

    @cached_property
    def all_needs(self) -> list[Attribute]:
        """Every need a reader can weigh, in display order: one row per need."""
        return [row for row in self._support_rows if row.same_need_as_id is None]

    @cached_property
    def need_aliases(self) -> dict[str, str]:
        """{slug of a row measuring the same need as another: that one's slug}."""
        by_pk = {row.pk: row for row in self._support_rows}
        return {
            row.slug: by_pk[row.same_need_as_id].slug
            for row in self._support_rows
            if row.same_need_as_id in by_pk
        }

    def clean_needs(self):
        weights, unknown = self.fields["needs"].weighted(
            self.cleaned_data["needs"], self.all_needs, self.need_aliases
        )
        if unknown:
            # Report the unknown needs but keep the known ones: the page still ranks by them.
            # (A clean_<field> method's return value is stored after its errors are added.)
            if len(unknown) == 1:
                message = f"{_quoted(unknown)} is not a need we know; it was left out."
            else:
                message = f"{_quoted(unknown)} are not needs we know; they were left out."
            self.add_error("needs", message)
        return weights

    def _cleaned(self, name, default):
        if not self.is_bound:
            return default
        self.is_valid()  # an invalid value elsewhere does not undo the reader's other choices
        value = self.cleaned_data.get(name)
        return default if value is None else value

    def shows_every_framework(self) -> bool:
        return bool(self._cleaned("every", False))

    def counts_only_builtin(self) -> bool:
        return bool(self._cleaned("builtin", False))

    def selection(self) -> tuple[dict[Attribute, int], Scenario | None]:
        """The weighted needs and scenario to use: the valid parts, even when others are not."""
        return self._cleaned("needs", {}), self._cleaned("scenario", None)

    def need_choices(self):
        """For the template: each support row with the weight the reader gave it (0: not)."""
        weights, _ = self.selection()
        chosen = {attribute.pk: weight for attribute, weight in weights.items()}
        return [(attribute, chosen.get(attribute.pk, 0)) for attribute in self.all_needs]


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
