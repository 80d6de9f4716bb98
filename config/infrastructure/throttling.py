from django.conf import settings


def client_ip(request):
    """The client's address for login throttling.

    Behind N trusted proxies the client is the Nth address from the right of
    X-Forwarded-For; anything further left was written by the client and can lie.
    """
    count = settings.TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    if count and len(hops) >= count:
        return hops[-count]
    return request.META.get("REMOTE_ADDR")
