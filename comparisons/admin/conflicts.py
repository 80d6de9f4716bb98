"""Saves merge, they never revert: a three-way merge of every admin form with the locked row.

Each form carries a signed snapshot of the row as it was shown (the base). On save the
row is locked and read again (theirs), and each field is compared with the base and
with what the editor sent (mine):

- a field the editor did not change keeps the stored value, even if it changed since;
- a field only the editor changed is written;
- a field both changed, to different values, is a conflict: nothing is saved, the field
  shows the stored value and its error shows the editor's own one (a word diff for
  long text). The form then carries the stored row as its base, so saving again keeps
  whatever the field holds by then.

A form that changed nothing writes nothing. The same form class serves change forms,
inline rows and list-editable rows; EditorAdmin runs every save in one transaction,
so the lock is held from the check to the write.
"""

import difflib
import json
import re
from decimal import Decimal

from django import forms
from django.core import signing
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, router
from django.forms.boundfield import BoundField
from django.forms.utils import ErrorDict
from django.utils.functional import cached_property
from django.utils.html import format_html, format_html_join

from comparisons.changes import describe_change, value_text
from comparisons.numbers import without_trailing_zeros
from comparisons.text import normalise_newlines

_SALT = "comparisons.admin.edit-token"
TOKEN_FIELD = "edit_token"
# Longer or multi-line values are shown as a word diff rather than quoted whole.
_QUOTE_LIMIT = 80
_WORDS = re.compile(r"\s+|[^\s]+")


class _JSONSerializer:
    """Like Django's signing serializer, but for dates and decimals too."""

    def dumps(self, obj):
        return json.dumps(obj, cls=DjangoJSONEncoder, separators=(",", ":")).encode("latin-1")

    def loads(self, data):
        return json.loads(data.decode("latin-1"))


def snapshot(instance):
    """The row's stored values, as JSON values (what a token can carry)."""
    values = {
        field.attname: normalise_newlines(field.value_from_object(instance))
        for field in instance._meta.concrete_fields
        if not field.primary_key
    }
    return json.loads(json.dumps(values, cls=DjangoJSONEncoder))


def make_token(instance):
    return signing.dumps(snapshot(instance), salt=_SALT, compress=True, serializer=_JSONSerializer)


def read_token(token):
    return signing.loads(token, salt=_SALT, serializer=_JSONSerializer)


def lock_row(instance):
    """The row as stored now, locked until the transaction ends (None if it was deleted).

    PostgreSQL holds a row lock; SQLite ignores FOR UPDATE, but its IMMEDIATE
    transactions (settings) already let one writer in at a time.
    """
    model = type(instance)
    using = router.db_for_write(model, instance=instance)
    return model._base_manager.using(using).select_for_update().filter(pk=instance.pk).first()


class MultilineTextField(forms.CharField):
    """A textarea's text with LF line ends, whatever the browser sent (they send CRLF)."""

    def to_python(self, value):
        return normalise_newlines(super().to_python(value))


class PlainDecimalField(forms.DecimalField):
    """Shows 20 rather than the column's 20.0000, as the site does."""

    def prepare_value(self, value):
        if not isinstance(value, Decimal | int):
            return value  # what the editor typed, or nothing
        return f"{without_trailing_zeros(value):f}"


# For EditorAdmin and EditorInline: how every editor form renders these model fields.
EDITOR_FORMFIELD_OVERRIDES = {
    # Editors paste bare domains; https is the safe guess (and Django 6's default).
    models.URLField: {"assume_scheme": "https"},
    models.TextField: {"form_class": MultilineTextField},
    models.DecimalField: {"form_class": PlainDecimalField},
}


def _is_long(value):
    """Text shown as a diff rather than quoted: multi-line or longer than a short phrase."""
    return isinstance(value, str) and ("\n" in value or len(value) > _QUOTE_LIMIT)


def _differs(field, stored, submitted):
    """Whether the submitted data means another value than ``stored``, as the field cleans it.

    The stored text is compared as the field would clean it (LF line ends, stripped),
    so text kept with a trailing line break or CRLF is not "changed" by an untouched save.
    """
    if isinstance(field, forms.CharField) and isinstance(stored, str):
        stored = normalise_newlines(stored)
        stored = stored.strip() if field.strip else stored
    return field.has_changed(stored, submitted)


class MergedBoundField(BoundField):
    """Renders the stored value where the form decided to show it instead of the POST."""

    def value(self):
        shown = self.form.shown_values
        if self.name in shown:
            return self.field.prepare_value(shown[self.name])
        return super().value()


def word_diff(stored, yours):
    """HTML: the stored text with the editor's differences marked (<del> theirs, <ins> yours).

    Compared word by word (spaces and line breaks are tokens of their own), so a changed
    word is marked alone and the paragraphs read as they will be shown.
    """
    old, new = _WORDS.findall(stored), _WORDS.findall(yours)
    parts = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            parts.append(format_html("{}", "".join(old[i1:i2])))
            continue
        if i2 > i1:
            parts.append(format_html("<del>{}</del>", "".join(old[i1:i2])))
        if j2 > j1:
            parts.append(format_html("<ins>{}</ins>", "".join(new[j1:j2])))
    return format_html_join("", "{}", ((part,) for part in parts))


class ConflictGuardForm(forms.ModelForm):
    edit_token = forms.CharField(widget=forms.HiddenInput, required=False)
    bound_field_class = MergedBoundField
    # Set by EditorAdmin on its revert forms: they show an old version, but what the
    # editor saw as current (the base of the merge) is the row as stored.
    base_is_stored_row = False
    # When the row this form edits was removed by someone else (set by its formset): the
    # form then saves nothing and blocks nothing (see admin/rows.py).
    removed_at = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.conflicts = []
        if self.instance.pk is not None and not self.instance._state.adding:
            base = self.instance
            if self.base_is_stored_row:
                base = type(base)._base_manager.filter(pk=base.pk).first() or base
            self.initial[TOKEN_FIELD] = make_token(base)

    def full_clean(self):
        if self.removed_at is not None:
            self._errors = ErrorDict()
            self.cleaned_data = {}
            return
        super().full_clean()
        # A model's field validators and its clean() can both reject the same value;
        # the editor reads each message once.
        for errors in (self._errors or {}).values():
            unique = []
            for error in errors.as_data():
                if all(error.messages != kept.messages for kept in unique):
                    unique.append(error)
            errors.data = unique

    @property
    def is_existing(self):
        return self.instance.pk is not None and not self.instance._state.adding

    def has_changed(self):
        return self.removed_at is None and super().has_changed()

    @cached_property
    def seen(self):
        """The row as this form showed it (from the token), or None without a valid token."""
        token = self.data.get(self.add_prefix(TOKEN_FIELD)) if self.is_bound else None
        if not (self.is_existing and token):
            return None
        try:
            return read_token(token)
        except signing.BadSignature:
            return None

    def _model_field(self, name):
        try:
            field = self.instance._meta.get_field(name)
        except FieldDoesNotExist:
            return None
        return field if getattr(field, "concrete", False) and not field.many_to_many else None

    @cached_property
    def changed_data(self):
        """Fields the editor changed, compared with what the form showed, not with the row now.

        So in a list edit or an inline, a row the editor left alone is unchanged (and is
        neither saved nor checked) even if someone else has edited it since. After
        ``clean`` it narrows to the fields that the save will actually write.
        """
        seen = self.seen
        changed = []
        for name, field in self.fields.items():
            if name == TOKEN_FIELD:
                continue
            bound_field = self[name]
            model_field = self._model_field(name)
            if seen is not None and model_field is not None and model_field.attname in seen:
                initial = model_field.to_python(seen[model_field.attname])
            else:
                initial = bound_field.initial
            if _differs(field, initial, bound_field.data):
                changed.append(name)
        return changed

    @cached_property
    def shown_values(self):
        """Values to render instead of the submitted ones, read from the row as stored now.

        When a form comes back (a conflict, or any error), a field the editor did not
        change, or one in conflict, shows what is stored, never the stale value the
        page was opened with; the token then carries the same row as the new base.
        """
        if not (self.is_bound and self.is_existing and self.seen is not None):
            return {}
        # The row the merge was checked against, if it was: a later save by someone else
        # must come back as a conflict, not hide in a newer token behind the editor's value.
        stored = self.__dict__.get("_checked_row") or (
            type(self.instance)._base_manager.filter(pk=self.instance.pk).first()
        )
        if stored is None:
            return {}
        edited = set(self.edited_data) - {conflict["name"] for conflict in self.conflicts}
        shown = {TOKEN_FIELD: make_token(stored)}
        for name in self.fields:
            model_field = self._model_field(name)
            if model_field is not None and name not in edited:
                shown[name] = model_field.value_from_object(stored)
        return shown

    @property
    def edited_data(self):
        """Every field the editor changed from what was shown (``changed_data`` before clean)."""
        return self.__dict__.get("_edited_data", self.changed_data)

    def clean(self):
        cleaned_data = super().clean()
        if not self.is_existing:
            return cleaned_data
        if self.seen is None:
            raise ValidationError(
                "This form has no valid edit check (it may come from an old tab or a script), "
                "so nothing was saved. Reload the page and make your change again.",
                code="edit_token_invalid",
            )
        edited = self.__dict__["_edited_data"] = list(self.changed_data)
        if not edited:
            return cleaned_data  # nothing to write, so nothing to check or lock
        stored = self.__dict__["_checked_row"] = lock_row(self.instance)
        if stored is None:
            raise ValidationError(
                f"Someone removed this {self.instance._meta.verbose_name} while you were "
                "editing it, so nothing was saved.",
                code="edit_deleted",
            )
        self._merge(cleaned_data, edited, stored)
        return cleaned_data

    def _merge(self, cleaned_data, edited, stored):
        seen, theirs = self.seen, snapshot(stored)
        to_write, conflicts = [], []
        for name in edited:
            model_field = self._model_field(name)
            if model_field is None:
                to_write.append(name)
                continue
            mine_differs = _differs(
                self.fields[name], model_field.value_from_object(stored), self[name].data
            )
            if not mine_differs:
                continue  # already stored as the editor wants it
            if theirs.get(model_field.attname) != seen.get(model_field.attname):
                conflicts.append(name)
            else:
                to_write.append(name)

        mine = {name: cleaned_data.get(name) for name in conflicts}
        # The row as stored, with only the editor's own changes on top: nothing the
        # editor did not touch is written back from the stale page.
        for field in self.instance._meta.concrete_fields:
            if field.primary_key or field.name in to_write:
                continue
            setattr(self.instance, field.attname, getattr(stored, field.attname))
            if field.name in cleaned_data and theirs.get(field.attname) != seen.get(field.attname):
                cleaned_data[field.name] = getattr(stored, field.name)
        self.__dict__["changed_data"] = to_write

        if conflicts:
            for name in conflicts:
                self._report_conflict(name, stored, mine[name])
            raise ValidationError(self._conflict_summary(stored), code="edit_conflict")

    def _report_conflict(self, name, stored, mine):
        model_field = self._model_field(name)
        stored_value = getattr(stored, model_field.name)
        self.conflicts.append({"name": name, "stored": stored_value, "mine": mine})
        if isinstance(mine, str) and (_is_long(mine) or _is_long(stored_value)):
            message = format_html(
                "Someone else changed this text while you were editing it; the field now holds "
                "their version. Your version, compared with theirs (<del>only theirs</del>, "
                '<ins>only yours</ins>):<div class="edit-conflict-diff">{}</div>'
                '<details><summary>Your whole text</summary><pre class="edit-conflict-mine">'
                "{}</pre></details>Keep theirs, or edit the field, then save again.",
                word_diff(stored_value or "", mine),
                mine,
            )
        else:
            message = format_html(
                "Someone else changed this to the value now in the field while you were "
                "editing it. Yours was “{}”. Keep theirs, or enter yours again, then save.",
                value_text(model_field, mine, limit=None),
            )
        self.add_error(name, ValidationError(message, code="edit_conflict"))

    def _conflict_summary(self, stored):
        """One sentence on what the other editor changed, from the one change description."""
        seen, theirs = self.seen, snapshot(stored)
        described = []
        for field in stored._meta.concrete_fields:
            if field.primary_key or not field.editable:
                continue
            before = seen.get(field.attname)
            after = getattr(stored, field.attname)
            if theirs.get(field.attname) == before:
                continue
            if field.is_relation:
                before = field.related_model._base_manager.filter(pk=before).first()
                after = getattr(stored, field.name)
            else:
                before = field.to_python(before)
            change = describe_change(field, before, after)
            if not change:
                continue
            if any(_is_long(value) for value in (before, after)):
                described.append(f"{change['field']} (a long text)")  # compared at the field
            else:
                described.append(f"{change['field']}: {change['old']} → {change['new']}")
        theirs = "; ".join(described) or "no field you can see"
        return (
            f"Someone saved this {self.instance._meta.verbose_name} while you were editing it, "
            f"so nothing was saved. They changed {theirs}. Where you both changed a field, it "
            "now shows theirs with yours beside it; your other changes are still in the form."
        )
