"""The site's own 404 page under DEBUG too (make run), instead of Django's URL list."""

from django.conf import settings
from django.core.exceptions import MiddlewareNotUsed
from django.http import Http404
from django.urls import Resolver404, resolve
from django.views.defaults import page_not_found


class FriendlyNotFoundMiddleware:
    """Without DEBUG Django shows the site's 404.html by itself; this is for DEBUG only.

    It sits below CommonMiddleware, which still turns a 404 for ``/frameworks`` into a
    redirect to ``/frameworks/``.
    """

    def __init__(self, get_response):
        if not settings.DEBUG:
            raise MiddlewareNotUsed
        self.get_response = get_response

    def __call__(self, request):
        try:
            resolve(request.path_info, getattr(request, "urlconf", None))
        except Resolver404 as missing:
            return page_not_found(request, missing)
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, Http404):
            return page_not_found(request, exception)
        return None
