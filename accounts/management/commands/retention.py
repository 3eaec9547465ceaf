from django.core.management.base import BaseCommand

from accounts import retention


class Command(BaseCommand):
    help = (
        "Delete or anonymise records older than their storage period (settings RETENTION_*_DAYS; the privacy "
        "notice states them). Safe to run often: a second run changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Count what would change; change nothing.")

    def handle(self, *args, dry_run, **options):
        outcomes = retention.apply(dry_run=dry_run)
        for outcome in outcomes:
            self.stdout.write(f"{outcome.count:>7}  {outcome.rule.description} (older than {outcome.days} days)")
        if dry_run:
            self.stdout.write("Dry run: nothing was changed.")
