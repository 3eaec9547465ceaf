from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoworkingConfig(AppConfig):
    name = "coworking"
    verbose_name = _("Co-working")

    def ready(self):
        from django.db.models import Prefetch

        from companies import sections
        from portal.lib import pagecache

        from . import personal_data  # noqa: F401 - registers the co-working part of export and deletion
        from .models import Booking, CalendarFeed, Occupancy, Space, SpaceStatus, WaitlistEntry

        # Booked places change many times a day and show only on the week views; everything else is content.
        bookings = {Booking, Occupancy, WaitlistEntry, CalendarFeed}
        pagecache.watch([model for model in self.get_models(include_auto_created=True) if model not in bookings])
        pagecache.watch(bookings, namespaces=[pagecache.BOOKINGS])

        # The host's profile lists its spaces; every profile offers a desk nearby.
        sections.register("coworking/_organisation_spaces.html", position=20)
        sections.register("coworking/_organisation_near.html", position=90)
        published = Space.objects.filter(status=SpaceStatus.PUBLISHED).select_related("municipality")
        sections.register_card(
            "coworking/_directory_card.html", Prefetch("spaces", queryset=published, to_attr="listed_spaces")
        )
