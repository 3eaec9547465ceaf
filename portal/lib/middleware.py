from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _


def security_headers(get_response):
    """Headers Django's SecurityMiddleware does not set: Permissions-Policy and Cross-Origin-Resource-Policy."""

    def middleware(request):
        response = get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response

    return middleware


def nul_in_address_is_not_found(get_response):
    """A NUL (%00) in the address names no page, and PostgreSQL refuses NUL in a query: without this, every view that
    looks up a token or reference from the address would answer with a server error."""

    def middleware(request):
        if "\x00" in request.path_info:
            raise Http404
        return get_response(request)

    return middleware


def admin_requires_two_factor(get_response):
    """Staff reach the admin only with two-factor authentication set up; allauth then asks for the code at
    every log-in. Without it they are sent to set it up first."""

    def middleware(request):
        user = request.user
        if (
            settings.ADMIN_REQUIRES_TWO_FACTOR
            and user.is_authenticated
            and user.is_staff
            and request.path_info.startswith(reverse("admin:index"))
            and not is_mfa_enabled(user)
        ):
            messages.warning(request, _("Please set up two-factor authentication before you use the administration."))
            return redirect("mfa_activate_totp")
        return get_response(request)

    return middleware
