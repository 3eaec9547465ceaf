from django.urls import path
from django.utils.translation import pgettext_lazy

from . import lists, views
from .models import Side

app_name = "matching"
urlpatterns = [
    # public lists and the feed (lists.py)
    path(pgettext_lazy("URL", "needs/"), lists.entry_list, {"side": Side.NEED}, name="needs"),
    path(pgettext_lazy("URL", "offers/"), lists.entry_list, {"side": Side.OFFER}, name="offers"),
    path(pgettext_lazy("URL", "needs/new.atom"), lists.NewNeedsFeed(), name="needs_feed"),
    # one entry, and the organisation's members managing theirs (views.py)
    path(pgettext_lazy("URL", "needs/<int:pk>/"), views.detail, {"side": Side.NEED}, name="need"),
    path(pgettext_lazy("URL", "offers/<int:pk>/"), views.detail, {"side": Side.OFFER}, name="offer"),
    path(
        pgettext_lazy("URL", "organisations/<slug:organisation>/new-need/"),
        views.create,
        {"side": Side.NEED},
        name="need_create",
    ),
    path(
        pgettext_lazy("URL", "organisations/<slug:organisation>/new-offer/"),
        views.create,
        {"side": Side.OFFER},
        name="offer_create",
    ),
    path(pgettext_lazy("URL", "needs-and-offers/<int:pk>/edit/"), views.edit, name="edit"),
    path(pgettext_lazy("URL", "needs-and-offers/<int:pk>/status/"), views.change_status, name="status"),
    path(pgettext_lazy("URL", "account/needs-and-offers/"), views.mine, name="mine"),
]
