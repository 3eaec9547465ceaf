"""sitemap.xml: every public page in German and English, each with its hreflang alternates.

The portal does not import the feature apps: their pages without parameters are named here as strings, and the
organisations' sitemap lives in companies/sitemaps.py."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import sitemaps
from django.urls import reverse

PAGES = [
    "portal:home",
    "portal:imprint",
    "portal:privacy",
    "portal:accessibility",
    "portal:easy_read",
    "portal:contact",
    "companies:directory",
    "companies:open_data",
    "coworking:list",
    "startups:startup",
    "startups:organisation",
]


class PortalSitemap(sitemaps.Sitemap):
    """Each page once per language with links to the others; scheme and host from SITE_URL, not the request."""

    i18n = True
    alternates = True
    x_default = True

    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc


class StaticSitemap(PortalSitemap):
    """The pages without parameters, by URL name."""

    def items(self):
        return PAGES

    def location(self, name):
        return reverse(name)
