"""What the registration journey does when allauth reports a confirmed address or a log-in."""

from django.conf import settings
from django.shortcuts import resolve_url
from django.urls import reverse

from .models import Registration

WELCOME = "startups_welcome"  # session key: the organisation whose welcome page the next log-in should show


def publish_on_confirmation(sender, request, email_address, **kwargs):
    """The owner's address is verified: publish what their registration journeys created."""
    registrations = Registration.objects.filter(user_id=email_address.user_id, awaiting_verification=True)
    registrations = list(registrations.select_related("organisation").order_by("-created"))
    for registration in registrations:
        registration.publish()
    if registrations and request is not None and not request.user.is_authenticated:
        request.session[WELCOME] = registrations[0].organisation.slug


def welcome_after_log_in(sender, request, user, response=None, **kwargs):
    """The log-in right after confirming lands on the welcome page instead of the account overview.

    allauth passes the log-in's redirect response to this signal; it is changed only when it leads to the default
    page, so an explicit ?next= wins. Confirming on one device and logging in on another skips the welcome page:
    the profile is under "My organisations" then."""
    slug = request.session.pop(WELCOME, None)
    if slug and response is not None and response.get("Location") == resolve_url(settings.LOGIN_REDIRECT_URL):
        response["Location"] = reverse("startups:welcome", args=[slug])
