"""Answers for machines rather than readers: ``/healthz`` for load balancers, ``/robots.txt``
for crawlers, ``/favicon.ico`` for browsers."""

from django.db import connection
from django.db.utils import DatabaseError
from django.http import HttpResponse, JsonResponse
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_safe
from django.views.generic import RedirectView

from comparisons.cache_backend import cache_status


def database_status():
    """“ok”, or “down” when the database does not answer."""
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
    checks = {"database": database_status(), "cache": cache_status()}
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


class FaviconView(RedirectView):
    """``/favicon.ico``, which browsers and crawlers ask for whatever the page links."""

    permanent = True

    def get_redirect_url(self, *args, **kwargs):
        return static("img/favicon.ico")
