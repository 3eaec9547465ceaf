"""Shared by test_requests.py and test_request_emails.py.

The firm `organisation` in Arnsberg (alice owns it, bob edits it) asks; the start-up in Dortmund (charlie) publishes
the offer it asks about. `hidden` is an anonymous need of a firm in Attendorn (dora), shown to others only as
"An organisation in the district of Olpe".
"""

from django.urls import reverse
from django.utils import translation

from companies.models import Organisation
from matching.models import ContactRequest
from tests.conftest import make_organisation, make_user

from .conftest import make_entry

MESSAGE = "Wir würden gern über Ihre Bildverarbeitung sprechen: Wir prüfen Pressenteile von Hand."


def url(name, *args, language="en"):
    with translation.override(language):
        return reverse(name, args=args)


def make_offer(startup):
    return make_entry(startup, side="offer", title="KI-Bildverarbeitung für die Qualitätsprüfung", type="business")


def make_hidden():
    """(dora, her firm in Attendorn, its anonymous need)."""
    dora = make_user("dora@example.org", "Dora Dierks")
    lennetal = make_organisation("Lennetal Robotik GmbH", municipality="Attendorn", owner=dora, status="published")
    return dora, lennetal, make_entry(lennetal, title="Greifer für empfindliche Bauteile", visibility="anonymous")


def send(client, user, entry=None, organisation=None, language="en", **data):
    """POST the contact form as `user` (about an entry, or to an organisation); returns the response."""
    client.force_login(user)
    if entry is not None:
        address = url("matching:contact_entry", entry.pk, language=language)
    else:
        address = url("matching:contact_organisation", organisation.slug, language=language)
    data.setdefault("message", MESSAGE)
    if "sender_organisation" not in data:
        data["sender_organisation"] = Organisation.objects.filter(memberships__user=user).order_by("name").first().pk
    return client.post(address, data)


def make_request(sender, sender_organisation, receiver, entry=None, **extra):
    extra.setdefault("receiver_anonymous", bool(entry and entry.is_anonymous))  # as services.send() sets it
    return ContactRequest.objects.create(
        sender=sender, sender_organisation=sender_organisation, receiver=receiver, entry=entry, message=MESSAGE, **extra
    )
