"""Load shedding: a frozen or overloaded database holds a few threads, never all of them.

Every request that may reach the database (anything the page cache did not answer) takes
one of ``RENDER_SLOTS`` per process first. When none frees up within
``RENDER_SLOT_WAIT_SECONDS`` the request gets the site's 503 page with ``Retry-After``
at once, so cached pages, static files and ``/healthz`` keep a thread to run on.
"""

import threading

from django.conf import settings
from django.http import HttpResponse
from django.template import loader

_EXEMPT = ("/static/", "/healthz")
# Renders take tens of milliseconds: a few seconds from now a slot is likely free.
RETRY_AFTER_SECONDS = 5


class RenderSlotsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.slots = threading.BoundedSemaphore(settings.RENDER_SLOTS)
        self.wait = settings.RENDER_SLOT_WAIT_SECONDS

    def __call__(self, request):
        if request.path_info.startswith(_EXEMPT):
            return self.get_response(request)
        if not self.slots.acquire(timeout=self.wait):
            return busy()
        try:
            return self.get_response(request)
        finally:
            self.slots.release()


def busy():
    response = HttpResponse(loader.render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
