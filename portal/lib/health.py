from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache


@never_cache
def healthz(request):
    """200 when the database answers, 503 when not. Touches no session and sets no cookie."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def healthz_middleware(get_response):
    """Answer /healthz before host validation and the HTTPS redirect: container and load-balancer probes
    call it by IP address or localhost over plain HTTP."""

    def middleware(request):
        if request.path_info == "/healthz" and request.method in ("GET", "HEAD"):
            return healthz(request)
        return get_response(request)

    return middleware
