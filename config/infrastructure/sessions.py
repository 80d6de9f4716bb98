"""Editors' sessions end after an idle hour and after twelve hours at most (OWASP ASVS 3.3.2).

Only the editors' pages read the session: a public page never touches it, so it stays the
same for every reader (no ``Vary: Cookie``) and shared caches may keep it.
"""

import time

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login

from comparisons.editors import EDITOR_PATHS

SIGNED_IN_AT = "signed_in_at"


class EditorSessionLimitsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.startswith(EDITOR_PATHS) and request.user.is_authenticated:
            now = int(time.time())
            signed_in_at = request.session.setdefault(SIGNED_IN_AT, now)
            if now - signed_in_at >= settings.EDITOR_SESSION_MAX_SECONDS:
                logout(request)  # deletes the session on the server, not just the cookie
                return redirect_to_login(request.get_full_path())
            # The idle limit is the session's own expiry, renewed by each editor request:
            # Django refuses a session past it, so an abandoned one ends without a request.
            request.session.set_expiry(settings.EDITOR_SESSION_IDLE_SECONDS)
        return self.get_response(request)
