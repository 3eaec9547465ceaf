from django.core.management.base import BaseCommand, CommandError

from portal.lib import backup


class Command(BaseCommand):
    help = (
        "Restore an archive of `manage.py backup` into the configured database and MEDIA_ROOT, then compare the "
        "rows per table with the archive's manifest (README, “Backups”)."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="brueckenschlag-….tar.gz")
        parser.add_argument(
            "--yes",
            "--force",
            action="store_true",
            dest="force",
            help="Replace the contents of a database that is not empty.",
        )
        parser.add_argument("--database", default="default", help="Database alias (default: default).")

    def handle(self, *args, archive, force, database, **options):
        try:
            restored = backup.restore(archive, using=database, force=force)
        except backup.BackupError as error:
            raise CommandError(str(error)) from None
        manifest = restored.manifest
        self.stdout.write(f"Restored the backup of {manifest['created']} ({manifest['vendor']}).")
        width = max((len(table) for table in manifest["tables"]), default=0)
        for table, rows in sorted(manifest["tables"].items()):
            self.stdout.write(f"  {table:<{width}}  {restored.counts[table]:>9}  (manifest: {rows})")
        self.stdout.write(f"{restored.media_files} media files written.")
        self.stdout.write(self.style.SUCCESS("Every table has the rows the manifest lists."))
        if restored.unapplied:
            self.stdout.write(
                self.style.WARNING(
                    f"The code has {len(restored.unapplied)} migrations the backup lacks: run manage.py migrate."
                )
            )
