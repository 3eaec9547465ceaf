from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from coworking import bulk


class Command(BaseCommand):
    help = (
        "Create the co-working benchmark data set: published spaces with desks, members and booked slots over the "
        "past 12 months and the next 4 weeks, generated reproducibly from a seed. Replaces the previous bulk set "
        "(spaces 'bulk-cw-…', members @bulk-coworking.example); other data stays."
    )

    def add_arguments(self, parser):
        parser.add_argument("--spaces", type=int, default=200, help="How many spaces (default 200).")
        parser.add_argument("--desks", type=int, default=2000, help="Desks in all spaces together (default 2,000).")
        parser.add_argument(
            "--bookings", type=int, default=500_000, help="Booked slot rows (occupancies) in all (default 500,000)."
        )
        parser.add_argument("--members", type=int, default=5000, help="Members booking them (default 5,000).")
        parser.add_argument("--seed", type=int, default=1, help="The random seed (default 1): same seed, same data.")
        parser.add_argument("--clear", action="store_true", help="Only delete the previous bulk set.")

    def handle(self, *args, spaces, desks, bookings, members, seed, clear, **options):
        if clear:
            deleted = bulk.delete()
            self.stdout.write(self.style.SUCCESS(f"Deleted the co-working bulk set ({deleted:,} spaces)."))
            return
        self.stdout.write(
            self.style.WARNING("This adds generated co-working spaces and members to the database (slugs 'bulk-cw-…').")
        )
        try:
            result = bulk.generate(
                spaces=spaces, desks=desks, occupancies=bookings, members=max(members, desks), seed=seed
            )
        except ValueError as error:
            raise CommandError(str(error)) from None
        if result.deleted_spaces:
            self.stdout.write(f"Deleted the previous bulk set of {result.deleted_spaces:,} spaces.")
        hosts = (
            f"{result.hosts_reused:,} reused host organisations of seed_bulk"
            if result.hosts_reused
            else f"{result.hosts_created:,} new host organisations"
        )
        for phase, seconds in result.timings.items():
            self.stdout.write(f"  {phase:<34}{seconds:>8.1f} s")
        self.stdout.write(
            self.style.SUCCESS(
                f"Created {result.spaces:,} published spaces ({hosts}) with {result.desks:,} desks and "
                f"{result.rooms:,} rooms, {result.members:,} members, {result.bookings:,} bookings with "
                f"{result.occupancies:,} booked slots on {connection.vendor} in {result.seconds:.1f} s (seed {seed})."
            )
        )
