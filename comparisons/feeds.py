"""The change log as an Atom feed: what changed and when, never who."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse, reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import format_html, format_html_join

from .models import ChangeAction, ChangeLogEntry

FEED_LENGTH = 50


def change_title(entry):
    """“Changed Framework “Flask””: the action, the kind of data and the thing changed."""
    return f"{entry.get_action_display()} {entry.kind.capitalize()} “{entry.object_repr}”"


class ChangesFeed(Feed):
    feed_type = Atom1Feed
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
