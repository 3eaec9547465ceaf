"""Storage periods of contact requests (registered with accounts.retention, run by `manage.py retention`).

A contact request is deleted, with its message, reply and phone numbers, RETENTION_CONTACT_REQUESTS_DAYS after it
was answered (accepted or declined) or after it expired; a withdrawn one counts from its expiry date too, which
is later than the withdrawal. Nothing else refers to a request, and no figure counts them over a longer time.
"""

from django.db.models.functions import Coalesce

from accounts import retention

from .models import ContactRequest


def delete_contact_requests(cutoff, now):
    old = ContactRequest.objects.alias(closed=Coalesce("answered_at", "expires_at")).filter(closed__lt=cutoff)
    return old.delete()[1].get(ContactRequest._meta.label, 0)


retention.register(delete_contact_requests, "RETENTION_CONTACT_REQUESTS_DAYS", "contact requests deleted")
