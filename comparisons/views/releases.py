"""Release feeds for calendars: the support end dates of every release series (iCalendar)."""

from datetime import UTC, datetime

from django.conf import settings
from django.http import HttpResponse
from django.views import View
from icalendar import Calendar, Event

from comparisons.changes import data_last_changed
from comparisons.models import ReleaseSeries


def support_events(series_rows, host, stamp):
    """One all-day event per end date a published policy states (bug fixes, security)."""
    for row in series_rows:
        name = f"{row.framework.name} {row.name}{' LTS' if row.is_lts else ''}"
        ends = (
            ("bugfixes", row.bugfixes_until, f"{name}: end of bug fixes"),
            ("security", row.security_until, f"{name}: end of support (security fixes)"),
        )
        for kind, day, summary in ends:
            if day is None:
                continue
            event = Event()
            event.add("uid", f"{row.framework.slug}-{row.name}-{kind}@{host}")
            event.add("dtstamp", stamp)
            event.add("dtstart", day)
            event.add("summary", summary)
            event.add("description", f"As stated by: {row.source.citation}")
            if row.source.url:
                event.add("url", row.source.url)
            event.add("transp", "TRANSPARENT")
            yield event


class SupportCalendarView(View):
    """``/releases/support.ics``: subscribe to know when a series stops getting fixes."""

    http_method_names = ["get", "head", "options"]

    def get(self, request):
        calendar = Calendar()
        calendar.add("prodid", f"-//{settings.SITE_NAME}//Support end dates//EN")
        calendar.add("version", "2.0")
        calendar.add("x-wr-calname", f"Support end dates · {settings.SITE_NAME}")
        series = (
            ReleaseSeries.objects.filter(framework__is_published=True)
            .exclude(bugfixes_until__isnull=True, security_until__isnull=True)
            .select_related("framework", "source")
            .order_by("framework__position", "framework__name", "-name")
        )
        stamp = data_last_changed() or datetime(2000, 1, 1, tzinfo=UTC)
        for event in support_events(series, request.get_host(), stamp.astimezone(UTC)):
            calendar.add_component(event)
        response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = 'inline; filename="support-end-dates.ics"'
        return response
