from urllib.parse import urlsplit

from django.apps import AppConfig
from django.conf import settings
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def sync_site(**kwargs):
    """Keep the sites framework's record (used by allauth's e-mails) in step with SITE_URL after every migrate."""
    from django.contrib.sites.models import Site

    Site.objects.update_or_create(
        pk=settings.SITE_ID,
        defaults={"domain": urlsplit(settings.SITE_URL).netloc or "localhost", "name": "Brückenschlag"},
    )


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portal")

    def ready(self):
        from .lib import pagecache

        post_migrate.connect(sync_site, sender=self)
        pagecache.install()
