"""The about page: how the data is kept and where it comes from."""

from django.views.generic import TemplateView

from .meta import PageMetaMixin


class AboutView(PageMetaMixin, TemplateView):
    template_name = "comparisons/about.html"
    page_title = "About and methodology"
    page_description = (
        "Where the comparison data comes from, how editors keep it current, and how the "
        "benchmarks are measured."
    )
