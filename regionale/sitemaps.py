"""The portfolio and the published REGIONALE projects' pages for sitemap.xml."""

from django.urls import reverse

from portal.sitemaps import PortalSitemap

from .models import Project


class ProjectSitemap(PortalSitemap):
    """The portfolio first (None), then every published project."""

    def items(self):
        return [None, *Project.objects.published().only("slug", "updated").order_by("pk")]

    def location(self, project):
        return project.get_absolute_url() if project else reverse("regionale:portfolio")

    def lastmod(self, project):
        return project.updated if project else None
