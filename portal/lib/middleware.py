from django.conf import settings


def security_headers(get_response):
    """Headers Django's SecurityMiddleware does not set: Permissions-Policy and Cross-Origin-Resource-Policy."""

    def middleware(request):
        response = get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response

    return middleware
