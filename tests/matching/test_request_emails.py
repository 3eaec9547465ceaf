"""The contact requests' e-mails (issue 6 point 4): received, accepted, declined and expired, each in its recipient's
language (the one they last used the portal in) with absolute links in that language, and the reveal rule in them:
an anonymous receiver stays anonymous in every mail to the sender until it accepts.

bob (of the firm `organisation` in Arnsberg) asks the start-up in Dortmund (charlie) about its offer.
"""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core import mail

from companies.models import Membership
from matching import services
from tests.conftest import make_user

from .requests_helpers import MESSAGE, make_hidden, make_offer, url

BERLIN = ZoneInfo("Europe/Berlin")
SENT = datetime(2026, 3, 10, 9, tzinfo=BERLIN)  # expires on 24 March 2026
ANSWERED = SENT + timedelta(days=2)


@pytest.fixture
def offer(startup):
    return make_offer(startup)


@pytest.fixture
def erin(startup):
    """A German-speaking colleague of charlie; charlie uses the portal in English."""
    erin = make_user("erin@example.org", "Erin Ebert", language="de")
    Membership.objects.create(user=erin, organisation=startup, role="editor")
    return erin


@pytest.fixture(autouse=True)
def _charlie_speaks_english(charlie):
    charlie.remember_language("en")


def ask(capture, organisation, bob, entry, language="en", **extra):
    with capture(execute=True):
        return services.send(
            sender=bob,
            sender_organisation=organisation,
            receiver=entry.organisation,
            entry=entry,
            message=MESSAGE,
            language=language,
            now=SENT,
            **extra,
        )


def to(address):
    found = [message for message in mail.outbox if message.to == [address]]
    assert len(found) == 1, [message.to for message in mail.outbox]
    return found[0]


def link(name, *args, language):
    return settings.SITE_URL + url(name, *args, language=language)


def test_the_received_mail_goes_to_every_member_in_their_language(
    organisation, offer, bob, charlie, erin, django_capture_on_commit_callbacks
):
    contact_request = ask(django_capture_on_commit_callbacks, organisation, bob, offer, phone="0171 1234567")
    assert sorted(message.to[0] for message in mail.outbox) == [charlie.email, erin.email]

    english = to(charlie.email)
    assert english.subject == (
        "[Brückenschlag] Contact request from Sauerland Sensorik GmbH: KI-Bildverarbeitung für die Qualitätsprüfung"
    )
    assert english.body.startswith("Hello,\n")
    assert (
        "Sauerland Sensorik GmbH (Arnsberg) would like to get in touch with Ruhrlogik GmbH about your offer "
        "“KI-Bildverarbeitung für die Qualitätsprüfung”." in english.body
    )
    assert f"Their message:\n{MESSAGE}\n" in english.body
    assert "by March 24, 2026" in english.body
    assert f"{link('matching:request', contact_request.pk, language='en')}\n" in english.body
    assert f"{link('companies:detail', organisation.slug, language='en')}\n" in english.body
    assert link("matching:inbox", language="en") in english.body
    # Who asked stays unknown until they accept.
    for secret in ("Bob", "bob@example.org", "0171"):
        assert secret not in english.body and secret not in english.subject

    german = to(erin.email)
    assert german.body.startswith("Guten Tag,\n")
    assert "Ihr Brückenschlag-Team" in german.body
    assert "24. März 2026" in german.body
    german_link = link("matching:request", contact_request.pk, language="de")
    assert "/en/" not in german_link and f"{german_link}\n" in german.body
    assert "Bob" not in german.body and "bob@example.org" not in german.body


def test_it_mentions_the_senders_entry(organisation, offer, bob, charlie, django_capture_on_commit_callbacks):
    from .conftest import make_entry

    own = make_entry(organisation, title="Sichtprüfung an der Presse")
    ask(django_capture_on_commit_callbacks, organisation, bob, offer, sender_entry=own)
    body = to(charlie.email).body
    assert "They write concerning their entry “Sichtprüfung an der Presse”:" in body
    assert link("matching:need", own.pk, language="en") in body


@pytest.mark.parametrize("language", ["en", "de"])
def test_the_accepted_mail_gives_the_sender_the_answerers_details(
    organisation, offer, bob, charlie, language, django_capture_on_commit_callbacks
):
    contact_request = ask(django_capture_on_commit_callbacks, organisation, bob, offer, language=language)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.accept(contact_request, charlie, "Gern, rufen Sie an.", "+49 231 98765", "en", now=ANSWERED)

    message = to(bob.email)
    body = message.body
    assert "Charlie Claasen, Ruhrlogik GmbH" in body
    assert "charlie@example.org" in body and "+49 231 98765" in body
    assert "Gern, rufen Sie an." in body
    assert f"{link('matching:request', contact_request.pk, language=language)}\n" in body
    if language == "en":
        assert message.subject == "[Brückenschlag] Ruhrlogik GmbH accepted your contact request"
        assert body.startswith("Hello,\n")
        assert "E-mail: charlie@example.org" in body and "Phone: +49 231 98765" in body
        assert "They see your name and your e-mail address as well." in body
    else:
        assert body.startswith("Guten Tag,\n") and "Ihr Brückenschlag-Team" in body
        assert "/en/" not in body


def test_without_a_phone_the_accepted_mail_has_no_phone_line(
    organisation, offer, bob, charlie, django_capture_on_commit_callbacks
):
    contact_request = ask(django_capture_on_commit_callbacks, organisation, bob, offer, phone="0171 1")
    with django_capture_on_commit_callbacks(execute=True):
        services.accept(contact_request, charlie, now=ANSWERED)
    body = to(bob.email).body
    assert "Phone:" not in body
    assert "They see your name, your e-mail address and your phone number as well." in body


@pytest.mark.parametrize("language", ["en", "de"])
def test_the_declined_mail_has_the_reply_but_nothing_of_the_answerer(
    organisation, offer, bob, charlie, language, django_capture_on_commit_callbacks
):
    contact_request = ask(django_capture_on_commit_callbacks, organisation, bob, offer, language=language)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.decline(contact_request, charlie, "Leider ausgebucht.", now=ANSWERED)
    message = to(bob.email)
    assert "Leider ausgebucht." in message.body
    assert "Charlie" not in message.body and "charlie@example.org" not in message.body
    assert f"{link('matching:request', contact_request.pk, language=language)}\n" in message.body
    assert link("matching:my_matches", language=language) in message.body
    if language == "en":
        assert message.subject == "[Brückenschlag] Your contact request to Ruhrlogik GmbH was declined"
        assert "unfortunately, Ruhrlogik GmbH has declined your contact request about" in message.body
        assert "None of your contact details were shared." in message.body
    else:
        assert message.body.startswith("Guten Tag,\n")


def test_the_expired_mails_tell_both_sides_in_their_languages(
    organisation, offer, bob, charlie, erin, django_capture_on_commit_callbacks
):
    contact_request = ask(django_capture_on_commit_callbacks, organisation, bob, offer, language="en")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.expire_overdue(SENT + timedelta(days=14, seconds=1)) == 1
    assert sorted(message.to[0] for message in mail.outbox) == [bob.email, charlie.email, erin.email]

    sender = to(bob.email)
    assert sender.subject == "[Brückenschlag] Your contact request to Ruhrlogik GmbH has expired"
    assert "your contact request of March 10, 2026 to Ruhrlogik GmbH about" in sender.body
    assert "was not answered within 14 days and has expired" in sender.body
    assert f"{link('matching:request', contact_request.pk, language='en')}\n" in sender.body

    receiver = to(charlie.email)
    assert receiver.subject == "[Brückenschlag] The contact request from Sauerland Sensorik GmbH has expired"
    assert "from Sauerland Sensorik GmbH about your entry “KI-Bildverarbeitung" in receiver.body
    assert link("matching:contact_organisation", organisation.slug, language="en") in receiver.body
    assert "Bob" not in receiver.body and "bob@example.org" not in receiver.body

    german = to(erin.email)
    assert german.body.startswith("Guten Tag,\n")
    assert "10. März 2026" in german.body
    assert f"{link('matching:request', contact_request.pk, language='de')}\n" in german.body


def test_an_anonymous_receiver_stays_anonymous_in_the_senders_mails_until_it_accepts(
    organisation, bob, django_capture_on_commit_callbacks
):
    dora, lennetal, need = make_hidden()
    secrets = ("Lennetal", "Attendorn", lennetal.slug, "Dora", "dora@example.org")

    declined = ask(django_capture_on_commit_callbacks, organisation, bob, need)
    received = to(dora.email)  # the receiver owns the entry: it is named
    assert "zu Ihrem Bedarf „Greifer für empfindliche Bauteile“" in received.body  # dora has no language: German
    assert "Lennetal Robotik GmbH" in received.body
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.decline(declined, dora, "Nein danke.", now=ANSWERED)

    expired = ask(django_capture_on_commit_callbacks, organisation, bob, need)
    with django_capture_on_commit_callbacks(execute=True):
        services.expire_overdue(SENT + timedelta(days=15))

    for message in [message for message in mail.outbox if message.to == [bob.email]]:
        assert "An organisation in the district of Olpe" in message.subject + message.body
        for secret in secrets:
            assert secret not in message.subject and secret not in message.body, secret
    assert len([message for message in mail.outbox if message.to == [bob.email]]) == 2

    mail.outbox.clear()
    accepted = ask(django_capture_on_commit_callbacks, organisation, bob, need)
    with django_capture_on_commit_callbacks(execute=True):
        services.accept(accepted, dora, phone="02722 1234", now=ANSWERED)
    message = to(bob.email)
    assert message.subject == "[Brückenschlag] Lennetal Robotik GmbH accepted your contact request"
    assert "Dora Dierks, Lennetal Robotik GmbH" in message.body and "dora@example.org" in message.body
    assert link("companies:detail", lennetal.slug, language="en") in message.body
    assert expired.pk != accepted.pk
