"""The articles: their list, and each article with its live data tables."""

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.generic import DetailView, ListView

from comparisons import queries, share_images, structured_data
from comparisons.models import Article

from .meta import PageMetaMixin


class ArticleListView(PageMetaMixin, ListView):
    page_title = "Articles"
    page_description = "Long-form comparisons of Python web frameworks, with live data tables."
    queryset = Article.objects.published()
    context_object_name = "articles"
    paginate_by = 20
    template_name = "comparisons/article_list.html"


class ArticleDetailView(PageMetaMixin, DetailView):
    context_object_name = "article"
    template_name = "comparisons/article_detail.html"
    og_type = "article"
    breadcrumb_parent = ("Articles", "comparisons:article-list")

    def get_structured_data(self, canonical_url):
        return [
            *super().get_structured_data(canonical_url),
            structured_data.article(self.object, canonical_url),
        ]

    def get_object(self, queryset=None):
        # The article comes with its sections, in one query (one more only if it has none).
        self.sections = queries.published_article_sections(self.kwargs["slug"])
        if self.sections:
            return self.sections[0].article
        return get_object_or_404(Article.objects.published(), slug=self.kwargs["slug"])

    def get_share_image(self):
        return (
            reverse("comparisons:share-article", args=[self.object.slug]),
            share_images.article_card(self.object),
        )

    def get_page_title(self):
        return self.object.title

    def get_page_description(self):
        return self.object.description

    def get_context_data(self, **kwargs):
        page = queries.build_article(self.object, sections=self.sections)
        return super().get_context_data(page=page, as_of=page.as_of, **kwargs)
