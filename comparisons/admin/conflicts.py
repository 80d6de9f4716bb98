"""No lost updates: a form refuses to save over a row that changed since it was opened.

Each form carries a signed snapshot of the row as it was shown. On save, the row
is compared with that snapshot; if someone saved it meanwhile, the form says what
changed and refuses. The form then carries the new snapshot, so saving again is a
deliberate choice made after seeing the other edit.
"""

import json

from django import forms
from django.core import signing
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.functional import cached_property

_SALT = "comparisons.admin.edit-token"
TOKEN_FIELD = "edit_token"


class _JSONSerializer:
    """Like Django's signing serializer, but for dates and decimals too."""

    def dumps(self, obj):
        return json.dumps(obj, cls=DjangoJSONEncoder, separators=(",", ":")).encode("latin-1")

    def loads(self, data):
        return json.loads(data.decode("latin-1"))


def snapshot(instance):
    """The row's stored values, as JSON values (what a token can carry)."""
    values = {
        field.attname: field.value_from_object(instance)
        for field in instance._meta.concrete_fields
        if not field.primary_key
    }
    return json.loads(json.dumps(values, cls=DjangoJSONEncoder))


def make_token(instance):
    return signing.dumps(snapshot(instance), salt=_SALT, compress=True, serializer=_JSONSerializer)


def read_token(token):
    return signing.loads(token, salt=_SALT, serializer=_JSONSerializer)


def describe_changes(instance, seen):
    """Sentences saying what differs between the snapshot ``seen`` and the row now."""
    lines = []
    for field in instance._meta.concrete_fields:
        if field.primary_key or not field.editable:
            continue
        before, now = seen.get(field.attname), snapshot(instance).get(field.attname)
        if before == now:
            continue
        before, now = ("" if value is None else str(value) for value in (before, now))
        label = str(field.verbose_name).capitalize()
        if field.is_relation or len(before or "") + len(now) > 120:
            lines.append(f"{label} was changed.")
        else:
            lines.append(f"{label} changed from “{before or '—'}” to “{now or '—'}”.")
    return lines


class ConflictGuardForm(forms.ModelForm):
    edit_token = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial[TOKEN_FIELD] = make_token(self.instance)

    @cached_property
    def seen(self):
        """The row as this form showed it (from the token), or None without a valid token."""
        token = self.data.get(self.add_prefix(TOKEN_FIELD)) if self.is_bound else None
        if not (self.instance.pk and token):
            return None
        try:
            return read_token(token)
        except signing.BadSignature:
            return None

    @cached_property
    def changed_data(self):
        """Fields the editor changed compared with what the form showed, not with the row now.

        So in a list edit or an inline, a row the editor left alone is unchanged (and is
        neither saved nor checked) even if someone else has edited it since.
        """
        seen = self.seen
        changed = []
        for name, field in self.fields.items():
            if name == TOKEN_FIELD:
                continue
            bound_field = self[name]
            try:
                model_field = self.instance._meta.get_field(name)
            except FieldDoesNotExist:
                model_field = None
            if seen is not None and model_field is not None and model_field.attname in seen:
                initial = model_field.to_python(seen[model_field.attname])
            else:
                initial = bound_field.initial
            if field.has_changed(initial, bound_field.data):
                changed.append(name)
        return changed

    def clean(self):
        cleaned_data = super().clean()
        token = self.data.get(self.add_prefix(TOKEN_FIELD))
        # A form without a token (an old tab, a script) is checked by nothing; the
        # admin's own forms always send one. Untouched rows overwrite nothing.
        if not (self.instance.pk and token and self.changed_data):
            return cleaned_data
        seen = self.seen
        if seen is None:
            raise ValidationError(
                "This form could not be checked against the saved data. Reload the page and "
                "make your change again.",
                code="edit_token_invalid",
            )
        if seen != snapshot(self.instance):
            changes = describe_changes(self.instance, seen)
            self.data = self.data.copy()
            self.data[self.add_prefix(TOKEN_FIELD)] = make_token(self.instance)
            raise ValidationError(
                [
                    f"Someone saved this {self.instance._meta.verbose_name} while you were "
                    "editing it, so your changes were not saved.",
                    *changes,
                    "Check the values below; saving again will replace theirs with yours.",
                ],
                code="edit_conflict",
            )
        return cleaned_data
