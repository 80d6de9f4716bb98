"""Template context for every page."""

from django.conf import settings

from .changes import data_as_of, data_last_changed


def data_freshness(request):
    """``data_last_changed``: when the public data last changed, or None; ``data_as_of``:
    the day the data is current as of (see ``changes.data_as_of``).

    A callable, so the template evaluates it only where it is shown (the footer of
    public pages): from the cache, or with one query when the cache is cold. A lazy
    object would not do: one wrapping None is still true in ``{% if %}``.
    """
    return {"data_last_changed": data_last_changed, "data_as_of": data_as_of}


def site(request):
    """``site_name``: the ``SITE_NAME`` setting, for titles and the header."""
    return {"site_name": settings.SITE_NAME}
