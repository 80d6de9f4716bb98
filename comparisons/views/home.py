"""The home page: a screen's worth of the published frameworks, and the latest articles."""

from django.views.generic import TemplateView

from comparisons import queries
from comparisons.models import Article

from .meta import PageMetaMixin


class HomeView(PageMetaMixin, TemplateView):
    template_name = "comparisons/home.html"
    page_title = "Python web frameworks compared"
    # A screen's worth of cards; the framework list has every one. One more is fetched
    # to know whether there are more, so the page costs the same at any size.
    framework_cards = 12

    def get_context_data(self, **kwargs):
        frameworks = list(queries.published_frameworks()[: self.framework_cards + 1])
        return super().get_context_data(
            frameworks=frameworks[: self.framework_cards],
            more_frameworks=len(frameworks) > self.framework_cards,
            articles=Article.objects.published()[:5],
            **kwargs,
        )
