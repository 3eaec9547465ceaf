from django.urls import path
from django.utils.translation import pgettext_lazy

from . import views

app_name = "startups"
urlpatterns = [
    path(pgettext_lazy("URL", "register/start-up/"), views.basics, {"journey": "startup"}, name="startup"),
    path(
        pgettext_lazy("URL", "register/start-up/profile/"),
        views.profile,
        {"journey": "startup"},
        name="startup_profile",
    ),
    path(
        pgettext_lazy("URL", "register/start-up/account/"),
        views.account,
        {"journey": "startup"},
        name="startup_account",
    ),
    path(
        pgettext_lazy("URL", "register/organisation/"), views.basics, {"journey": "organisation"}, name="organisation"
    ),
    path(
        pgettext_lazy("URL", "register/organisation/profile/"),
        views.profile,
        {"journey": "organisation"},
        name="organisation_profile",
    ),
    path(
        pgettext_lazy("URL", "register/organisation/account/"),
        views.account,
        {"journey": "organisation"},
        name="organisation_account",
    ),
    path(pgettext_lazy("URL", "register/welcome/<slug:slug>/"), views.welcome, name="welcome"),
]
