"""Membership workflows that must hold under concurrency: an organisation always keeps at least one owner."""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Invitation, Membership, Organisation, Role


class LastOwnerError(Exception):
    """Raised instead of leaving an organisation without an owner."""

    message = _("An organisation needs at least one owner. Make someone else an owner first.")


def _lock_and_reread(membership):
    """Lock the organisation row, so concurrent removals and demotions queue behind each other and each
    counts the owners the previous one left; then re-read the membership (it may be gone by now)."""
    Organisation.objects.select_for_update().get(pk=membership.organisation_id)
    return Membership.objects.filter(pk=membership.pk).first()


def _ensure_another_owner(membership):
    others = Membership.objects.filter(organisation_id=membership.organisation_id, role=Role.OWNER)
    if not others.exclude(pk=membership.pk).exists():
        raise LastOwnerError


def change_role(membership, role):
    with transaction.atomic():
        current = _lock_and_reread(membership)
        if current is None:
            raise Membership.DoesNotExist
        if current.role == Role.OWNER and role != Role.OWNER:
            _ensure_another_owner(current)
        current.role = role
        current.save(update_fields=["role"])
        return current


def remove_member(membership):
    """Remove a member (or let them leave); refuses to remove the last owner."""
    with transaction.atomic():
        current = _lock_and_reread(membership)
        if current is None:
            return
        if current.role == Role.OWNER:
            _ensure_another_owner(current)
        current.delete()


def open_invitation(organisation, email, role, invited_by):
    """The open invitation for this address, created or refreshed (re-inviting re-sends the same one)."""
    invitation = organisation.invitations.filter(email__iexact=email, accepted_at__isnull=True).first()
    if invitation is None:
        invitation = Invitation(organisation=organisation, email=email)
    invitation.role = role
    invitation.invited_by = invited_by
    invitation.created = timezone.now()
    invitation.save()
    return invitation


def is_member(organisation, email):
    users = get_user_model().objects.filter(memberships__organisation=organisation)
    return (
        users.filter(email__iexact=email).exists()
        or users.filter(emailaddress__email__iexact=email, emailaddress__verified=True).exists()
    )


def accept_invitation(invitation, user):
    """Make the user a member; returns False when they already were one. The invitation is used up either way."""
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.accepted_at is not None:
            return False
        _membership, created = Membership.objects.get_or_create(
            user=user, organisation_id=invitation.organisation_id, defaults={"role": invitation.role}
        )
        invitation.accepted_at = timezone.now()
        invitation.save(update_fields=["accepted_at"])
        return created
