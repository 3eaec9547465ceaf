"""Entries lapse after six months unless renewed (DOMAIN.md §5); two weeks before, the organisation's members are
reminded once. Expiry itself needs no state change: Entry.objects.current() hides an entry after its expires_on.

Run daily by the matching_housekeeping command.
"""

from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from companies.models import Membership

from .models import REMINDER_BEFORE, Entry


def due_for_reminder(today=None):
    """Current entries that expire within REMINDER_BEFORE and were not reminded of it yet."""
    today = today or timezone.localdate()
    return Entry.objects.current(today).filter(expires_on__lte=today + REMINDER_BEFORE, reminded_at__isnull=True)


def send_reminders(today=None):
    """Mail every owner and editor of each due entry's organisation, once per entry; returns how many entries."""
    members = Membership.objects.filter(user__is_active=True).select_related("user").order_by("user__email")
    due = (
        due_for_reminder(today)
        .select_related("organisation")
        .prefetch_related(Prefetch("organisation__memberships", queryset=members, to_attr="reminded_members"))
        .order_by("expires_on", "pk")
    )
    count = 0
    for entry in due:
        with transaction.atomic():
            # Claim the entry first: a second run at the same time (or a retry) finds nothing left to send.
            claimed = Entry.objects.filter(pk=entry.pk, reminded_at__isnull=True).update(reminded_at=timezone.now())
            if not claimed:
                continue
            for membership in entry.organisation.reminded_members:
                _send(entry, membership.user)
        count += 1
    return count


def expired_on(today=None):
    """Entries that were current yesterday and lapsed overnight, for the command's report."""
    yesterday = (today or timezone.localdate()) - timedelta(days=1)
    return Entry.objects.current(yesterday).filter(expires_on=yesterday).count()


def _send(entry, user):
    # The users have no language preference: German, the site's first language, also for the links' paths.
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "entry": entry,
            "user": user,
            "entry_url": settings.SITE_URL + entry.get_absolute_url(),
            "mine_url": settings.SITE_URL + reverse("matching:mine"),
        }
        subject = render_to_string("matching/email/expiry_reminder_subject.txt", context).strip()
        body = render_to_string("matching/email/expiry_reminder.txt", context)
    message = EmailMessage(subject, body, None, [user.email])
    transaction.on_commit(message.send)
