"""The needs-and-offers part of a person's data export and account deletion (registered with accounts).

Needs and offers belong to their organisation, not to the person who wrote them: on deletion they stay with the
organisation and only lose their author (created_by, which the foreign key's SET_NULL clears as well; clearing it
here also covers an account kept as an empty shell).

Contact requests the person sent or answered are their organisation's correspondence as well: on deletion the
pending ones they sent are withdrawn (nobody could answer them usefully), and all of them lose the person and the
phone number they gave. The export shows the other side as the person saw it (an anonymous receiver stays anonymous
unless the request was accepted).
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import personal_data

from . import services
from .models import ContactRequest, Entry, RequestStatus


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


def _requests(user, role):
    return ContactRequest.objects.filter(**{role: user}).select_related(*services.RELATED).order_by("created", "pk")


def export_contact_requests(user):
    sent = [
        {
            "from": contact_request.sender_organisation.name,
            "to": services.visible_contact_details(contact_request, side=services.SENDER).receiver_name,
            "about": contact_request.entry.title if contact_request.entry else "",
            "message": contact_request.message,
            "phone": contact_request.sender_phone,
            "language": contact_request.language,
            "status": contact_request.status,
            "created": contact_request.created,
            "expires_at": contact_request.expires_at,
            "answered_at": contact_request.answered_at,
            "reply": contact_request.reply,
        }
        for contact_request in _requests(user, "sender")
    ]
    answered = [
        {
            "from": contact_request.sender_organisation.name,
            "to": contact_request.receiver.name,
            "about": contact_request.entry.title if contact_request.entry else "",
            "status": contact_request.status,
            "answered_at": contact_request.answered_at,
            "reply": contact_request.reply,
            "phone": contact_request.answerer_phone,
            "language": contact_request.reply_language,
        }
        for contact_request in _requests(user, "answered_by")
    ]
    return {"contact_requests_sent": sent, "contact_requests_answered": answered}


def deletion_notes(user):
    notes = []
    if _created_by(user).exists():
        notes.append(_("The needs and offers you created stay with their organisations, without your name."))
    if ContactRequest.objects.filter(sender=user, status=RequestStatus.PENDING).exists():
        notes.append(_("Your contact requests that are still waiting for an answer are withdrawn."))
    if ContactRequest.objects.filter(sender=user).exists() or ContactRequest.objects.filter(answered_by=user).exists():
        notes.append(
            _(
                "The contact requests you sent or answered stay with the organisations, without your name, e-mail "
                "address and phone number."
            )
        )
    return notes


def delete_account_part(user, choices):
    _created_by(user).update(created_by=None)
    ContactRequest.objects.filter(sender=user, status=RequestStatus.PENDING).update(status=RequestStatus.WITHDRAWN)
    ContactRequest.objects.filter(sender=user).update(sender=None, sender_phone="", sender_shares_bookings=False)
    ContactRequest.objects.filter(answered_by=user).update(
        answered_by=None, answerer_phone="", answerer_shares_bookings=False
    )


personal_data.register_export(export, gettext_lazy("The needs and offers you created for your organisations."))
personal_data.register_export(
    export_contact_requests, gettext_lazy("The contact requests you sent or answered for your organisations.")
)
personal_data.register_deletion(delete_account_part, notes=deletion_notes)
