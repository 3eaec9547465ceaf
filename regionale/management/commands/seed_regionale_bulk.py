from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from regionale import bulk
from regionale.models import Stage


class Command(BaseCommand):
    help = (
        "Create the REGIONALE benchmark data set on the organisations of seed_bulk: projects in every stage, each "
        "moved there through the stage workflow with committee decisions, with sponsors, municipalities, funding, "
        "news and (when seed_matching_bulk ran) partners wanted, generated reproducibly from a seed. Replaces the "
        "previous set (slugs 'bulk-rp-…', with their history); other data stays."
    )

    def add_arguments(self, parser):
        parser.add_argument("--projects", type=int, default=100, help="How many projects (default 100).")
        parser.add_argument("--seed", type=int, default=1, help="The random seed (default 1): same seed, same data.")
        parser.add_argument("--clear", action="store_true", help="Only delete the previous set.")

    def handle(self, *args, projects, seed, clear, **options):
        if clear:
            deleted = bulk.delete()
            self.stdout.write(self.style.SUCCESS(f"Deleted the REGIONALE bulk set ({deleted:,} projects)."))
            return
        if projects < 0:
            raise CommandError("--projects must not be negative.")
        self.stdout.write(self.style.WARNING("This adds generated REGIONALE projects to the database ('bulk-rp-…')."))
        try:
            result = bulk.generate(projects, seed=seed)
        except (ValueError, RuntimeError) as error:
            raise CommandError(str(error)) from None
        if result.deleted:
            self.stdout.write(f"Deleted the previous set of {result.deleted:,} projects.")
        for phase, seconds in result.timings.items():
            self.stdout.write(f"  {phase:<34}{seconds:>8.1f} s")
        stages = ", ".join(f"{result.stages.get(stage, 0)} {stage}" for stage in Stage.values)
        self.stdout.write(
            self.style.SUCCESS(
                f"Created {result.projects:,} projects ({stages}) with {result.transitions:,} stage transitions, "
                f"{result.published:,} published and {result.featured:,} featured, {result.funding_lines:,} funding "
                f"lines, {result.updates:,} news updates, {result.with_needs:,} looking for partners, "
                f"{result.history_rows:,} history rows, on {connection.vendor} in {result.seconds:.1f} s (seed {seed})."
            )
        )
