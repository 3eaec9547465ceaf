"""The needs-and-offers part of a person's data export and account deletion (registered with accounts).

Needs and offers belong to their organisation, not to the person who wrote them: on deletion they stay with the
organisation and only lose their author (created_by, which the foreign key's SET_NULL clears as well; clearing it
here also covers an account kept as an empty shell).
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import personal_data

from .models import Entry


def _created_by(user):
    return Entry.objects.filter(created_by=user)


def export(user):
    entries = _created_by(user).select_related("organisation").order_by("created", "pk")
    return {
        "needs_and_offers_created": [
            {
                "title": entry.title,
                "side": entry.side,
                "type": entry.type,
                "organisation": entry.organisation.name,
                "status": entry.status,
                "created": entry.created,
                "expires_on": entry.expires_on,
            }
            for entry in entries
        ]
    }


def deletion_notes(user):
    if not _created_by(user).exists():
        return []
    return [_("The needs and offers you created stay with their organisations, without your name.")]


def delete_account_part(user, choices):
    _created_by(user).update(created_by=None)


personal_data.register_export(export, gettext_lazy("The needs and offers you created for your organisations."))
personal_data.register_deletion(delete_account_part, notes=deletion_notes)
