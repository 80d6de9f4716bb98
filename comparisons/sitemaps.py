"""sitemap.xml: the pages worth indexing, including the canonical comparison of every pair.

``/sitemap.xml`` is an index of one sitemap per section (``/sitemap-<section>.xml``); a
section longer than its ``limit`` is split into pages (``?p=2``), so no sitemap grows with
the square of the number of frameworks, as the pairs do.
"""

from itertools import combinations, islice

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from . import queries
from .changes import data_as_of
from .models import Article, Framework
from .pages import PAGES
from .selection import SEPARATOR


class DataSitemap(Sitemap):
    """A section whose pages show the comparison data: each dated by the day the data is
    current as of, and so is the section in the index (without reading its items)."""

    def lastmod(self, item):
        return data_as_of()

    def get_latest_lastmod(self):
        return data_as_of()


class PageSitemap(DataSitemap):
    """The site's own pages (``in_sitemap`` in pages.py), each at its canonical URL."""

    changefreq = "weekly"
    priority = 0.6

    def items(self):
        return [page.url_name for page in PAGES if page.in_sitemap]

    def location(self, item):
        if item == "comparisons:compare":
            return every_framework_compared()
        return reverse(item)


def every_framework_compared():
    """The canonical URL of ``/compare/`` as it opens (every published framework): their
    permalink, or the picker itself once they are too many to name (``CompareView``)."""
    from .views.compare import CompareView

    slugs = list(Framework.objects.published().values_list("slug", flat=True))
    if 2 <= len(slugs) <= CompareView.LARGE_SELECTION:
        return reverse("comparisons:compare-permalink", args=[SEPARATOR.join(slugs)])
    return reverse("comparisons:compare")


class FrameworkSitemap(DataSitemap):
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


class Pairs:
    """The permalink of each pair of frameworks (``slugs``, in the site's order) once, as a
    sequence that builds only the slice asked for (a sitemap page), not the square."""

    # The permalink's pattern, reversed once per page: a reverse() per pair would take most
    # of the page's time. The pattern's own converter accepts the placeholder.
    PLACEHOLDER = "0-vs-0"

    def __init__(self, slugs):
        self.slugs = list(slugs)

    def __len__(self):
        count = len(self.slugs)
        return count * (count - 1) // 2

    def __getitem__(self, index):
        if not isinstance(index, slice):
            raise TypeError("Pairs are read a page (a slice) at a time.")
        start, stop, _ = index.indices(len(self))
        pattern = reverse("comparisons:compare-permalink", args=[self.PLACEHOLDER])
        return [
            pattern.replace(self.PLACEHOLDER, SEPARATOR.join(pair))
            for pair in islice(combinations(self.slugs, 2), start, stop)
        ]


class PairSitemap(DataSitemap):
    """Each pair of published frameworks once, at its canonical permalink."""

    changefreq = "weekly"
    priority = 0.5
    limit = 200  # URLs per page of this section: 200 frameworks make 100 pages

    def items(self):
        # Slugs only: the latest-release annotations of published_frameworks() cost more
        # than the page at 200 frameworks.
        return Pairs(Framework.objects.published().values_list("slug", flat=True))

    def location(self, permalink):
        return permalink


SITEMAPS = {
    "pages": PageSitemap,
    "frameworks": FrameworkSitemap,
    "articles": ArticleSitemap,
    "comparisons": PairSitemap,
}
