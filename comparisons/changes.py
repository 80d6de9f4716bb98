"""Turning history records into the public change log, and telling caches that data changed.

Every saved change to a content model creates a django-simple-history record; the
receiver below derives a ChangeLogEntry from it. Bulk writes that bypass save()
(``bulk_update_with_history``) must call ``record_changes`` themselves.
"""

import os
from contextlib import contextmanager
from datetime import date, datetime
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import transaction
from django.db.models import Max
from django.dispatch import receiver
from django.utils import timezone
from simple_history.signals import post_create_historical_record

from .models import Article, ChangeAction, ChangeLogEntry, Framework, Release, ReleaseProposal
from .numbers import format_number
from .text import normalise_newlines

LAST_CHANGED_KEY = "comparisons:data-last-changed"
AS_OF_KEY = "comparisons:data-as-of"
# Editors' working rows: their history stays in the admin, readers never see it.
NOT_PUBLIC = (ReleaseProposal,)
_NEVER = "never"
# The two figures are updated when a change commits; should the cache miss that (it was
# down at the time), they are worked out afresh within this many seconds anyway.
_FIGURE_SECONDS = 300
_MAX_VALUE_LENGTH = 160
_CONTEXT = 40  # characters shown before the first difference of two long texts


@contextmanager
def recorded_as(instance, *, user=None, reason=None, public=True):
    """While ``instance`` is saved or deleted: who and why its history record names
    (django-simple-history reads both from the instance), and whether the public change
    log shows it."""
    instance._history_user = user
    instance._change_reason = reason
    instance._public_change = public
    try:
        yield instance
    finally:
        del instance._public_change


def save_with_history(instance, *, user=None, reason="", public=True):
    """Save ``instance`` with its history record naming ``user`` and ``reason``.

    ``public=False`` keeps the change out of the public change log (bookkeeping such as a
    benchmark result linked to the release it measured); history still records it.
    """
    with recorded_as(instance, user=user, reason=reason, public=public):
        instance.save()


def value_text(field, value, limit=_MAX_VALUE_LENGTH):
    """A stored value as readers see it: choice labels, Yes/No, 20 not 20.0000, ISO dates."""
    if getattr(value, "pk", 0) is None:
        value = None  # simple-history's stand-in for “no related row”, not a deleted one
    if value is None or value == "":
        return "—"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, Decimal):
        return format_number(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return _shorten(" ".join(str(value).split()), limit)


def _shorten(text, limit):
    return text if limit is None or len(text) <= limit else text[: limit - 1] + "…"


def describe_change(field, old, new):
    """``{"field", "old", "new"}`` for one changed field, or None if nothing readers see changed.

    The one description of a change: the change log, the history pages and the
    conflict messages all use it, so none of them ever shows an entry “x → x”.
    """
    old_full, new_full = value_text(field, old, None), value_text(field, new, None)
    if old_full == new_full:
        if normalise_newlines(old) == normalise_newlines(new) or not isinstance(new, str):
            return None
        # Only line breaks or spacing differ: say so rather than show two equal texts.
        return {
            "field": str(field.verbose_name).capitalize(),
            "old": _shorten(old_full, _MAX_VALUE_LENGTH),
            "new": "the same words, with different line breaks or spacing",
        }
    # Long texts differing late: show both from shortly before the first difference.
    skip = len(os.path.commonprefix([old_full, new_full]))
    skip = skip - _CONTEXT if max(len(old_full), len(new_full)) > _MAX_VALUE_LENGTH else 0
    if skip > 0:
        old_full, new_full = "…" + old_full[skip:], "…" + new_full[skip:]
    return {
        "field": str(field.verbose_name).capitalize(),
        "old": _shorten(old_full, _MAX_VALUE_LENGTH),
        "new": _shorten(new_full, _MAX_VALUE_LENGTH),
    }


def describe_delta(model, delta):
    """What a simple-history ``diff_against`` delta changed, described field by field."""
    described = (
        describe_change(model._meta.get_field(change.field), change.old, change.new)
        for change in delta.changes
    )
    return [change for change in described if change is not None]


def _changes(record):
    previous = record.prev_record
    if record.history_type != ChangeAction.CHANGED or previous is None:
        return []
    return describe_delta(
        record.instance_type, record.diff_against(previous, foreign_keys_are_objs=True)
    )


def _owner(instance):
    """The published thing a row belongs to, which decides if readers may see the change."""
    if isinstance(instance, Framework | Article):
        return instance
    for name in ("framework", "article"):
        owner = getattr(instance, f"{name}_id", None) and getattr(instance, name)
        if owner:
            return owner
    return None


REVERT_REASON = "Reverted to its version of "


def headline(instance, action, changes, reason=""):
    """The sentence readers see for a change where a plain “Changed X” says too little."""
    if reason and reason.startswith(REVERT_REASON):
        return f"{instance}: {reason[0].lower()}{reason[1:]}"
    if isinstance(instance, Release) and action == ChangeAction.CREATED:
        text = f"{instance.framework} {instance.version} released"
        if instance.released_on:
            return f"{text} on {instance.released_on.day} {instance.released_on:%b %Y}"
        if instance.uploaded_on:
            day = instance.uploaded_on
            return f"{text} (uploaded to the package index on {day.day} {day:%b %Y})"
        return text
    yanked = any(change["field"] == "Yanked" for change in changes)
    if isinstance(instance, Release) and yanked and instance.is_yanked:
        return f"{instance.framework} {instance.version} withdrawn from the package index"
    return ""


def record_changes(records):
    """Add a change-log entry for each history record (skipping ones already logged)."""
    entries, public = [], []
    for record in records:
        instance = record.instance
        if isinstance(instance, NOT_PUBLIC):
            continue
        owner = _owner(instance)
        action = record.history_type
        changes = _changes(record)
        if action == ChangeAction.CHANGED and not changes and record.prev_record is not None:
            continue  # saved without changing anything readers see
        if getattr(owner, "is_published", True):
            public.append(record.history_date)
        entries.append(
            ChangeLogEntry(
                changed_at=record.history_date,
                action=action,
                content_type=ContentType.objects.get_for_model(record.instance_type),
                object_id=instance.pk,
                object_repr=str(instance)[:300],
                headline=headline(instance, action, changes, record.history_change_reason or "")[
                    :300
                ],
                changes=changes,
                history_id=record.history_id,
                framework=owner if isinstance(owner, Framework) else None,
                article=owner if isinstance(owner, Article) else None,
            )
        )
    ChangeLogEntry.objects.bulk_create(entries, ignore_conflicts=True)
    if public:
        mark_data_changed(max(public))


def mark_data_changed(when=None):
    """Tell every process (through the shared cache) that the data changed at ``when``."""
    when = when or timezone.now()
    transaction.on_commit(lambda: cache.set(LAST_CHANGED_KEY, when, _FIGURE_SECONDS))
    forget_data_as_of()


def forget_data_as_of():
    """After the transaction: the “data as of” day is worked out again when next shown."""
    transaction.on_commit(lambda: cache.delete(AS_OF_KEY))


def data_as_of():
    """The day the public data is current as of: its last change, its last verification or
    the watcher's last confirmation of the latest versions, whichever is latest; or None.
    From the cache, or with one query (two when the last change is not cached either)."""
    cached = cache.get(AS_OF_KEY)
    if cached is None:
        figures = Framework.objects.published().aggregate(
            verified=Max("values__verified_on"), confirmed=Max("latest_confirmed_on")
        )
        days = [day for day in figures.values() if day]
        changed = data_last_changed()
        if changed:
            days.append(timezone.localdate(changed))
        cached = max(days) if days else _NEVER
        cache.set(AS_OF_KEY, cached, _FIGURE_SECONDS)
    return None if cached == _NEVER else cached


def data_last_changed():
    """When the public data last changed, or None; read from the cache when it can be."""
    cached = cache.get(LAST_CHANGED_KEY)
    if cached is None:
        latest = ChangeLogEntry.objects.public().order_by("-changed_at").first()
        cached = latest.changed_at if latest else _NEVER
        cache.set(LAST_CHANGED_KEY, cached, _FIGURE_SECONDS)
    return None if cached == _NEVER else cached


@receiver(post_create_historical_record)
def log_historical_record(sender, instance, history_instance, **kwargs):
    if not getattr(instance, "_public_change", True):
        return
    if history_instance.instance_type._meta.app_label == "comparisons":
        record_changes([history_instance])


def delete_with_history(objects, user, summary):
    """Delete rows as one editorial act: each keeps its history record (restorable from the
    trash), and the public change log gets one entry saying what went."""
    objects = list(objects)
    if not objects:
        return 0
    model = type(objects[0])
    pks = [obj.pk for obj in objects]
    with transaction.atomic():
        for obj in objects:
            with recorded_as(obj, user=user, public=False):
                obj.delete()
        records = model.history.filter(id__in=pks, history_type=ChangeAction.DELETED)
        record_summary(records.order_by("-history_date")[: len(pks)], summary, ChangeAction.DELETED)
    return len(objects)


def update_with_history(objects, fields, user, reason, summary=""):
    """``bulk_update`` that still records history and the change log (which signals skip).

    ``summary``: one editorial act, one public entry (“50 cells re-verified”) instead of one
    per row; each row's history still says what changed.
    """
    objects = list(objects)
    if not objects:
        return 0
    model = type(objects[0])
    with transaction.atomic():
        model.objects.bulk_update(objects, fields)
        records = model.history.bulk_history_create(
            objects, update=True, default_user=user, default_change_reason=reason
        )
        if summary:
            record_summary(records, summary)
        else:
            record_changes(records)
    return len(objects)


def record_summary(records, summary, action=ChangeAction.CHANGED):
    """One change-log entry for many history records of one act."""
    records = list(records)
    owners = {_owner(record.instance) for record in records}
    owner = owners.pop() if len(owners) == 1 else None
    ChangeLogEntry.objects.create(
        changed_at=max(record.history_date for record in records),
        action=action,
        content_type=ContentType.objects.get_for_model(records[0].instance_type),
        object_id=0,
        object_repr=summary[:300],
        headline=summary[:300],
        changes=[],
        history_id=records[0].history_id,
        framework=owner if isinstance(owner, Framework) else None,
        article=owner if isinstance(owner, Article) else None,
    )
    if getattr(owner, "is_published", True):
        mark_data_changed(max(record.history_date for record in records))
