"""Public pages. Views stay thin: the query layer in ``queries.py`` builds the data."""

from django.db import connection
from django.db.utils import DatabaseError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_safe
from django.views.generic import DetailView, ListView, TemplateView

from comparisons import queries
from comparisons.cache_backend import cache_status
from comparisons.models import Article, BenchmarkResult

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

    def get_object(self, queryset=None):
        # The article comes with its sections, in one query (one more only if it has none).
        self.sections = queries.published_article_sections(self.kwargs["slug"])
        if self.sections:
            return self.sections[0].article
        return get_object_or_404(Article.objects.published(), slug=self.kwargs["slug"])

    def get_page_title(self):
        return self.object.title

    def get_page_description(self):
        return self.object.description

    def get_context_data(self, **kwargs):
        page = queries.build_article(self.object, sections=self.sections)
        return super().get_context_data(page=page, **kwargs)


class FrameworkDetailView(PageMetaMixin, DetailView):
    context_object_name = "framework"
    template_name = "comparisons/framework_detail.html"

    def get_page_title(self):
        return f"{self.object.name}: facts, features, benchmarks"

    def get_page_description(self):
        return self.object.summary or f"{self.object.name}, {self.object.kind.lower()}."

    def get_object(self, queryset=None):
        # The framework comes with its releases, in one query (one more only if it has none).
        self.releases = queries.published_framework_releases(self.kwargs["slug"])
        if self.releases:
            return self.releases[0].framework
        return get_object_or_404(
            queries.published_frameworks().select_related("source"), slug=self.kwargs["slug"]
        )

    def get_context_data(self, **kwargs):
        framework = self.object
        results = (
            BenchmarkResult.objects.filter(framework=framework)
            .select_related("benchmark", "release", "source")
            .order_by("benchmark__position", "-measured_on")
        )
        return super().get_context_data(
            matrix=queries.build_matrix([framework]),
            releases=self.releases,
            results=results,
            pros_and_cons=queries.pros_and_cons([framework])[0],
            recommendations=framework.recommendations.select_related("scenario").order_by(
                "scenario__position", "rank"
            ),
            **kwargs,
        )


def _database_status():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return "down"
    return "ok"


@never_cache
@require_safe
def healthz(request):
    """For load balancers (GET or HEAD): each dependency's state.

    503 only when the site cannot serve (the database is down); without the cache the
    site is slower but works, so that is 200 ``degraded``.
    """
    checks = {"database": _database_status(), "cache": cache_status()}
    if checks["database"] != "ok":
        status, code = "unavailable", 503
    elif checks["cache"] != "ok":
        status, code = "degraded", 200
    else:
        status, code = "ok", 200
    return JsonResponse({"status": status, **checks}, status=code)


@require_GET
def robots_txt(request):
    sitemap_url = request.build_absolute_uri(reverse("sitemap"))
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /*?*_export=",
        f"Sitemap: {sitemap_url}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
