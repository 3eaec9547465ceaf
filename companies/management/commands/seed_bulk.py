from django.core.management.base import BaseCommand, CommandError

from companies import bulk


class Command(BaseCommand):
    help = (
        "Create the benchmark data set: N published organisations with keywords and topics, generated reproducibly "
        "from a seed. Replaces the previous bulk set (slugs like 'bulk-00001-…'); other data stays."
    )

    def add_arguments(self, parser):
        parser.add_argument("--organisations", type=int, default=10_000, help="How many (default 10,000).")
        parser.add_argument("--seed", type=int, default=1, help="The random seed (default 1): same seed, same data.")
        parser.add_argument(
            "--keywords-per-organisation",
            type=int,
            default=3,
            help="Keyword assignments per organisation on average (default 3).",
        )

    def handle(self, *args, organisations, seed, keywords_per_organisation, **options):
        if organisations < 0 or keywords_per_organisation < 0:
            raise CommandError("--organisations and --keywords-per-organisation must not be negative.")
        self.stdout.write(
            self.style.WARNING("This adds generated demo organisations to the database (slugs like 'bulk-00001-…').")
        )
        result = bulk.generate(organisations, seed=seed, keywords_per_org=keywords_per_organisation)
        if result.deleted:
            self.stdout.write(f"Deleted the previous bulk set of {result.deleted:,} organisations.")
        self.stdout.write(
            self.style.SUCCESS(
                f"Created {result.organisations:,} published organisations (seed {seed}) with "
                f"{result.keyword_assignments:,} keyword assignments ({result.keywords_created:,} new keywords), "
                f"{result.topic_assignments:,} topic and {result.industry_assignments:,} industry assignments "
                f"in {result.seconds:.1f} s (search documents: {result.search_seconds:.1f} s)."
            )
        )
