from django.core.paginator import Paginator

DEFAULT_PER_PAGE = 25
MAX_PER_PAGE = 100


def clamp_per_page(value, default=DEFAULT_PER_PAGE):
    """A page size from user input: an int in 1..MAX_PER_PAGE, or ``default`` if unreadable."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return default
    return max(1, min(number, MAX_PER_PAGE))


class ClampedPaginator(Paginator):
    """A paginator whose page size is always 1..100, whatever ``?per_page=`` says."""

    def __init__(self, object_list, per_page, *args, **kwargs):
        super().__init__(object_list, clamp_per_page(per_page), *args, **kwargs)


# For SingleTableMixin.table_pagination: bad page numbers fall back to the first or last page.
TABLE_PAGINATION = {"paginator_class": ClampedPaginator, "per_page": DEFAULT_PER_PAGE}
