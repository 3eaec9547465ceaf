from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from portal.lib import backup


class Command(BaseCommand):
    help = "Write the database and the uploaded files into one archive (README, “Backups”)."

    def add_arguments(self, parser):
        parser.add_argument("--output", default=None, help="Folder for the archive (default: BACKUP_DIR).")
        parser.add_argument("--database", default="default", help="Database alias (default: default).")

    def handle(self, *args, output, database, **options):
        try:
            path = backup.create(output or settings.BACKUP_DIR, using=database)
        except backup.BackupError as error:
            raise CommandError(str(error)) from None
        try:
            manifest = backup.read_manifest(path)  # read back: every checksum must match
        except backup.BackupError as error:
            raise CommandError(f"The archive just written does not read back: {error}") from None
        rows = sum(manifest["tables"].values())
        media = sum(1 for name in manifest["files"] if name.startswith(f"{backup.MEDIA}/"))
        self.stdout.write(f"{path}")
        self.stdout.write(
            f"{len(manifest['tables'])} tables, {rows} rows, {media} media files, "
            f"{path.stat().st_size / 1024 / 1024:.1f} MB; read back, every checksum matches"
        )
