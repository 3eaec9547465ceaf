"""E-mails of the booking flow, each in the language the member booked in (Booking.language / WaitlistEntry.language).

send(template, context, to, language, attachments) renders coworking/email/<template>_subject.txt and
<template>.txt in that language and queues it with the caller's transaction (portal.lib.mailqueue.send), so a
rolled-back booking sends nothing and a committed one cannot lose its mail.

With a `booking` in the context, the templates also get `rows` (the booking's slots in order, unless the caller
passes the rows concerned) and `deadline` (the local moment until which the first still active slot can be
cancelled, or None).
"""

from datetime import UTC, timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation

from portal.lib import mailqueue


def _booking_context(booking):
    from . import availability
    from .models import ACTIVE_STATES

    rows = list(booking.occupancies.select_related("slot", "resource").order_by("starts_at", "pk"))
    first = next((row for row in rows if row.state in ACTIVE_STATES), None)
    deadline = None
    if first is not None:
        starts_at = first.starts_at.astimezone(UTC)  # real-time arithmetic, not wall-clock
        deadline = availability.local_now(starts_at - timedelta(hours=booking.space.cancel_deadline_hours))
    return {"rows": rows, "deadline": deadline}


def render(template, context, language):
    extra = _booking_context(context["booking"]) if context.get("booking") is not None else {}
    context = {"site_url": settings.SITE_URL, **extra, **context}
    with translation.override(language):
        subject = render_to_string(f"coworking/email/{template}_subject.txt", context).strip()
        body = render_to_string(f"coworking/email/{template}.txt", context)
    return subject, body


def send(template, context, to, language, attachments=()):
    """attachments: [(filename, content, mimetype)]. Recipients without an address (deleted accounts) are skipped."""
    recipients = [address for address in to if address]
    if not recipients:
        return
    subject, body = render(template, context, language)
    message = EmailMessage(subject, body, None, recipients)
    for attachment in attachments:
        message.attach(*attachment)
    mailqueue.send(message)
