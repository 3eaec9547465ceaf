"""The co-working chores that depend on the clock; cron runs this every five minutes."""

from django.core.management.base import BaseCommand

from coworking import services, waitlist


class Command(BaseCommand):
    help = (
        "Releases places nobody checked in to within the space's grace period (no-shows) and expires waiting-list "
        "offers that were not taken within their two-hour hold, passing the place to the next in line. "
        "Safe to run at any time and repeatedly. Run it every 5 minutes, e.g. from cron: "
        "*/5 * * * * cd /srv/portal && .venv/bin/python manage.py coworking_housekeeping --verbosity 0"
    )

    def handle(self, *args, verbosity=1, **options):
        expired = waitlist.expire_offers()
        released = services.release_no_shows()
        if verbosity:
            self.stdout.write(f"Waiting-list offers expired: {expired}")
            self.stdout.write(f"No-shows released: {released}")
