"""The change log as an Atom feed: what changed and when, never who."""

from datetime import UTC, datetime, time

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse, reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import format_html, format_html_join

from .changes import data_as_of
from .models import ChangeAction, ChangeLogEntry, Framework

FEED_LENGTH = 50
# An empty feed's date when the data has none either: fixed, so the feed stays unchanged.
_NO_DATA_YET = datetime(2000, 1, 1, tzinfo=UTC)


class StableAtom1Feed(Atom1Feed):
    """Atom whose ``updated`` (and the response's Last-Modified) moves only with the data.

    Django dates a feed without entries "now", so an empty feed changed on every request and
    no reader could ask ``If-Modified-Since``: then it is the day the data is current as of.
    """

    def latest_post_date(self):
        if any(item["pubdate"] or item["updateddate"] for item in self.items):
            return super().latest_post_date()
        return self.feed.get("quiet_since") or _NO_DATA_YET


def change_title(entry):
    """The entry's headline (“Django 6.1.3 released …”), or “Changed Framework “Flask””:
    the action, the kind of data and the thing changed."""
    if entry.headline:
        return entry.headline
    return f"{entry.get_action_display()} {entry.kind.capitalize()} “{entry.object_repr}”"


class ChangesFeed(Feed):
    feed_type = StableAtom1Feed
    title = f"What changed · {settings.SITE_NAME}"
    subtitle = "Every change to the comparison data, newest first."
    link = reverse_lazy("comparisons:change-list")
    # Atom needs an author; the site is it (editors' names are never published).
    author_name = settings.SITE_NAME

    def get_object(self, request, *args, **kwargs):
        # The absolute address of the HTML list, for ids that stay unique per entry.
        return request.build_absolute_uri(reverse("comparisons:change-list"))

    def items(self, list_url):
        entries = list(
            ChangeLogEntry.objects.public()
            .with_links()
            .order_by("-changed_at", "-pk")[:FEED_LENGTH]
        )
        for entry in entries:
            entry.feed_id = f"{list_url}#change-{entry.pk}"
        return entries

    def feed_extra_kwargs(self, list_url):
        as_of = data_as_of()
        return {"quiet_since": _midnight_utc(as_of) if as_of else None}

    def item_title(self, entry):
        return change_title(entry)

    def item_description(self, entry):
        # Atom sends this as HTML: every value is escaped text.
        if entry.changes:
            return format_html(
                "<ul>{}</ul>",
                format_html_join(
                    "",
                    "<li>{}: {} → {}</li>",
                    (
                        (change.get("field", ""), change.get("old", ""), change.get("new", ""))
                        for change in entry.changes
                    ),
                ),
            )
        verb = {ChangeAction.CREATED: "added", ChangeAction.DELETED: "removed"}.get(
            entry.action, "changed"
        )
        return format_html(
            "<p>{} “{}” was {}.</p>", entry.kind.capitalize(), entry.object_repr, verb
        )

    def item_link(self, entry):
        return entry.object_url or f"{reverse('comparisons:change-list')}#change-{entry.pk}"

    def item_guid(self, entry):
        # Several entries can link to the same page; each needs its own Atom id.
        return entry.feed_id

    def item_pubdate(self, entry):
        return entry.changed_at

    def item_updateddate(self, entry):
        return entry.changed_at


RELEASE_FEED_LENGTH = 30


class ReleasesFeed(Feed):
    """A framework's new releases, newest first: what feed readers subscribe to."""

    feed_type = Atom1Feed
    author_name = settings.SITE_NAME

    def get_object(self, request, slug):
        framework = get_object_or_404(Framework.objects.published(), slug=slug)
        # Atom ids are absolute: this page's address, one fragment per release.
        framework.page_url = request.build_absolute_uri(framework.get_absolute_url())
        return framework

    def title(self, framework):
        return f"New releases of {framework.name} · {settings.SITE_NAME}"

    def subtitle(self, framework):
        return (
            f"Every release of {framework.name} on the package index, as this site records "
            "it: version, upload day and Python support."
        )

    def link(self, framework):
        return framework.get_absolute_url()

    def items(self, framework):
        self._page_url = framework.page_url
        # Only releases with a known day: an Atom entry needs a date, and none is invented.
        return (
            framework.releases.filter(uploaded_on__isnull=False)
            .select_related("framework")
            .order_by("-uploaded_on", "-version_key")[:RELEASE_FEED_LENGTH]
        )

    def item_title(self, release):
        kind = " (pre-release)" if release.is_prerelease else ""
        return f"{release.framework.name} {release.version}{kind}"

    def item_description(self, release):
        parts = [f"Uploaded to the package index on {release.uploaded_on:%-d %B %Y} (UTC)."]
        if release.requires_python:
            parts.append(f"Requires-Python: {release.requires_python}.")
        if release.is_yanked:
            parts.append("Withdrawn from the index (yanked).")
        return format_html_join("", "<p>{}</p>", ((part,) for part in parts))

    def item_link(self, release):
        return release.source_url or (f"{release.framework.get_absolute_url()}#support-heading")

    def item_guid(self, release):
        return f"{self._page_url}#release-{release.version}"

    def item_pubdate(self, release):
        return _midnight_utc(release.uploaded_on)

    def item_updateddate(self, release):
        return _midnight_utc(release.uploaded_on)


def _midnight_utc(day):
    return datetime.combine(day, time(0), tzinfo=UTC)
