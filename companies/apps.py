from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

# What the curators' group may do with the directory core; exact permissions, no superuser rights.
CURATOR_PERMISSIONS = [
    "companies.view_organisation",
    "companies.change_organisation",
    "companies.view_report",
    "companies.change_report",
    "companies.view_topic",
    "companies.add_topic",
    "companies.change_topic",
    "companies.view_industry",
    "companies.view_municipality",
    "companies.view_membership",
    "companies.view_department",
    "portal.view_feedback",
    "portal.change_feedback",
]


def grant_curator_permissions(**kwargs):
    from portal.lib import curators

    curators.grant(CURATOR_PERMISSIONS)


def load_reference_data(**kwargs):
    from .reference_data import load_reference_data

    load_reference_data()


class CompaniesConfig(AppConfig):
    name = "companies"
    verbose_name = _("Organisations")

    def ready(self):
        from django.apps import apps

        from portal.lib import pagecache

        pagecache.watch(self.get_models(include_auto_created=True))
        pagecache.watch(apps.get_app_config("taggit").get_models(include_auto_created=True))

        from . import (
            personal_data,  # noqa: F401 - registers the organisations' part of export and deletion
            search_signals,
        )

        search_signals.connect()

        post_migrate.connect(grant_curator_permissions, sender=self)
        post_migrate.connect(load_reference_data, sender=self)
