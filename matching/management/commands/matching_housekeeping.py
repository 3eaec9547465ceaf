"""The needs-and-offers chores that depend on the date; cron runs this once a day."""

from django.core.management.base import BaseCommand

from matching import expiry


class Command(BaseCommand):
    help = (
        "Reminds the owners and editors of needs and offers that expire within the next two weeks (once per entry) "
        "and reports how many entries expired today. Safe to run at any time and repeatedly. Run it daily, e.g. "
        "from cron: 30 7 * * * cd /srv/portal && .venv/bin/python manage.py matching_housekeeping --verbosity 0"
    )

    def handle(self, *args, verbosity=1, **options):
        reminded = expiry.send_reminders()
        expired = expiry.expired_on()
        if verbosity:
            self.stdout.write(f"Needs and offers reminded of their expiry: {reminded}")
            self.stdout.write(f"Needs and offers expired today: {expired}")
