from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

# What the curators' group may do with REGIONALE projects; exact permissions, no superuser rights. Deleting a
# project is not among them: a project leaves the portfolio by withdrawal or unpublishing, and keeps its history.
CURATOR_PERMISSIONS = [
    "regionale.view_project",
    "regionale.add_project",
    "regionale.change_project",
    "regionale.move_project",
    "regionale.import_project",
    "regionale.export_project",
    "regionale.view_report",
    "regionale.view_stagetransition",
    "regionale.view_fundingline",
    "regionale.add_fundingline",
    "regionale.change_fundingline",
    "regionale.delete_fundingline",
    "regionale.view_projectimage",
    "regionale.add_projectimage",
    "regionale.change_projectimage",
    "regionale.delete_projectimage",
    "regionale.view_projectupdate",
    "regionale.add_projectupdate",
    "regionale.change_projectupdate",
    "regionale.delete_projectupdate",
    "regionale.view_themenfeld",
    "regionale.add_themenfeld",
    "regionale.change_themenfeld",
]


def grant_curator_permissions(**kwargs):
    from portal.lib import curators

    curators.grant(CURATOR_PERMISSIONS)


def load_reference_data(**kwargs):
    from .reference_data import load_themenfelder

    load_themenfelder()


class RegionaleConfig(AppConfig):
    name = "regionale"
    verbose_name = _("REGIONALE 2025")

    def ready(self):
        from portal.lib import pagecache

        from . import personal_data  # noqa: F401 - registers the REGIONALE part of export and deletion

        pagecache.watch(self.get_models(include_auto_created=True))

        post_migrate.connect(grant_curator_permissions, sender=self)
        post_migrate.connect(load_reference_data, sender=self)
        # The sponsors' profile pages list their projects.
        from companies import sections

        sections.register("regionale/_organisation_projects.html", position=30)
