from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.utils.translation import pgettext_lazy
from django.views.generic import TemplateView

from accounts import retention
from companies.sitemaps import OrganisationSitemap
from coworking import urls as coworking_urls
from coworking.sitemaps import SpaceSitemap
from regionale.sitemaps import ProjectSitemap

from . import views
from .lib.health import healthz
from .sitemaps import StaticSitemap

admin.site.login = secure_admin_login(admin.site.login)
# An unreachable database met in a middleware (session, signed-in user) gets the 503 page, not a 500.
handler500 = "portal.lib.outage.server_error"
admin.site.site_header = "Brückenschlag"
admin.site.site_title = "Brückenschlag"

SITEMAPS = {
    "pages": StaticSitemap(),
    "organisations": OrganisationSitemap(),
    "spaces": SpaceSitemap(),
    "regionale": ProjectSitemap(),
}

site_patterns = (
    [
        path("", views.home, name="home"),
        path(
            pgettext_lazy("URL", "imprint/"),
            TemplateView.as_view(template_name="portal/imprint.html"),
            name="imprint",
        ),
        path(
            pgettext_lazy("URL", "privacy/"),
            # A callable: the template reads the storage periods from the settings on every request.
            TemplateView.as_view(template_name="portal/privacy.html", extra_context={"retention": retention.periods}),
            name="privacy",
        ),
        path(pgettext_lazy("URL", "accessibility/"), views.accessibility, name="accessibility"),
        path(pgettext_lazy("URL", "accessibility/report/"), views.barrier_report, name="barrier_report"),
        path(
            pgettext_lazy("URL", "easy-read/"),
            TemplateView.as_view(template_name="portal/easy_read.html"),
            name="easy_read",
        ),
        path(pgettext_lazy("URL", "contact/"), views.contact, name="contact"),
        path(pgettext_lazy("URL", "thank-you/"), views.feedback_thanks, name="feedback_thanks"),
    ],
    "portal",
)

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("admin/", admin.site.urls),
    path("calendar/", include((coworking_urls.feed_urlpatterns, "coworking_feed"))),
    path("bench/ceiling/", views.bench_ceiling, name="bench_ceiling"),
]
urlpatterns += i18n_patterns(
    path("", include(site_patterns)),
    path(pgettext_lazy("URL", "account/"), include("accounts.urls")),
    path("", include("companies.urls")),
    path("", include("startups.urls")),
    path("", include("coworking.urls")),
    path("", include("matching.urls")),
    path("", include("regionale.urls")),
    # allauth's sixty patterns last: Django walks every pattern of an include that does not match, and the
    # members' own pages under account/ (matches, requests, ideas) are asked for far more often than log-in.
    path(pgettext_lazy("URL", "account/"), include("allauth.urls")),
    prefix_default_language=False,
)

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
