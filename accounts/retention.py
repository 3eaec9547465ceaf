"""Storage periods: old records are deleted or anonymised after the periods the settings give and the privacy
notice states (`manage.py retention`, run by the housekeeping loop).

accounts imports none of the domain apps. Each app that keeps personal data for a limited time has a module
`retention.py` that registers its rules here; the command imports every app's `retention` module first
(autodiscover), as the admin finds `admin.py`:

    register(func, setting, description)   func(cutoff, now) deletes or anonymises what is older than `cutoff`
                                           (now minus the setting's days) with queryset bulk operations and
                                           returns how many records it changed; running it again changes none.
                                           description: what the count counts, for the command's report.

This module registers the accounts' own rule (accounts whose e-mail address was never confirmed and that never
logged in are deleted) and the portal's (messages through the contact and barrier forms are deleted): the portal
imports no app, so it cannot register itself.
"""

from dataclasses import dataclass
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules

from portal.models import Feedback

from . import audit
from .models import User

_rules = []


@dataclass(frozen=True)
class Rule:
    func: object
    setting: str
    description: str

    @property
    def days(self):
        return getattr(settings, self.setting)


@dataclass(frozen=True)
class Outcome:
    rule: Rule
    days: int
    count: int


def register(func, setting, description):
    _rules.append(Rule(func, setting, description))
    return func


def rules():
    autodiscover_modules("retention")
    return list(_rules)


def periods():
    """The storage periods in days, for the privacy notice."""
    return {
        "bookings": settings.RETENTION_BOOKINGS_DAYS,
        "waitlist": settings.RETENTION_WAITLIST_DAYS,
        "contact_requests": settings.RETENTION_CONTACT_REQUESTS_DAYS,
        "unverified_accounts": settings.RETENTION_UNVERIFIED_ACCOUNTS_DAYS,
        "feedback": settings.RETENTION_FEEDBACK_DAYS,
        "audit_log": settings.AUDIT_LOG_KEEP_DAYS,
        "sent_mail": settings.MAIL_QUEUE_KEEP_SENT_DAYS,
    }


class _DryRun(Exception):
    pass


def apply(now=None, dry_run=False):
    """Run every rule in one transaction; a dry run counts the same way and rolls everything back."""
    now = now or timezone.now()
    outcomes = []
    try:
        with transaction.atomic():
            for rule in rules():
                days = rule.days
                outcomes.append(Outcome(rule, days, rule.func(now - timedelta(days=days), now)))
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    return outcomes


# --- accounts ---------------------------------------------------------------------------------------------


def delete_unverified_accounts(cutoff, now):
    """Accounts that signed up before `cutoff`, never confirmed an address and never logged in. Staff accounts
    (created on the command line, they may not have logged in yet) stay."""
    verified = EmailAddress.objects.filter(user=OuterRef("pk"), verified=True)
    unverified = User.objects.filter(
        date_joined__lt=cutoff, last_login__isnull=True, is_staff=False, is_superuser=False
    ).exclude(Exists(verified))
    return unverified.delete()[1].get(User._meta.label, 0)


register(
    delete_unverified_accounts,
    "RETENTION_UNVERIFIED_ACCOUNTS_DAYS",
    "accounts deleted whose e-mail address was never confirmed",
)


def delete_feedback(cutoff, now):
    return Feedback.objects.filter(created__lt=cutoff).delete()[1].get(Feedback._meta.label, 0)


register(delete_feedback, "RETENTION_FEEDBACK_DAYS", "messages through the contact and barrier forms deleted")


def delete_old_audit_events(cutoff, now):
    return audit.purge(now)


register(delete_old_audit_events, "AUDIT_LOG_KEEP_DAYS", "security audit events deleted")
