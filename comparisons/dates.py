"""Dates editors enter describe the past: nothing is released, measured or checked tomorrow."""

from django.core.exceptions import ValidationError
from django.utils import timezone


def not_in_future(value):
    """A field validator: refuse a date after today (the site's time zone)."""
    if value is None:
        return
    today = timezone.localdate()
    day = value.date() if hasattr(value, "date") else value
    if day > today:
        raise ValidationError(
            "%(value)s is in the future: enter a date up to today (%(today)s).",
            code="date_in_future",
            params={"value": day.isoformat(), "today": today.isoformat()},
        )
