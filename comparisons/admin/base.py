import re

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import router, transaction
from django.http import Http404
from simple_history.admin import SimpleHistoryAdmin

from comparisons.changes import describe_delta

from .conflicts import EDITOR_FORMFIELD_OVERRIDES, TOKEN_FIELD, ConflictGuardForm


def with_edit_token(fieldsets):
    """Fieldsets that also render the form's hidden edit token (forms show only these)."""
    if any(TOKEN_FIELD in options["fields"] for _, options in fieldsets):
        return fieldsets
    (name, options), *rest = fieldsets
    return [(name, {**options, "fields": [*options["fields"], TOKEN_FIELD]}), *rest]


class EditorAdmin(SimpleHistoryAdmin):
    """History with revert, merged saves (forms, inlines, list edits), https URLs.

    Every form is a ConflictGuardForm (see conflicts.py): a save writes only what the
    editor changed, merged into the row locked for the save, and writes nothing at
    all when nothing changed. Subclasses inherit all of it.
    """

    form = ConflictGuardForm
    formfield_overrides = EDITOR_FORMFIELD_OVERRIDES
    object_history_list_template = "admin/comparisons/object_history_list.html"

    def get_fieldsets(self, request, obj=None):
        return with_edit_token(super().get_fieldsets(request, obj))

    def get_changelist_form(self, request, **kwargs):
        kwargs.setdefault("form", ConflictGuardForm)
        return super().get_changelist_form(request, **kwargs)

    def _in_one_transaction(self, request, view, *args, **kwargs):
        # The admin validates list edits and revert forms outside its transaction;
        # the merge locks the row in clean(), so the check and the write share one.
        if request.method != "POST":
            return view(request, *args, **kwargs)
        with transaction.atomic(using=router.db_for_write(self.model)):
            return view(request, *args, **kwargs)

    def changelist_view(self, request, extra_context=None):
        def view(request, extra_context):
            if request.method == "POST" and "_save" in request.POST:
                self._lock_listed_rows(request)
            return super(EditorAdmin, self).changelist_view(request, extra_context)

        return self._in_one_transaction(request, view, extra_context)

    def _lock_listed_rows(self, request, prefix="form"):
        """Lock a list edit's rows in one order first, so two list saves cannot deadlock.

        Each row's form locks its own row again when it merges; taking them all here,
        by primary key, keeps two editors whose pages sort differently from waiting on
        each other.
        """
        pk = self.opts.pk
        pattern = re.compile(rf"{re.escape(prefix)}-\d+-{re.escape(pk.name)}$")
        pks = []
        for key, value in request.POST.items():
            if pattern.match(key):
                try:
                    pks.append(pk.to_python(value))
                except ValidationError:
                    continue  # the formset reports it
        rows = self.model._base_manager.filter(pk__in=pks).order_by("pk").select_for_update()
        list(rows.values_list("pk", flat=True))

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # simple_history looks both ids up as they come: ".../history/abc/" was a 500.
        try:
            self.model._meta.pk.to_python(object_id)
        except ValidationError:
            raise Http404("No such object.") from None
        if not (version_id.isascii() and version_id.isdigit()):
            raise Http404("No such version.")
        request.comparisons_reverting = True
        view = super().history_form_view
        return self._in_one_transaction(request, view, object_id, version_id, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        if getattr(request, "comparisons_reverting", False):
            # The page shows an old version; the editor's base is the row as stored.
            form = type(form.__name__, (form,), {"base_is_stored_row": True})
        return form

    def save_model(self, request, obj, form, change):
        if change and not form.has_changed():
            return  # nothing changed: no write, no history record, no change-log entry
        super().save_model(request, obj, form, change)

    def log_change(self, request, obj, message):
        if not message:
            request.comparisons_nothing_changed = True
            return None
        return super().log_change(request, obj, message)

    def message_user(self, request, message, level=messages.INFO, *args, **kwargs):
        if level == messages.SUCCESS and getattr(request, "comparisons_nothing_changed", False):
            message = "Nothing to save: every field already held what you sent."
            level = messages.INFO
        return super().message_user(request, message, level, *args, **kwargs)

    def set_history_delta_changes(self, request, historical_records, foreign_keys_are_objs=True):
        """What each record changed, described as the public change log describes it."""
        records = list(historical_records)
        for newer, older in zip(records, [*records[1:], None], strict=True):
            older = older if older is not None else newer.prev_record
            if older is None or newer.history_type != "~":
                newer.history_delta_changes = []
                continue
            delta = newer.diff_against(older, foreign_keys_are_objs=True)
            newer.history_delta_changes = describe_delta(self.model, delta)


class EditorInline:
    form = ConflictGuardForm
    formfield_overrides = EDITOR_FORMFIELD_OVERRIDES
    extra = 0
    show_change_link = True

    def get_fieldsets(self, request, obj=None):
        return with_edit_token(super().get_fieldsets(request, obj))


class EditorTabularInline(EditorInline, admin.TabularInline):
    pass


class EditorStackedInline(EditorInline, admin.StackedInline):
    pass
