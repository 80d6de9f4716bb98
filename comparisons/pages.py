"""The site's public pages, each once: the sitemap, the tests and bench/ read this list.

A new public page is one entry here beside its view, URL and template; tests/test_pages.py
fails for a route of ``comparisons/urls.py`` that is neither here nor in ``NOT_PAGES``.
"""

from dataclasses import dataclass

from django.urls import reverse

# The decision helper asked for three needs: the page bench/scale.py has always timed.
THREE_NEEDS = "?needs=routing&needs=admin-panel&needs=async-support"


@dataclass(frozen=True)
class Page:
    """A public URL and what the readers of this list need to know of it.

    ``examples`` are the arguments of the paths that show it on the article's three
    frameworks (the ``demo`` of the tests), ``full_demo_examples`` those that only the whole
    of fixtures/demo.json has; each ``variant`` is a query string on the first example.
    """

    url_name: str
    examples: tuple[tuple[str, ...], ...] = ((),)
    full_demo_examples: tuple[tuple[str, ...], ...] = ()
    variants: tuple[str, ...] = ()
    html: bool = True  # else a feed, a calendar, XML or text: no HTML or browser checks
    in_sitemap: bool = False  # an entry of the sitemap's section of the site's own pages
    says_data_as_of: bool = False  # shows comparison data, so says how current it is
    # Its most queries on a cold cache at 3 and at 50 frameworks (tests/test_views.py), or
    # None where the page's own test module bounds them.
    max_queries: int | None = None
    # The query string of the first example that bench/scale.py times ("" for none), or
    # None for a page not timed at scale.
    timed: str | None = None

    def paths(self, full_demo=False):
        """The example paths, then the variants; with ``full_demo``, its examples too."""
        examples = self.examples + (self.full_demo_examples if full_demo else ())
        paths = [reverse(self.url_name, args=args) for args in examples]
        return paths + [paths[0] + variant for variant in self.variants]


# The demo's article: tests that edit or fuzz it name it too.
ARTICLE_SLUG = "flask-vs-fastapi-vs-django"

# In the sitemap's order of the site's own pages.
PAGES = (
    Page("comparisons:home", in_sitemap=True, says_data_as_of=True, max_queries=8, timed=""),
    Page(
        "comparisons:framework-list",
        variants=("?features=nope",),  # a filter's error beside the table
        in_sitemap=True,
        says_data_as_of=True,
        timed="",
    ),
    Page(
        "comparisons:framework-detail",
        examples=(("flask",), ("django",), ("fastapi",)),
        full_demo_examples=(("litestar",),),  # in no article
        says_data_as_of=True,
        # The richest page: the framework, its releases, its series' policy, attributes,
        # cells, results, pros and cons, scenarios, the comparisons with every other
        # framework, the articles naming it, and the footer's "data last changed".
        max_queries=11,
        timed="",
    ),
    Page("comparisons:compare", in_sitemap=True, says_data_as_of=True, timed=""),
    Page(
        "comparisons:compare-permalink",
        examples=(("flask-vs-django",),),
        variants=("?view=transposed",),
        says_data_as_of=True,
        timed="",
    ),
    Page("comparisons:benchmark-list", in_sitemap=True, says_data_as_of=True, timed=""),
    Page(
        "comparisons:choose",
        variants=(
            THREE_NEEDS,
            # Needs and a scenario: the helper's answer.
            "?needs=routing&needs=built-in-orm&needs=async-support"
            "&scenario=building-a-small-rest-api-or-microservice",
        ),
        in_sitemap=True,
        says_data_as_of=True,
        timed=THREE_NEEDS,
    ),
    Page("comparisons:article-list", in_sitemap=True, max_queries=8),
    Page(
        "comparisons:article-detail",
        examples=((ARTICLE_SLUG,),),
        says_data_as_of=True,
        # Sections, frameworks, claims, attributes, cells, results, scenarios, pros and
        # cons, and the footer's "data last changed".
        max_queries=9,
        timed="",
    ),
    Page("comparisons:change-list", in_sitemap=True, timed=""),
    Page("comparisons:about", in_sitemap=True),
    Page("comparisons:methodology", in_sitemap=True, max_queries=3),
    Page("comparisons:change-feed", html=False),
    Page("comparisons:release-feed", examples=(("django",),), html=False, max_queries=3),
    Page("comparisons:support-calendar", html=False, max_queries=3),
    Page("sitemap", html=False, timed=""),
    Page("sitemap-section", examples=(("comparisons",),), html=False, timed=""),
    Page("robots-txt", html=False),
    Page("healthz", html=False),
    Page("two_factor:login"),  # the editors' sign-in, open to anyone
)

# The routes of comparisons/urls.py that are no page of their own, and why.
NOT_PAGES = {
    "comparisons:favicon": "the browser's icon",
    "comparisons:share-page": "a page's share image, named in its <head>",
    "comparisons:share-framework": "a page's share image, named in its <head>",
    "comparisons:share-comparison": "a page's share image, named in its <head>",
    "comparisons:share-article": "a page's share image, named in its <head>",
}


def reader_paths(full_demo=False):
    """The example paths of every HTML page readers see (the editors' sign-in aside)."""
    return [
        path
        for page in PAGES
        if page.html and page.url_name.startswith("comparisons:")
        for path in page.paths(full_demo=full_demo)
    ]
