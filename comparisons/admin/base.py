from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404
from simple_history.admin import SimpleHistoryAdmin

from .conflicts import TOKEN_FIELD, ConflictGuardForm

# Editors paste bare domains; https is the safe guess (and Django 6's default).
URL_FIELDS_ASSUME_HTTPS = {models.URLField: {"assume_scheme": "https"}}


def with_edit_token(fieldsets):
    """Fieldsets that also render the form's hidden edit token (forms show only these)."""
    if any(TOKEN_FIELD in options["fields"] for _, options in fieldsets):
        return fieldsets
    (name, options), *rest = fieldsets
    return [(name, {**options, "fields": [*options["fields"], TOKEN_FIELD]}), *rest]


class EditorAdmin(SimpleHistoryAdmin):
    """History with revert, conflict-checked forms (also in list_editable), https URLs."""

    form = ConflictGuardForm
    formfield_overrides = URL_FIELDS_ASSUME_HTTPS
    # Revert from the history page without also having to open the object's change form.
    history_list_display = ["changed_fields_summary"]

    def get_fieldsets(self, request, obj=None):
        return with_edit_token(super().get_fieldsets(request, obj))

    def get_changelist_form(self, request, **kwargs):
        kwargs.setdefault("form", ConflictGuardForm)
        return super().get_changelist_form(request, **kwargs)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # simple_history looks both ids up as they come: ".../history/abc/" was a 500.
        try:
            self.model._meta.pk.to_python(object_id)
        except ValidationError:
            raise Http404("No such object.") from None
        if not (version_id.isascii() and version_id.isdigit()):
            raise Http404("No such version.")
        return super().history_form_view(request, object_id, version_id, extra_context)

    @admin.display(description="what changed")
    def changed_fields_summary(self, record):
        previous = record.prev_record
        if previous is None:
            return "created" if record.history_type == "+" else "—"
        delta = record.diff_against(previous)
        return ", ".join(sorted(delta.changed_fields)) or "nothing"


class EditorInline:
    form = ConflictGuardForm
    formfield_overrides = URL_FIELDS_ASSUME_HTTPS
    extra = 0
    show_change_link = True

    def get_fieldsets(self, request, obj=None):
        return with_edit_token(super().get_fieldsets(request, obj))


class EditorTabularInline(EditorInline, admin.TabularInline):
    pass


class EditorStackedInline(EditorInline, admin.StackedInline):
    pass
