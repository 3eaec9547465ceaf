"""What curators do to organisations, with the mails that tell the owners."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import timezone, translation

from portal.lib import mailqueue
from portal.lib.curators import CURATORS

from .models import Report


def hide(organisation, reason):
    organisation.hide(reason)
    owners = [owner.email for owner in organisation.owners()]
    if owners:
        body = render_to_string("companies/email/hidden.txt", {"organisation": organisation, "reason": reason})
        subject = f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}Profil ausgeblendet / Profile hidden"
        mailqueue.send(EmailMessage(subject, body, None, owners))


def report(organisation, reason, message, reporter=None):
    """Store a report and tell the curators; the profile stays visible until a curator decides."""
    entry = Report.objects.create(
        organisation=organisation, reason=reason, message=message, reporter=reporter if reporter else None
    )
    curators = list(
        get_user_model().objects.filter(groups__name=CURATORS, is_active=True).values_list("email", flat=True)
    )
    if curators:
        with translation.override(settings.LANGUAGE_CODE):
            body = render_to_string("companies/email/reported.txt", {"report": entry, "site_url": settings.SITE_URL})
        subject = f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}Meldung: {organisation.name}"
        mailqueue.send(EmailMessage(subject, body, None, curators))
    return entry


def mark_handled(reports):
    return reports.filter(handled_at__isnull=True).update(handled_at=timezone.now())
