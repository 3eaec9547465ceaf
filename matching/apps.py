from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

# What the curators' group may do with needs and offers (hide a wrong one by closing it); exact permissions.
CURATOR_PERMISSIONS = ["matching.view_entry", "matching.change_entry"]


def grant_curator_permissions(**kwargs):
    from portal.lib import curators

    curators.grant(CURATOR_PERMISSIONS)


def connect_engine_invalidation(entry_model):
    """The engine caches the topics' rarity weights; any change to an entry or its topics drops them after commit."""
    from django.db import transaction
    from django.db.models.signals import m2m_changed, post_delete, post_save

    from . import engine

    def invalidate(**kwargs):
        transaction.on_commit(engine.invalidate)

    for signal in (post_save, post_delete):
        signal.connect(invalidate, sender=entry_model, weak=False, dispatch_uid=f"matching.engine.{signal}")
    m2m_changed.connect(
        invalidate, sender=entry_model.topics.through, weak=False, dispatch_uid="matching.engine.topics"
    )


class MatchingConfig(AppConfig):
    name = "matching"
    verbose_name = _("Needs and offers")

    def ready(self):
        from companies import directory, sections
        from portal.lib import pagecache

        pagecache.watch(self.get_models(include_auto_created=True))

        from . import personal_data  # noqa: F401 - registers the matching part of export and deletion
        from .models import Entry, Visibility

        post_migrate.connect(grant_curator_permissions, sender=self)
        connect_engine_invalidation(Entry)
        sections.register("matching/_organisation_entries.html", position=10)

        def listed(side):
            # Public entries only: anonymous ones must not point to their organisation, and the directory's counts
            # are the same for every visitor, so members-only ones stay out too.
            return lambda: Entry.objects.current().filter(side=side, visibility=Visibility.PUBLIC)

        directory.register_has("needs", _("Has open needs"), listed("need"), _("Needs and offers"))
        directory.register_has("offers", _("Has offers"), listed("offer"), _("Needs and offers"))
