"""Bounds on the expensive outputs of the compare page, so one request cannot cost seconds.

Both layouts are paginated (frameworks as columns a page of columns at a time, frameworks
as rows a page of rows), but two outputs are built whole: the downloads, and the
differences-only view of frameworks as rows (which must see every framework to know
what differs). Beyond ``COMPARE_MAX_WIDE_FRAMEWORKS`` frameworks those show the
first frameworks only, in the site's order, and the page says so.
"""

from django.conf import settings

WIDE_OUTPUTS = "downloads and the differences-only view of frameworks as rows"


def wide_output_requested(request, *, transposed, differences):
    return (transposed and differences) or bool(request.GET.get("_export"))


def within_cap(frameworks, *, wide):
    """The frameworks to show, and a notice for the page when some were left out."""
    cap = settings.COMPARE_MAX_WIDE_FRAMEWORKS
    if not wide or len(frameworks) <= cap:
        return frameworks, ""
    notice = (
        f"{WIDE_OUTPUTS.capitalize()} hold at most {cap} frameworks: this shows the first "
        f"{cap} of the {len(frameworks)} chosen. Pick fewer frameworks to choose which."
    )
    return frameworks[:cap], notice
