"""Every form stays bound to its own row, and a row someone removed never traps an editor.

A list edit or an inline posts each row's primary key. The formsets here bind each form
to the row its key names, whatever was added, deleted or re-sorted since the page was
opened; a row removed meanwhile gets a form bound to its last history record, which saves
nothing, blocks nothing, and tells the editor what they had typed into it. The change
list shows each label beside its own form; the trash brings removed rows back.
"""

from django.contrib import messages
from django.contrib.admin.views.main import ChangeList
from django.utils import timezone
from django.utils.text import capfirst

from comparisons.changes import value_text

RESTORED_REASON = "Restored from the trash"


def removed_row(model, pk):
    """The row as it was when it was deleted (from its history), marked with when; None if
    it never existed."""
    history = getattr(model, "history", None)
    if history is None:
        return None
    record = history.filter(id=pk, history_type="-").order_by("-history_date").first()
    if record is None:
        return None
    instance = record.instance
    instance.removed_at = record.history_date
    instance.removed_by = record.history_user
    return instance


def when(moment):
    local = timezone.localtime(moment)
    return f"{local.day} {local:%b %Y, %H:%M}"


def typed_values(form):
    """What the editor typed into a form, field by field, as readers see values."""
    parts = []
    for name in form.changed_data:
        field = form.fields[name]
        value = form[name].data
        model_field = getattr(form, "_model_field", lambda _: None)(name)
        shown = value_text(model_field, value, limit=None) if model_field else str(value)
        parts.append(f"{capfirst(field.label or name)}: “{shown}”")
    return "; ".join(parts)


def removed_message(form):
    instance = form.instance
    text = (
        f"{capfirst(instance._meta.verbose_name)} “{instance}” was removed by another editor "
        f"on {when(instance.removed_at)}, so your changes to it were not saved"
    )
    typed = typed_values(form)
    if typed:
        text += f". You had typed: {typed}"
    return text + ". Restore it from the trash to edit it again; the rest of your save is kept."


class RowBoundFormSet:
    """A model formset mixin: forms bound to their own rows; removed rows reported, not
    refused. ``request`` is set by the admin that builds the class."""

    request = None

    def _existing_object(self, pk):
        found = super()._existing_object(pk)
        return found if found is not None else removed_row(self.model, pk)

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        form.removed_at = getattr(form.instance, "removed_at", None)
        return form

    @property
    def removed_forms(self):
        return [form for form in self.forms if getattr(form, "removed_at", None)]

    def is_valid(self):
        # The admin validates list edits and inlines before saving them (the change list
        # never calls save()): once valid, the rest is saved, so say now what was not.
        valid = super().is_valid()
        if valid and self.request is not None and not getattr(self, "_reported", False):
            self._reported = True
            for form in self.removed_forms:
                messages.warning(self.request, removed_message(form))
        return valid


def row_bound(formset_class, request):
    return type(formset_class.__name__, (RowBoundFormSet, formset_class), {"request": request})


class RowBoundChangeList(ChangeList):
    """Shows each submitted form beside the row it edits when a list edit comes back: the
    rows are those the forms are bound to, in the order the editor saw them."""

    @property
    def formset(self):
        return self.__dict__.get("_formset")

    @formset.setter
    def formset(self, formset):
        self.__dict__["_formset"] = formset
        if formset is not None and formset.is_bound:
            self.result_list = [form.instance for form in formset.initial_forms]
