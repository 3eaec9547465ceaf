"""The REGIONALE part of a person's data export and account deletion (registered with accounts).

An idea is submitted on behalf of an organisation, its lead sponsor, and belongs to the REGIONALE's portfolio: on
deletion it stays, without the person. `submitted_by` is cleared (the foreign key's SET_NULL does so as well;
clearing it here also covers an account kept as an empty shell), and so is the copy of it in the project's history.
The history's `history_user` and the transitions' `by` are SET_NULL: they lose the person when the row goes.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import personal_data

from .models import Project


def _submitted_by(user):
    return Project.objects.filter(submitted_by=user)


def export(user):
    ideas = _submitted_by(user).select_related("lead_sponsor").order_by("created", "pk")
    return {
        "regionale_ideas_submitted": [
            {
                "title": project.title,
                "organisation": project.lead_sponsor.name if project.lead_sponsor else "",
                "stage": project.stage,
                "submitted": project.created,
                "published": project.published_at if project.published else None,
            }
            for project in ideas
        ]
    }


def deletion_notes(user):
    if not _submitted_by(user).exists():
        return []
    return [
        _(
            "The ideas you submitted for the REGIONALE 2025 stay with their organisations and in the REGIONALE "
            "portfolio, without your name; you will no longer receive e-mails about them."
        )
    ]


def delete_account_part(user, choices):
    _submitted_by(user).update(submitted_by=None)
    Project.history.filter(submitted_by=user).update(submitted_by=None)


personal_data.register_export(export, gettext_lazy("The ideas you submitted for the REGIONALE 2025."))
personal_data.register_deletion(delete_account_part, notes=deletion_notes)
