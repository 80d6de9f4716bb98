"""The public change log: what changed in the data and when (never who), newest first."""

from functools import cached_property

from django.apps import apps
from django.views.generic import ListView

from comparisons.changes import NOT_PUBLIC
from comparisons.models import ChangeLogEntry
from comparisons.pagination import DEFAULT_PER_PAGE, ClampedPaginator, clamp_per_page

from .meta import PageMetaMixin


def change_kinds():
    """{model name: label} of every content model whose changes readers see, for ``?kind=``."""
    models = apps.get_app_config("comparisons").get_models()
    return {
        model._meta.model_name: str(model._meta.verbose_name).capitalize()
        for model in models
        if getattr(model._meta, "simple_history_manager_attribute", None)
        and not issubclass(model, NOT_PUBLIC)
    }


def requested_page(value):
    """A page number from user input: not a number is the first page, below 1 is too."""
    try:
        return max(int(value), 1)
    except (TypeError, ValueError):
        return 1


class ChangeListView(PageMetaMixin, ListView):
    page_title = "What changed"
    page_description = "Every change to the comparison data, newest first: what changed and when."
    context_object_name = "entries"
    template_name = "comparisons/change_list.html"
    paginate_by = DEFAULT_PER_PAGE
    paginator_class = ClampedPaginator

    @cached_property
    def kinds(self):
        return change_kinds()

    @cached_property
    def kind(self):
        """The ``?kind=`` filter when it names a logged model; anything else shows every kind."""
        kind = self.request.GET.get("kind", "")
        return kind if kind in self.kinds else ""

    def get_queryset(self):
        entries = ChangeLogEntry.objects.public().with_links()
        if self.kind:
            entries = entries.filter(
                content_type__app_label="comparisons", content_type__model=self.kind
            )
        return entries.order_by("-changed_at", "-pk")

    def get_paginate_by(self, queryset):
        return clamp_per_page(self.request.GET.get("per_page"), self.paginate_by)

    def paginate_queryset(self, queryset, page_size):
        """Like ListView's, but a bad page never fails: past the end shows the last page."""
        paginator = self.get_paginator(queryset, page_size)
        page = paginator.get_page(requested_page(self.request.GET.get(self.page_kwarg)))
        return paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs):
        return super().get_context_data(kinds=self.kinds, kind=self.kind, **kwargs)
