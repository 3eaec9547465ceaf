from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from companies import bulk as companies_bulk
from matching import bulk


class Command(BaseCommand):
    help = (
        "Create the matching benchmark data set on the organisations of seed_bulk: current needs and offers with "
        "topics, keywords, places and dates (by default 2 needs and 3 offers per generated organisation, plus 5 % "
        "closed or expired ones), and demo members whose organisation has 5 current entries, generated reproducibly "
        "from a seed. Replaces the previous set (entries of 'bulk-…' organisations, users @bulk-matching.example)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--organisations",
            type=int,
            help="First run seed_bulk with this many organisations (default: use the ones there are).",
        )
        parser.add_argument("--needs", type=int, help="Current needs (default 2 per generated organisation).")
        parser.add_argument("--offers", type=int, help="Current offers (default 3 per generated organisation).")
        parser.add_argument("--members", type=int, default=5, help="Demo members with 5 entries each (default 5).")
        parser.add_argument("--seed", type=int, default=1, help="The random seed (default 1): same seed, same data.")
        parser.add_argument("--clear", action="store_true", help="Only delete the previous set.")

    def handle(self, *args, organisations, needs, offers, members, seed, clear, **options):
        if clear:
            deleted = bulk.delete()
            self.stdout.write(self.style.SUCCESS(f"Deleted the matching bulk set ({deleted:,} entries)."))
            return
        if any(value is not None and value < 0 for value in (organisations, needs, offers, members)):
            raise CommandError("--organisations, --needs, --offers and --members must not be negative.")
        self.stdout.write(self.style.WARNING("This adds generated needs and offers to the database."))
        if organisations is not None:
            bulk.delete()  # before their organisations go: in bulk, not one cascade per entry
            result = companies_bulk.generate(organisations, seed=seed)
            self.stdout.write(f"  {'seed_bulk organisations':<34}{result.seconds:>8.1f} s")
        try:
            result = bulk.generate(needs=needs, offers=offers, members=members, seed=seed)
        except (ValueError, RuntimeError) as error:
            raise CommandError(str(error)) from None
        if result.deleted:
            self.stdout.write(f"Deleted the previous set of {result.deleted:,} entries.")
        for phase, seconds in result.timings.items():
            self.stdout.write(f"  {phase:<34}{seconds:>8.1f} s")
        self.stdout.write(
            self.style.SUCCESS(
                f"Created {result.needs:,} current needs and {result.offers:,} current offers "
                f"(+ {result.inactive:,} closed or expired) with {result.topic_assignments:,} topic and "
                f"{result.keyword_assignments:,} keyword assignments ({result.keywords_created:,} new keywords), "
                f"{result.members:,} demo members (mitglied-01@{bulk.MEMBER_DOMAIN} …) on {connection.vendor} "
                f"in {result.seconds:.1f} s (seed {seed})."
            )
        )
