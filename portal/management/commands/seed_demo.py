from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.module_loading import autodiscover_modules

from portal.lib import demo


class Command(BaseCommand):
    help = "Create or refresh the demo data of every app (idempotent: running it twice changes nothing more)."

    def handle(self, *args, **options):
        autodiscover_modules("demo")
        lines = []
        with transaction.atomic():
            for build in demo.builders():
                lines.extend(build() or [])
        self.stdout.write(self.style.SUCCESS("Demo data is ready. Demo log-ins:"))
        for line in lines:
            self.stdout.write("  " + line)
