"""The curators: staff of the agencies who steer the network. A group with exact permissions, not superusers.

Each app names the permissions its curators need and grants them after every migrate (see companies/apps.py),
so a fresh database and an old one end up with the same group.
"""

from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission

CURATORS = "Kuratoren"


def grant(codenames):
    """Give the curators' group these permissions ("app_label.codename"); idempotent."""
    group, _created = Group.objects.get_or_create(name=CURATORS)
    # post_migrate may reach us before auth has created this migrate's permissions: make sure they exist.
    for app_label in {label.split(".")[0] for label in codenames}:
        create_permissions(apps.get_app_config(app_label), verbosity=0)
    for label in codenames:
        app_label, codename = label.split(".")
        group.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    return group


def is_curator(user):
    return user.is_authenticated and user.groups.filter(name=CURATORS).exists()
