"""The published spaces' pages for sitemap.xml."""

from portal.sitemaps import PortalSitemap

from .models import Space


class SpaceSitemap(PortalSitemap):
    def items(self):
        return Space.objects.published().only("slug", "updated").order_by("pk")

    def lastmod(self, space):
        return space.updated
