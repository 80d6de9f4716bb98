"""No lost updates: a form refuses to save over a row that changed since it was opened.

Each form carries a signed snapshot of the row as it was shown. On save, the row
is compared with that snapshot; if someone saved it meanwhile, the form says what
changed and refuses. The form then carries the new snapshot, so saving again is a
deliberate choice made after seeing the other edit.
"""

from django import forms
from django.core import signing
from django.core.exceptions import ValidationError

_SALT = "comparisons.admin.edit-token"
TOKEN_FIELD = "edit_token"


def snapshot(instance):
    return {
        field.attname: field.value_to_string(instance)
        for field in instance._meta.concrete_fields
        if not field.primary_key
    }


def make_token(instance):
    return signing.dumps(snapshot(instance), salt=_SALT, compress=True)


def describe_changes(instance, seen):
    """Sentences saying what differs between the snapshot ``seen`` and the row now."""
    lines = []
    for field in instance._meta.concrete_fields:
        if field.primary_key or not field.editable:
            continue
        before, now = seen.get(field.attname), field.value_to_string(instance)
        if before == now:
            continue
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

    def clean(self):
        cleaned_data = super().clean()
        token = self.data.get(self.add_prefix(TOKEN_FIELD))
        # A form without a token (an old tab, a script) is checked by nothing; the
        # admin's own forms always send one.
        if not (self.instance.pk and token):
            return cleaned_data
        try:
            seen = signing.loads(token, salt=_SALT)
        except signing.BadSignature:
            raise ValidationError(
                "This form could not be checked against the saved data. Reload the page and "
                "make your change again.",
                code="edit_token_invalid",
            ) from None
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
