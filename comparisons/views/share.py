"""Share images: each public page's picture for link previews, at ``/share/<its path>.png``
(``/share/frameworks/flask.png``, ``/share/compare/flask-vs-django.png``,
``/share/benchmarks.png``). Public and cached like the pages; a page that does not exist
has no image (404)."""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe

from comparisons import queries, share_images
from comparisons.models import Article, Framework
from comparisons.selection import SEPARATOR, permalink_slug

from .meta import SHARED_PAGES, page_card


def _png(card):
    return HttpResponse(share_images.render(card), content_type="image/png")


@require_safe
def framework_image(request, slug):
    return _png(
        share_images.framework_card(get_object_or_404(queries.published_frameworks(), slug=slug))
    )


@require_safe
def comparison_image(request, slugs):
    frameworks = list(
        Framework.objects.published()
        .filter(slug__in=slugs.split(SEPARATOR))
        .only("name", "slug", "position")
    )
    # Only a canonical permalink has an image: an unknown, unpublished, repeated or
    # reordered slug would otherwise store one more copy of a picture in every cache.
    if len(frameworks) < 2 or permalink_slug(frameworks) != slugs:
        raise Http404("No such comparison.")
    return _png(share_images.comparison_card(frameworks))


@require_safe
def article_image(request, slug):
    article = get_object_or_404(Article.objects.published().only("title", "description"), slug=slug)
    return _png(share_images.article_card(article))


@require_safe
def page_image(request, name):
    if name not in SHARED_PAGES:
        raise Http404("No such page.")
    return _png(page_card(SHARED_PAGES[name]))
