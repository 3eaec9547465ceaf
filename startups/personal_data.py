"""The registration journey's part of a person's data export (registered with accounts).

Nothing to do on deletion: the records go with the user row (on_delete=CASCADE)."""

from django.utils.translation import gettext_lazy as _

from accounts import personal_data

from .models import Registration


def export(user):
    registrations = Registration.objects.filter(user=user).select_related("organisation").order_by("created")
    return {
        "registrations": [
            {
                "organisation": registration.organisation.name,
                "created": registration.created,
                "awaiting_verification": registration.awaiting_verification,
            }
            for registration in registrations
        ]
    }


personal_data.register_export(
    export, _("Registrations: the organisations you registered through the registration form, and when.")
)
