from django.urls import path
from django.utils.translation import pgettext_lazy

from . import halfway, lists, matches, request_views, views
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
    # "Passende Partner": the matches of one entry, and a member's matches for all entries of their organisations
    # (matches.py)
    path(pgettext_lazy("URL", "needs-and-offers/<int:pk>/matches/"), matches.entry_matches, name="matches"),
    path(pgettext_lazy("URL", "needs-and-offers/<int:pk>/matches/hide/"), matches.hide, name="hide_match"),
    path(pgettext_lazy("URL", "needs-and-offers/<int:pk>/matches/show/"), matches.unhide, name="unhide_match"),
    path(pgettext_lazy("URL", "account/matches/"), matches.my_matches, name="my_matches"),
    # contact requests (request_views.py, the workflow in services.py)
    path(pgettext_lazy("URL", "needs-and-offers/<int:pk>/contact/"), request_views.contact_entry, name="contact_entry"),
    path(
        pgettext_lazy("URL", "organisations/<slug:organisation>/contact-request/"),
        request_views.contact_organisation,
        name="contact_organisation",
    ),
    path(pgettext_lazy("URL", "account/requests/"), request_views.inbox, name="inbox"),
    path(pgettext_lazy("URL", "account/requests/<int:pk>/"), request_views.detail, name="request"),
    path(pgettext_lazy("URL", "account/requests/<int:pk>/answer/"), request_views.answer, name="answer"),
    path(pgettext_lazy("URL", "account/requests/<int:pk>/withdraw/"), request_views.withdraw, name="withdraw"),
    path(
        pgettext_lazy("URL", "organisations/<slug:organisation>/request-settings/"),
        request_views.request_settings,
        name="request_settings",
    ),
    # meet halfway: whether the other side may see where I booked a desk (halfway.py)
    path(
        pgettext_lazy("URL", "account/requests/<int:pk>/share-bookings/"),
        halfway.share_bookings,
        name="share_bookings",
    ),
]
