"""The needs-and-offers chores that depend on the date and time; cron runs this every few minutes."""

from django.core.management.base import BaseCommand

from matching import expiry, services


class Command(BaseCommand):
    help = (
        "Reminds the owners and editors of needs and offers that expire within the next two weeks (once per entry), "
        "reports how many entries expired today, and expires contact requests left unanswered for 14 days (telling "
        "both sides once). Safe to run at any time and repeatedly. Run it every few minutes, e.g. from cron: "
        "*/5 * * * * cd /srv/portal && .venv/bin/python manage.py matching_housekeeping --verbosity 0"
    )

    def handle(self, *args, verbosity=1, **options):
        reminded = expiry.send_reminders()
        expired = expiry.expired_on()
        requests_expired = services.expire_overdue()
        if verbosity:
            self.stdout.write(f"Needs and offers reminded of their expiry: {reminded}")
            self.stdout.write(f"Needs and offers expired today: {expired}")
            self.stdout.write(f"Contact requests expired without an answer: {requests_expired}")
