from django.urls import path
from django.utils.translation import pgettext_lazy

from . import opendata, views

app_name = "companies"
urlpatterns = [
    path(pgettext_lazy("URL", "directory/"), views.directory, name="directory"),
    path(pgettext_lazy("URL", "directory/open-data/"), opendata.documentation, name="open_data"),
    path(pgettext_lazy("URL", "directory/organisations.csv"), opendata.export_csv, name="export_csv"),
    path(pgettext_lazy("URL", "directory/organisations.json"), opendata.export_json, name="export_json"),
    path(pgettext_lazy("URL", "directory/new.atom"), opendata.NewOrganisationsFeed(), name="feed"),
    path(pgettext_lazy("URL", "account/organisations/"), views.mine, name="mine"),
    path(pgettext_lazy("URL", "organisations/<slug:slug>/"), views.detail, name="detail"),
    path(pgettext_lazy("URL", "organisations/<slug:slug>/edit/"), views.edit, name="edit"),
    path(pgettext_lazy("URL", "organisations/<slug:slug>/members/"), views.members, name="members"),
    path(pgettext_lazy("URL", "organisations/<slug:slug>/logo/"), views.logo, name="logo"),
    path(pgettext_lazy("URL", "organisations/<slug:slug>/report/"), views.report, name="report"),
    path(pgettext_lazy("URL", "invitations/<str:token>/"), views.invitation_accept, name="invitation_accept"),
]
