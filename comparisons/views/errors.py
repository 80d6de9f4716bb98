"""The server-error handler: the site's own 503 page when the database is down, else 500."""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token

# Seconds after which a client or proxy may try again while the database is down.
RETRY_AFTER_SECONDS = 30


@requires_csrf_token
def server_error(request):
    """handler500. Django calls it while handling the exception, so ``sys.exc_info`` has it.

    A database that cannot be reached (connection refused, dropped, timed out) is a 503:
    the request was fine and will work again. Both pages render without a request
    context, so without a query.
    """
    error = sys.exc_info()[1]
    if isinstance(error, OperationalError | InterfaceError):
        response = HttpResponse(loader.render_to_string("503.html"), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return HttpResponse(loader.render_to_string("500.html"), status=500)
