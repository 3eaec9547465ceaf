from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoworkingConfig(AppConfig):
    name = "coworking"
    verbose_name = _("Co-working")

    def ready(self):
        from django.db.models import Prefetch

        from companies import sections

        from . import personal_data  # noqa: F401 - registers the co-working part of export and deletion
        from .models import Space, SpaceStatus

        # The host's profile lists its spaces; every profile offers a desk nearby.
        sections.register("coworking/_organisation_spaces.html", position=20)
        sections.register("coworking/_organisation_near.html", position=90)
        published = Space.objects.filter(status=SpaceStatus.PUBLISHED).select_related("municipality")
        sections.register_card(
            "coworking/_directory_card.html", Prefetch("spaces", queryset=published, to_attr="listed_spaces")
        )
