"""Which query parameters each public page reads, and the normalised query a page is cached by.

A page's cache key is its path plus only the parameters its view reads, sorted, with
duplicate and empty values dropped: ``?utm_source=N`` neither adds an entry nor skips the
cache. The parameters come from the views themselves (their filterset, table, pagination
and export settings), plus the forms that two views build for themselves; only what no
class declares is listed by hand.
"""

from functools import lru_cache

from django.http import QueryDict
from django.urls import Resolver404, resolve
from django.utils.http import urlencode

from .forms import ChooseForm, CompareForm

# Forms a view builds from request.GET itself (rather than a filterset_class).
_FORMS_BY_URL_NAME = {
    "comparisons:compare": CompareForm,
    "comparisons:compare-permalink": CompareForm,
    "comparisons:choose": ChooseForm,
}
# Parameters read straight from request.GET, which no class attribute names.
_READ_DIRECTLY = {
    "comparisons:change-list": ("kind", "per_page"),
    "sitemap": ("p",),  # django.contrib.sitemaps' page number, in the index and a section
    "sitemap-section": ("p",),
}
# A query longer than this (normalised) is rendered but never stored: a real page's query
# is short, and free-text values (a search) must not fill the cache either.
MAX_STORED_QUERY = 300


def _table_parameters(table_class):
    meta = getattr(table_class, "_meta", None)
    return {
        getattr(meta, "order_by_field", "sort") or "sort",
        getattr(meta, "page_field", "page") or "page",
        getattr(meta, "per_page_field", "per_page") or "per_page",
    }


def parameters_of(view_class, url_name=None):
    """The set of query parameter names a view (class-based or not) reads."""
    names = set(_READ_DIRECTLY.get(url_name, ()))
    form = _FORMS_BY_URL_NAME.get(url_name)
    if form is not None:
        names |= set(form.base_fields)
    if view_class is None:
        return frozenset(names)
    filterset = getattr(view_class, "filterset_class", None)
    if filterset is not None:
        names |= set(filterset.base_filters)
    if hasattr(view_class, "table_pagination") or hasattr(view_class, "get_table"):
        names |= _table_parameters(getattr(view_class, "table_class", None))
    if getattr(view_class, "export_trigger_param", None):
        names.add(view_class.export_trigger_param)
    if getattr(view_class, "paginate_by", None):
        names.add(view_class.page_kwarg)
    return frozenset(names)


@lru_cache(maxsize=2048)
def parameters_for_path(path):
    """The parameters the page at ``path`` reads; None when no view answers the path."""
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return parameters_of(getattr(match.func, "view_class", None), match.view_name)


def _kept_pairs(query, names):
    """(name, value) of the parameters in ``names``, in their order, without repeats or empties."""
    seen = set()
    pairs = []
    for name, values in query.lists():
        if name not in names:
            continue
        for value in values:
            if value and (name, value) not in seen:
                seen.add((name, value))
                pairs.append((name, value))
    return pairs


def normalise_request(request):
    """Give the view only the parameters it reads; return the normalised query, or None.

    The view then renders exactly the page the key describes: a link that carries the
    query along (a sort header, the next page) never carries a made-up parameter into a
    page cached for everyone. The view keeps the parameters' order, so its links do too;
    the key is sorted, so either order finds the same page.
    """
    names = parameters_for_path(request.path_info)
    if names is None:
        return None
    pairs = _kept_pairs(request.GET, names)
    kept = urlencode(pairs)
    if kept != request.META.get("QUERY_STRING", ""):
        request.META["QUERY_STRING"] = kept
        request.GET = QueryDict(kept)
    request.page_cache_query = urlencode(sorted(pairs))
    return request.page_cache_query
