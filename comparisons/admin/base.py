import re

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import router, transaction
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from simple_history.admin import SimpleHistoryAdmin

from comparisons.changes import (
    REVERT_REASON,
    delete_with_history,
    describe_delta,
    save_with_history,
)

from .conflicts import EDITOR_FORMFIELD_OVERRIDES, TOKEN_FIELD, ConflictGuardForm
from .preview import pages_touched
from .rows import RESTORED_REASON, RowBoundChangeList, removed_row, row_bound, when


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

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if field is not None and "Markdown" in str(db_field.help_text):
            field.widget.attrs["data-markdown-preview"] = reverse("markdown-preview")
        return field

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["pages_touched"] = pages_touched(obj) if obj is not None else []
        return super().render_change_form(request, context, add, change, form_url, obj)

    def get_changelist_form(self, request, **kwargs):
        kwargs.setdefault("form", ConflictGuardForm)
        return super().get_changelist_form(request, **kwargs)

    def get_changelist(self, request, **kwargs):
        return RowBoundChangeList

    def get_changelist_formset(self, request, **kwargs):
        return row_bound(super().get_changelist_formset(request, **kwargs), request)

    def get_urls(self):
        opts = self.model._meta
        name = f"{opts.app_label}_{opts.model_name}"
        wrap = self.admin_site.admin_view
        return [
            path("trash/", wrap(self.trash_view), name=f"{name}_trash"),
            path(
                "trash/<int:history_id>/restore/",
                wrap(self.restore_view),
                name=f"{name}_restore",
            ),
            *super().get_urls(),
        ]

    def _removed_or_none(self, object_id):
        try:
            pk = self.model._meta.pk.to_python(object_id)
        except ValidationError:
            return None
        if self.model._base_manager.filter(pk=pk).exists():
            return None
        return removed_row(self.model, pk)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        removed = self._removed_or_none(unquote(object_id))
        if removed is not None and self.has_view_or_change_permission(request):
            # Removed while the editor had it open (or by the time they followed a link):
            # say so, and keep what they typed, rather than drop it at the index.
            sent = [
                (name, value)
                for name, value in request.POST.items()
                if name not in ("csrfmiddlewaretoken", TOKEN_FIELD) and not name.startswith("_")
            ]
            context = {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "title": f"Removed: {removed}",
                "removed": removed,
                "removed_when": when(removed.removed_at),
                "sent": [(name, value) for name, value in sent if value],
                "trash_url": reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_trash"),
            }
            return TemplateResponse(request, "admin/comparisons/removed.html", context, status=404)
        return super().change_view(request, object_id, form_url, extra_context)

    def delete_queryset(self, request, queryset):
        """A bulk delete is one act: one public entry, each row restorable from the trash."""
        count = queryset.count()
        noun = self.opts.verbose_name if count == 1 else self.opts.verbose_name_plural
        delete_with_history(queryset, request.user, f"{count} {noun} removed")

    def response_delete(self, request, obj_display, obj_id):
        self.message_user(
            request,
            f"It can be restored from the removed {self.opts.verbose_name_plural}.",
            messages.INFO,
        )
        return super().response_delete(request, obj_display, obj_id)

    def response_action(self, request, queryset):
        response = super().response_action(request, queryset)
        if request.POST.get("action") == "delete_selected" and request.POST.get("post"):
            self.message_user(
                request,
                f"They can be restored from the removed {self.opts.verbose_name_plural}.",
                messages.INFO,
            )
        return response

    def trash_view(self, request):
        """Rows removed from this model, newest first, each restorable from its history."""
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        live = self.model._base_manager.values("pk")
        removals = (
            self.model.history.filter(history_type="-")
            .exclude(id__in=live)
            .select_related("history_user")
            .order_by("-history_date")
        )
        latest = {}
        for record in removals[:500]:
            latest.setdefault(record.id, record)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": f"Removed {self.opts.verbose_name_plural}",
            "records": list(latest.values()),
            "can_restore": self.has_add_permission(request),
        }
        return TemplateResponse(request, "admin/comparisons/trash.html", context)

    def restore_view(self, request, history_id):
        """Bring a removed row back as it was when removed (POST only), in history."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not self.has_add_permission(request):
            raise PermissionDenied
        record = self.model.history.filter(history_id=history_id, history_type="-").first()
        trash = reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_trash")
        if record is None or self.model._base_manager.filter(pk=record.id).exists():
            self.message_user(request, "That row is not in the trash.", messages.WARNING)
            return redirect(trash)
        instance = record.instance
        try:
            instance.full_clean()
        except ValidationError as error:
            self.message_user(
                request,
                f"“{instance}” cannot come back as it was: {' '.join(error.messages)}",
                messages.ERROR,
            )
            return redirect(trash)
        with transaction.atomic(using=router.db_for_write(self.model)):
            save_with_history(instance, user=request.user, reason=RESTORED_REASON)
        self.message_user(request, f"Restored “{instance}”.", messages.SUCCESS)
        return redirect(
            reverse(
                f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[instance.pk]
            )
        )

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
        # simple_history looks both ids up unchecked, so ".../history/abc/" would be a 500.
        try:
            self.model._meta.pk.to_python(object_id)
        except ValidationError:
            raise Http404("No such object.") from None
        if not (version_id.isascii() and version_id.isdigit()):
            raise Http404("No such version.")
        request.comparisons_reverting = True
        version = self.model.history.filter(history_id=int(version_id)).first()
        request.comparisons_revert_to = version.history_date if version else None
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
        revert_to = getattr(request, "comparisons_revert_to", None)
        reason = None
        if revert_to is not None:
            # History and the public change log say it was a revert, and to when.
            day = timezone.localtime(revert_to)
            reason = f"{REVERT_REASON}{day.day} {day:%b %Y, %H:%M}"
        save_with_history(obj, user=request.user, reason=reason)

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

    def get_formset(self, request, obj=None, **kwargs):
        return row_bound(super().get_formset(request, obj, **kwargs), request)

    def get_fieldsets(self, request, obj=None):
        return with_edit_token(super().get_fieldsets(request, obj))


class EditorTabularInline(EditorInline, admin.TabularInline):
    pass


class EditorStackedInline(EditorInline, admin.StackedInline):
    pass
