"""sitemap.xml: the pages worth indexing, including the canonical comparison of every pair."""

from itertools import combinations

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from . import queries
from .models import Article
from .selection import Selection


class PageSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.6

    def items(self):
        return [
            "comparisons:home",
            "comparisons:framework-list",
            "comparisons:compare",
            "comparisons:benchmark-list",
            "comparisons:choose",
            "comparisons:article-list",
            "comparisons:about",
        ]

    def location(self, item):
        return reverse(item)


class FrameworkSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.8

    def items(self):
        return queries.published_frameworks()


class ArticleSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.9

    def items(self):
        return Article.objects.published()

    def lastmod(self, article):
        return article.updated_on or article.published_on


class PairSitemap(Sitemap):
    """Each pair of published frameworks once, at its canonical permalink."""

    changefreq = "weekly"
    priority = 0.5

    def items(self):
        return [
            Selection(list(pair), []) for pair in combinations(queries.published_frameworks(), 2)
        ]

    def location(self, selection):
        return selection.permalink


SITEMAPS = {
    "pages": PageSitemap,
    "frameworks": FrameworkSitemap,
    "articles": ArticleSitemap,
    "comparisons": PairSitemap,
}
