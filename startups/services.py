"""Creating the organisation a registration journey describes: organisation, owner membership and record."""

from allauth.account.models import EmailAddress
from django.db import IntegrityError, transaction
from django.utils import timezone

from companies.models import Kind, Membership, Municipality, Organisation, Role, Topic
from portal.lib.text import german_slugify

from .models import Registration

SLUG_ATTEMPTS = 3


def unique_slug(name):
    """The name as a slug; "-2", "-3", … appended while another organisation has it."""
    base = german_slugify(name)[:200].strip("-") or "organisation"
    slug, number = base, 1
    while Organisation.objects.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


def _create_with_unique_slug(**fields):
    """Create the organisation; should another one take the slug in the meantime, try the next free one."""
    for attempt in range(SLUG_ATTEMPTS):
        try:
            with transaction.atomic():
                return Organisation.objects.create(slug=unique_slug(fields["name"]), **fields)
        except IntegrityError:
            if attempt == SLUG_ATTEMPTS - 1:
                raise


def is_verified(user):
    return EmailAddress.objects.filter(user=user, primary=True, verified=True).exists()


def previous_registration(token):
    if "\x00" in token:  # only a tampered form sends it, and PostgreSQL refuses it in a query (a server error)
        return None
    return Registration.objects.select_related("organisation").filter(token=token).first()


@transaction.atomic
def register(user, token, basics, profile):
    """Create the draft organisation with `user` as its owner; publish it at once when the user is verified.

    Raises IntegrityError when a registration with this token exists (a double submission that raced this one)."""
    kind = basics["kind"]
    organisation = _create_with_unique_slug(
        kind=kind,
        name=basics["name"],
        pitch=basics["pitch"],
        municipality=Municipality.objects.get(pk=basics["municipality"]),
        stage=profile.get("stage", "") if kind == Kind.STARTUP else "",
        looking_for=profile.get("looking_for", []) if kind == Kind.STARTUP else [],
        size_band=profile.get("size_band", "") if kind == Kind.FIRM else "",
        content_updated=timezone.now(),
    )
    organisation.topics.set(Topic.objects.filter(pk__in=profile["topics"]))
    Membership.objects.create(user=user, organisation=organisation, role=Role.OWNER)
    registration = Registration.objects.create(
        token=token, organisation=organisation, user=user, awaiting_verification=not is_verified(user)
    )
    if not registration.awaiting_verification:
        organisation.publish()
    return registration
