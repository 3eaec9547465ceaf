from django.urls import path
from django.utils.translation import pgettext_lazy

from . import dashboard, host_views, member_views, views, waitlist_views

app_name = "coworking"
urlpatterns = [
    # finding a space (views.py)
    path(pgettext_lazy("URL", "co-working/"), views.space_list, name="list"),
    path(pgettext_lazy("URL", "co-working/nearby/"), views.near, name="near"),
    path(pgettext_lazy("URL", "co-working/spaces/<slug:slug>/"), views.space_detail, name="space"),
    # booking and the member's bookings (member_views.py)
    path(pgettext_lazy("URL", "co-working/spaces/<slug:slug>/book/"), member_views.book, name="book"),
    path(pgettext_lazy("URL", "co-working/my-bookings/"), member_views.my_bookings, name="my_bookings"),
    path(pgettext_lazy("URL", "co-working/my-bookings/calendar/"), member_views.calendar_settings, name="calendar"),
    path(pgettext_lazy("URL", "co-working/bookings/<str:reference>/"), member_views.booking_detail, name="booking"),
    path(
        pgettext_lazy("URL", "co-working/bookings/<str:reference>/cancel/"),
        member_views.booking_cancel,
        name="booking_cancel",
    ),
    path(
        pgettext_lazy("URL", "co-working/bookings/<str:reference>/booking.ics"),
        member_views.booking_ics,
        name="booking_ics",
    ),
    # waiting list (waitlist_views.py)
    path(
        pgettext_lazy("URL", "co-working/spaces/<slug:slug>/waiting-list/"), waitlist_views.join, name="waitlist_join"
    ),
    path(pgettext_lazy("URL", "co-working/waiting-list/<int:pk>/"), waitlist_views.entry, name="waitlist_entry"),
    # hosts: the space's data (host_views.py)
    path(
        pgettext_lazy("URL", "organisations/<slug:organisation>/new-space/"),
        host_views.space_create,
        name="space_create",
    ),
    path(pgettext_lazy("URL", "co-working/spaces/<slug:slug>/edit/"), host_views.space_edit, name="space_edit"),
    path(pgettext_lazy("URL", "co-working/spaces/<slug:slug>/edit/hours/"), host_views.space_hours, name="space_hours"),
    path(
        pgettext_lazy("URL", "co-working/spaces/<slug:slug>/edit/places/"), host_views.space_places, name="space_places"
    ),
    path(
        pgettext_lazy("URL", "co-working/spaces/<slug:slug>/edit/photos/"), host_views.space_photos, name="space_photos"
    ),
    # hosts: the bookings (dashboard.py)
    path(pgettext_lazy("URL", "co-working/spaces/<slug:slug>/host/"), dashboard.dashboard, name="dashboard"),
    path(
        pgettext_lazy("URL", "co-working/spaces/<slug:slug>/host/bookings/<str:reference>/"),
        dashboard.booking_action,
        name="dashboard_booking",
    ),
    path(pgettext_lazy("URL", "co-working/spaces/<slug:slug>/host/closures/"), dashboard.closures, name="closures"),
    path(
        pgettext_lazy("URL", "co-working/spaces/<slug:slug>/host/utilisation/"),
        dashboard.utilisation,
        name="utilisation",
    ),
    path(
        pgettext_lazy("URL", "co-working/spaces/<slug:slug>/host/bookings.csv"),
        dashboard.export_csv,
        name="export_csv",
    ),
]

# Without a language prefix: a calendar application keeps the address for years, whatever the member's language.
feed_urlpatterns = [path("<str:token>.ics", member_views.calendar_feed, name="calendar_feed")]
