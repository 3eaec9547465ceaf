"""The published organisations' profiles for sitemap.xml."""

from portal.sitemaps import PortalSitemap

from .models import Organisation


class OrganisationSitemap(PortalSitemap):
    def items(self):
        return Organisation.objects.published().only("slug", "content_updated").order_by("pk")

    def lastmod(self, organisation):
        return organisation.content_updated
