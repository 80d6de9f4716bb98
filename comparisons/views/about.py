"""The about page (how the data is kept and where it comes from) and the favicon."""

from django.templatetags.static import static
from django.views.generic import RedirectView, TemplateView

from .meta import PageMetaMixin


class AboutView(PageMetaMixin, TemplateView):
    template_name = "comparisons/about.html"
    page_title = "About and methodology"
    page_description = (
        "Where the comparison data comes from, how editors keep it current, and how the "
        "benchmarks are measured."
    )


class FaviconView(RedirectView):
    """``/favicon.ico``, which browsers and crawlers ask for whatever the page links."""

    permanent = True

    def get_redirect_url(self, *args, **kwargs):
        return static("img/favicon.ico")
