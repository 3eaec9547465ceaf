from django.urls import path
from django.utils.translation import pgettext_lazy

from . import views

app_name = "companies"
urlpatterns = [
    path(pgettext_lazy("URL", "account/organisations/"), views.mine, name="mine"),
    path(pgettext_lazy("URL", "organisations/<slug:slug>/"), views.detail, name="detail"),
    path(pgettext_lazy("URL", "organisations/<slug:slug>/edit/"), views.edit, name="edit"),
    path(pgettext_lazy("URL", "organisations/<slug:slug>/members/"), views.members, name="members"),
    path(pgettext_lazy("URL", "organisations/<slug:slug>/logo/"), views.logo, name="logo"),
    path(pgettext_lazy("URL", "organisations/<slug:slug>/report/"), views.report, name="report"),
    path(pgettext_lazy("URL", "invitations/<str:token>/"), views.invitation_accept, name="invitation_accept"),
]
