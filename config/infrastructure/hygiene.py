"""Requests no view should see: refused or cleaned before any view, cache or session runs.

- Methods a page does not take are a 405 with ``Allow`` (function views such as the
  sitemap's would answer ``TRACE`` with a 200).
- In the admin, a NUL character in the path or query string is a 400: no real link holds
  one, and PostgreSQL refuses it in any query (a list filter ``?kind__exact=%00`` would be a
  500). Public pages validate their parameters and say what was wrong (tests/test_hostile.py).
- A cookie holding a NUL is ignored (a session cookie ``"aaaa\\000bbbb"`` would be a 500).
- An admin date filter with a year no date can have sends the editor back to the
  unfiltered list, as the admin does for other bad lookups (Django raises OverflowError).
"""

import re

from django.contrib.admin.views.main import ERROR_FLAG
from django.http import HttpResponse, HttpResponseBadRequest, HttpResponseRedirect

from comparisons.editors import EDITOR_PATHS

_PUBLIC_METHODS = ("GET", "HEAD", "OPTIONS")
_EDITOR_METHODS = ("GET", "HEAD", "POST", "OPTIONS")
_DATE_PART = re.compile(r"__(year|month|day)$")
_DATE_PART_DIGITS = {"year": 4, "month": 2, "day": 2}


class RequestHygieneMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        is_admin = request.path_info.startswith("/admin/")
        is_editors = request.path_info.startswith(EDITOR_PATHS)
        allowed = _EDITOR_METHODS if is_editors else _PUBLIC_METHODS
        if request.method not in allowed:
            response = HttpResponse(status=405)
            response["Allow"] = ", ".join(allowed)
            return response
        if request.method == "OPTIONS":
            response = HttpResponse()
            response["Allow"] = ", ".join(allowed)
            return response
        if is_editors and _holds_nul(request):
            return HttpResponseBadRequest(
                "Bad request: the address holds a NUL character.", content_type="text/plain"
            )
        if any("\x00" in value for value in request.COOKIES.values()):
            request.COOKIES = {
                name: value for name, value in request.COOKIES.items() if "\x00" not in value
            }
        if is_admin and not _dates_in_range(request.GET):
            return HttpResponseRedirect(f"{request.path}?{ERROR_FLAG}=1")
        return self.get_response(request)


def _holds_nul(request):
    return "\x00" in request.path_info or any(
        "\x00" in key or "\x00" in value for key, values in request.GET.lists() for value in values
    )


def _dates_in_range(query):
    for key, values in query.lists():
        part = _DATE_PART.search(key)
        if part is None:
            continue
        for value in values:
            digits = value.strip()
            if len(digits) > _DATE_PART_DIGITS[part.group(1)]:
                return False
            if part.group(1) == "year" and digits.isdigit() and int(digits) >= 9999:
                return False  # the day after 31 December 9999 is no date
    return True
