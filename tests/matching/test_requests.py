"""Contact requests (issue 6 point 4): sending from an entry or an organisation, the inbox, accepting, declining,
withdrawing and expiry; the reveal rule; the monthly cap, double sending and the rate limit; who may see and do what.

The firm `organisation` in Arnsberg (alice owns it, bob edits it) asks the start-up in Dortmund (charlie) about its
offer; dora's firm in Attendorn publishes an anonymous need. The e-mails' texts are in test_request_emails.py.
"""

import contextlib
import threading
from datetime import datetime, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.utils import timezone, translation

from accounts import personal_data
from companies.models import Membership
from matching import services
from matching.models import ContactRequest, RequestSettings, RequestStatus
from tests.conftest import make_organisation, make_user

from .conftest import make_entry
from .requests_helpers import MESSAGE, make_hidden, make_offer, make_request, send, url

BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture
def offer(startup):
    return make_offer(startup)


@pytest.fixture
def hidden(db):
    return make_hidden()


def texts(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def page(client, user, contact_request):
    client.force_login(user)
    response = client.get(url("matching:request", contact_request.pk))
    assert response.status_code == 200
    return response.content.decode()


def answer(client, user, contact_request, action, **data):
    client.force_login(user)
    return client.post(url("matching:answer", contact_request.pk), {"action": action, **data})


# --- sending ---------------------------------------------------------------------------------------------------


def test_a_member_sends_a_request_and_the_receivers_members_are_told(
    client, organisation, startup, offer, bob, charlie, django_capture_on_commit_callbacks
):
    erin = make_user("erin@example.org", "Erin Ebert")
    Membership.objects.create(user=erin, organisation=startup, role="editor")
    with django_capture_on_commit_callbacks(execute=True):
        response = send(client, bob, offer, phone="+49 2931 12345-6")

    contact_request = ContactRequest.objects.get()
    assert response.status_code == 302
    assert response.url == url("matching:request", contact_request.pk)
    assert texts(response) == [
        "Your request to Ruhrlogik GmbH was sent. You will hear from us by e-mail when it is answered."
    ]
    assert (contact_request.sender, contact_request.sender_organisation) == (bob, organisation)
    assert (contact_request.receiver, contact_request.entry) == (startup, offer)
    assert contact_request.message == MESSAGE
    assert contact_request.sender_phone == "+49 2931 12345-6"
    assert contact_request.status == RequestStatus.PENDING
    assert contact_request.language == "en"
    assert contact_request.expires_at - contact_request.created == timedelta(days=14)
    bob.refresh_from_db()
    assert bob.language == "en"  # remembered: e-mails about this request reach him in English
    assert sorted(message.to[0] for message in mail.outbox) == [charlie.email, erin.email]


def test_the_form_shows_the_receiver_and_a_single_organisation_as_the_sender(client, organisation, offer, bob):
    client.force_login(bob)
    response = client.get(url("matching:contact_entry", offer.pk))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Contact request to Ruhrlogik GmbH" in html
    assert "KI-Bildverarbeitung für die Qualitätsprüfung" in html
    assert "From: <strong>Sauerland Sensorik GmbH</strong>" in html
    assert 'type="hidden" name="sender_organisation"' in html


def test_a_member_of_several_organisations_chooses_and_about_preselects_their_entry(client, organisation, offer, alice):
    second = make_organisation("Hellweg Hydraulik KG", municipality="Soest", owner=alice, status="published")
    make_organisation("Entwurf GmbH", owner=alice, status="draft")
    own = make_entry(second, title="Dichtungen prüfen")
    make_entry(organisation, title="Pressen überwachen")
    client.force_login(alice)

    response = client.get(url("matching:contact_entry", offer.pk) + f"?about={own.pk}")
    form = response.context["form"]
    assert [label for _pk, label in form.fields["sender_organisation"].choices] == [
        "Hellweg Hydraulik KG",
        "Sauerland Sensorik GmbH",
    ]  # not the draft
    assert form.initial == {"sender_entry": own.pk, "sender_organisation": second.pk}
    assert [group for group, _choices in form.fields["sender_entry"].choices[1:]] == [
        "Hellweg Hydraulik KG",
        "Sauerland Sensorik GmbH",
    ]
    assert '<select name="sender_organisation"' in response.content.decode()

    for about in (str(offer.pk), "abc", "99999"):  # someone else's entry, nonsense, unknown: ignored
        response = client.get(url("matching:contact_entry", offer.pk) + f"?about={about}")
        assert response.context["form"].initial == {}

    response = send(client, alice, offer, sender_organisation=second.pk, sender_entry=own.pk)
    assert response.status_code == 302
    assert ContactRequest.objects.get().sender_entry == own


def test_a_request_to_an_organisation_without_an_entry(client, organisation, startup, bob):
    response = send(client, bob, organisation=startup)
    contact_request = ContactRequest.objects.get()
    assert response.status_code == 302
    assert (contact_request.receiver, contact_request.entry) == (startup, None)
    assert "To the organisation as a whole" not in page(client, bob, contact_request)  # the page says it its way
    assert "The organisation as a whole" in page(client, bob, contact_request)


def test_without_an_organisation_it_explains_and_links_to_registering_one(client, offer, db):
    nobody = make_user("nobody@example.org")
    client.force_login(nobody)
    response = client.get(url("matching:contact_entry", offer.pk))
    html = response.content.decode()
    assert "Contact requests are sent on behalf of an organisation" in html
    assert url("startups:organisation") in html
    assert "form" not in response.context
    assert client.post(url("matching:contact_entry", offer.pk), {"message": MESSAGE}).status_code == 200
    assert not ContactRequest.objects.exists()


def test_a_draft_organisation_cannot_send(client, offer, db):
    drafter = make_user("drafter@example.org")
    draft = make_organisation("Entwurf GmbH", owner=drafter, status="draft")
    client.force_login(drafter)
    html = client.get(url("matching:contact_entry", offer.pk)).content.decode()
    assert "Your organisation is not published yet" in html
    client.post(url("matching:contact_entry", offer.pk), {"message": MESSAGE, "sender_organisation": draft.pk})
    assert not ContactRequest.objects.exists()
    with pytest.raises(services.RequestRefused, match="not published"):
        services.send(sender=drafter, sender_organisation=draft, receiver=offer.organisation, entry=offer, message="Hi")


def test_it_is_404_for_own_invisible_or_unknown_receivers(client, organisation, startup, offer, alice, charlie):
    own = make_entry(organisation, title="Unser eigener Bedarf")
    closed = make_entry(startup, title="Geschlossen", status="closed")
    draft = make_organisation("Entwurf GmbH", owner=charlie, status="draft")
    client.force_login(alice)
    for address in (
        url("matching:contact_entry", own.pk),
        url("matching:contact_entry", closed.pk),
        url("matching:contact_entry", 99999),
        url("matching:contact_organisation", organisation.slug),
        url("matching:contact_organisation", draft.slug),
        url("matching:contact_organisation", "gibt-es-nicht"),
    ):
        assert client.get(address).status_code == 404, address
        assert client.post(address, {"message": MESSAGE, "sender_organisation": organisation.pk}).status_code == 404
    assert not ContactRequest.objects.exists()


def test_it_needs_a_login(client, offer):
    response = client.get(url("matching:contact_entry", offer.pk))
    assert response.status_code == 302 and "login" in response.url


@pytest.mark.parametrize(
    ("data", "field", "error"),
    [
        ({"message": "   "}, "message", "Please write a short message."),
        ({"message": "x" * 2001}, "message", "Please shorten the text to 2000 characters (it has 2001)."),
        ({"phone": "call me maybe"}, "phone", "Please enter a phone number with digits, spaces and + / - ( ) only"),
        ({"phone": "1" * 41}, "phone", "Please enter at most 40 characters (you entered 41)."),
        ({"sender_entry": "foreign"}, "sender_entry", "Please choose one of your organisations’ current needs"),
        ({"sender_organisation": "foreign"}, "sender_organisation", "Please choose one of your organisations."),
        ({"sender_organisation": "abc"}, "sender_organisation", "Please choose one of your organisations."),
    ],
)
def test_bad_input_gives_form_errors_keeps_the_typed_text_and_creates_nothing(
    client, organisation, startup, offer, bob, data, field, error
):
    foreign = {"foreign": None}
    if "foreign" in data.values():
        other_entry = make_entry(startup, title="Fremder Bedarf")
        foreign = {"sender_entry": other_entry.pk, "sender_organisation": startup.pk}
    data = {name: foreign[name] if value == "foreign" else value for name, value in data.items()}
    data.setdefault("phone", "02931 5555")
    response = send(client, bob, offer, **data)
    assert response.status_code == 200
    form = response.context["form"]
    assert error in " ".join(form.errors[field])
    html = response.content.decode()
    assert "Please check your entries" in html
    assert not ContactRequest.objects.exists()
    if field != "message":
        assert MESSAGE in html  # what was typed stays
    if field != "phone":
        assert 'value="02931 5555"' in html


def test_on_the_german_page_the_errors_come_in_german(client, organisation, offer, bob):
    response = send(client, bob, offer, language="de", message="", phone="02931 5555")
    html = response.content.decode()
    assert response.status_code == 200 and 'lang="de"' in html
    assert "Bitte prüfen Sie Ihre Eingaben" in html and 'value="02931 5555"' in html
    assert not ContactRequest.objects.exists()


def test_an_entry_of_another_of_my_organisations_is_refused(client, organisation, offer, alice):
    second = make_organisation("Hellweg Hydraulik KG", municipality="Soest", owner=alice, status="published")
    other = make_entry(second, title="Dichtungen prüfen")
    response = send(client, alice, offer, sender_organisation=organisation.pk, sender_entry=other.pk)
    assert "This entry belongs to another of your organisations" in response.context["form"].errors["sender_entry"][0]
    assert not ContactRequest.objects.exists()


def test_a_second_open_request_about_the_same_entry_is_refused(client, organisation, offer, bob, alice):
    send(client, bob, offer)
    response = send(client, bob, offer, message="Noch einmal, falls Sie die erste übersehen haben.")
    assert response.status_code == 200
    assert "You have already sent a request about this entry" in response.context["form"].non_field_errors()[0]
    assert "Noch einmal, falls Sie die erste übersehen haben." in response.content.decode()
    assert ContactRequest.objects.count() == 1
    html = client.get(url("matching:contact_entry", offer.pk)).content.decode()
    assert "it is still waiting for an answer" in html and ContactRequest.objects.get().get_absolute_url() in html
    # A colleague may ask about it too; and once the first is answered, bob may ask again.
    assert send(client, alice, offer).status_code == 302
    ContactRequest.objects.filter(sender=bob).update(status=RequestStatus.DECLINED, answered_at=timezone.now())
    assert send(client, bob, offer).status_code == 302
    assert ContactRequest.objects.count() == 3


def test_a_second_open_request_to_the_same_organisation_is_refused(client, organisation, startup, bob):
    send(client, bob, organisation=startup)
    response = send(client, bob, organisation=startup)
    assert "You have already sent a request to this organisation" in response.context["form"].non_field_errors()[0]
    assert ContactRequest.objects.count() == 1


def test_the_unique_constraint_backs_the_double_send_check(organisation, offer, bob, monkeypatch):
    """Two requests at the same moment both pass the check; the database refuses the second with the same message."""
    services.send(sender=bob, sender_organisation=organisation, receiver=offer.organisation, entry=offer, message="1")
    monkeypatch.setattr(services, "_has_open", lambda among: False)
    with translation.override("en"), pytest.raises(services.RequestRefused, match="already sent a request about this"):
        services.send(
            sender=bob, sender_organisation=organisation, receiver=offer.organisation, entry=offer, message="2"
        )
    assert ContactRequest.objects.count() == 1


def test_an_overdue_request_does_not_block_a_new_one(
    client, organisation, offer, bob, charlie, django_capture_on_commit_callbacks
):
    old = make_request(bob, organisation, offer.organisation, offer, expires_at=timezone.now() - timedelta(minutes=1))
    with django_capture_on_commit_callbacks(execute=True):
        assert send(client, bob, offer).status_code == 302
    old.refresh_from_db()
    assert old.status == RequestStatus.EXPIRED
    assert ContactRequest.objects.filter(status=RequestStatus.PENDING).count() == 1


def test_sending_is_rate_limited(client, organisation, startup, bob, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "contact_request": "2/h/user"}
    cache.clear()
    entries = [make_entry(startup, title=f"Angebot {number}", side="offer") for number in range(3)]
    assert send(client, bob, entries[0]).status_code == 302
    assert send(client, bob, entries[1]).status_code == 302
    response = send(client, bob, entries[2], message="Die dritte Anfrage in kurzer Zeit.")
    assert response.status_code == 429
    assert "You have sent many contact requests in a short time" in response.content.decode()
    assert "Die dritte Anfrage in kurzer Zeit." in response.content.decode()
    assert ContactRequest.objects.count() == 2


# --- the monthly cap -------------------------------------------------------------------------------------------


def test_the_cap_refuses_requests_beyond_it_until_the_next_month_in_berlin(
    client, organisation, startup, offer, alice, bob, monkeypatch
):
    RequestSettings.objects.create(organisation=startup, monthly_cap=2)
    moments = iter(
        [
            datetime(2026, 3, 10, 9, tzinfo=BERLIN),
            datetime(2026, 3, 12, 9, tzinfo=BERLIN),
            datetime(2026, 3, 31, 23, 30, tzinfo=BERLIN),
            datetime(2026, 4, 1, 0, 10, tzinfo=BERLIN),  # still 31 March in UTC
        ]
    )
    now = {"value": None}
    monkeypatch.setattr(timezone, "now", lambda: now["value"])

    def at_next(user, **target):
        now["value"] = next(moments)
        return send(client, user, **target)

    assert at_next(bob, entry=offer).status_code == 302
    assert at_next(alice, entry=offer).status_code == 302
    response = at_next(bob, organisation=startup, message="Eine dritte Anfrage.")
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Thank you for your interest. Ruhrlogik GmbH accepts 2 new contact requests per month, and this month’s "
        "have already arrived. Please send your request again from April 1, 2026."
    ]
    assert "Eine dritte Anfrage." in response.content.decode()
    assert ContactRequest.objects.count() == 2
    assert at_next(bob, organisation=startup).status_code == 302
    assert ContactRequest.objects.count() == 3


def test_the_cap_message_keeps_an_anonymous_receiver_anonymous(client, organisation, bob, hidden):
    _dora, lennetal, need = hidden
    RequestSettings.objects.create(organisation=lennetal, monthly_cap=1)
    make_request(make_user("x@example.org"), make_organisation("Andere GmbH"), lennetal)
    response = send(client, bob, need)
    error = response.context["form"].non_field_errors()[0]
    assert "An organisation in the district of Olpe accepts 1 new contact request per month" in error
    assert "Lennetal" not in response.content.decode() and "Attendorn" not in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_the_cap_holds_when_requests_arrive_at_the_same_moment(monkeypatch):
    """Two members of different organisations send the last request of the month at once: one gets it. Without the
    lock on the receiver's row both would count one request and both be created (PostgreSQL)."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite writes one transaction at a time")
    receiver = make_organisation("Ruhrlogik GmbH", municipality="Dortmund", status="published")
    RequestSettings.objects.create(organisation=receiver, monthly_cap=1)
    senders = []
    for number in range(2):
        user = make_user(f"sender{number}@example.org")
        senders.append((user, make_organisation(f"Firma {number}", owner=user, status="published")))
    barrier = threading.Barrier(2)
    real_count = services.received_this_month
    results = []

    def counted_then_wait(organisation, now=None):
        count = real_count(organisation, now)
        with contextlib.suppress(threading.BrokenBarrierError):
            barrier.wait(timeout=2)  # both have counted before either inserts, unless the lock makes one wait
        return count

    monkeypatch.setattr(services, "received_this_month", counted_then_wait)

    def attempt(user, organisation):
        try:
            services.send(sender=user, sender_organisation=organisation, receiver=receiver, message="Hallo")
            results.append("sent")
        except services.RequestRefused:
            results.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=pair) for pair in senders]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == ["refused", "sent"]
    assert ContactRequest.objects.filter(receiver=receiver).count() == 1


# --- the inbox -------------------------------------------------------------------------------------------------


def test_the_inbox_lists_received_and_sent_requests_as_the_reveal_rule_allows(
    client, organisation, startup, offer, alice, bob, charlie
):
    first = make_request(bob, organisation, startup, offer, sender_phone="0171 1234567")
    answered = make_request(
        alice, organisation, startup, status="declined", answered_at=timezone.now(), answered_by=charlie
    )
    answered.created -= timedelta(days=3)
    answered.save()
    client.force_login(charlie)
    html = client.get(url("matching:inbox")).content.decode()
    assert "From Sauerland Sensorik GmbH" in html
    assert "KI-Bildverarbeitung für die Qualitätsprüfung" in html
    assert "expires in 14 days" in html
    assert "1 open" in html
    assert "Bob Berger" not in html and "bob@example.org" not in html and "0171" not in html
    assert html.index(first.get_absolute_url()) < html.index(answered.get_absolute_url())
    assert "by Charlie Claasen" in html  # the receiver's side sees who of them answered

    client.force_login(bob)
    html = client.get(url("matching:inbox") + "?box=sent").content.decode()
    assert "To Ruhrlogik GmbH" in html
    assert "by Bob Berger" in html and "by Alice Anders" in html  # their own colleagues
    assert "Charlie" not in html  # the declining person stays unknown


def test_the_inbox_puts_open_requests_first_and_paginates(client, organisation, startup, bob, charlie):
    for number in range(22):
        make_request(
            bob,
            organisation,
            startup,
            make_entry(startup, title=f"Angebot {number:02}", side="offer"),
            created=timezone.now() - timedelta(hours=number),
            **({"status": "withdrawn"} if number < 2 else {}),
        )
    client.force_login(charlie)
    response = client.get(url("matching:inbox"))
    rows = response.context["rows"]
    assert len(rows) == 20
    assert all(row.status == "pending" for row in rows)
    assert rows[0].entry.title == "Angebot 02"
    response = client.get(url("matching:inbox") + "?page=2")
    assert [row.entry.title for row in response.context["rows"]] == ["Angebot 00", "Angebot 01"]
    response = client.get(url("matching:inbox") + "?page=9")
    assert response.context["page"].number == 2
    assert "there is no page 9" in response.content.decode()


@pytest.mark.parametrize("count", [2, 20])
def test_the_inbox_takes_a_fixed_number_of_queries(
    client, organisation, startup, bob, charlie, count, django_assert_num_queries
):
    _dora, lennetal, need = make_hidden()
    for number in range(count):
        entry = make_entry(startup, title=f"Angebot {number}", side="offer") if number % 2 else need
        receiver = entry.organisation
        make_request(bob if number < 2 else make_user(f"u{number}@example.org"), organisation, receiver, entry)
    ContactRequest.objects.filter(entry=need).update(
        status="accepted", answered_at=timezone.now(), answered_by=_dora, sender_phone="0171"
    )
    for user, box in ((charlie, ""), (bob, "?box=sent")):
        client.force_login(user)
        # session, user, the open counts, the page's count, the page's rows
        with django_assert_num_queries(5):
            response = client.get(url("matching:inbox") + box)
        assert response.status_code == 200


def test_the_inbox_needs_a_login(client):
    assert client.get(url("matching:inbox")).status_code == 302


# --- one request: answer, withdraw -----------------------------------------------------------------------------


def test_before_acceptance_the_receiver_sees_the_organisation_and_message_but_not_the_person(
    client, organisation, startup, offer, bob, charlie
):
    contact_request = make_request(bob, organisation, startup, offer, sender_phone="0171 1234567")
    html = page(client, charlie, contact_request)
    assert "Request from Sauerland Sensorik GmbH" in html
    assert organisation.get_absolute_url() in html
    assert MESSAGE in html
    assert "Bob Berger" not in html and "bob@example.org" not in html and "0171" not in html
    assert 'value="accept"' in html and 'value="decline"' in html
    assert "Withdraw request" not in html

    html = page(client, bob, contact_request)
    assert "Request to Ruhrlogik GmbH" in html
    assert "by Bob Berger" in html
    assert "Withdraw request" in html and 'value="accept"' not in html
    assert "charlie@example.org" not in html


def test_accepting_reveals_both_people_to_both_sides(
    client, organisation, startup, offer, alice, bob, charlie, django_capture_on_commit_callbacks
):
    contact_request = make_request(bob, organisation, startup, offer, sender_phone="0171 1234567")
    with django_capture_on_commit_callbacks(execute=True):
        response = answer(client, charlie, contact_request, "accept", reply="Gern! Rufen Sie an.", phone="")
    assert response.status_code == 302
    assert texts(response) == ["You accepted the request. Sauerland Sensorik GmbH has been told by e-mail."]
    contact_request.refresh_from_db()
    assert contact_request.status == RequestStatus.ACCEPTED
    assert contact_request.answered_by == charlie and contact_request.answered_at is not None
    assert contact_request.reply == "Gern! Rufen Sie an." and contact_request.answerer_phone == ""
    assert contact_request.reply_language == "en"
    assert [message.to for message in mail.outbox] == [[bob.email]]

    for user in (bob, alice, charlie):  # both sides, the colleagues too
        html = page(client, user, contact_request)
        assert "Contact details" in html
        assert "Bob Berger" in html and "mailto:bob@example.org" in html and "0171 1234567" in html
        assert "Charlie Claasen" in html and "mailto:charlie@example.org" in html
        assert "Gern! Rufen Sie an." in html
        assert 'id="meet-halfway"' in html  # the meet-halfway section
        assert 'value="accept"' not in html and "Withdraw request" not in html
    assert "Phone" not in page(client, bob, contact_request).split("Answered:")[1].split("</div>")[0]


def test_the_answerers_phone_is_shown_only_when_given(client, organisation, startup, offer, bob, charlie):
    contact_request = make_request(bob, organisation, startup, offer)
    answer(client, charlie, contact_request, "accept", phone="+49 231 987654")
    html = page(client, bob, contact_request)
    assert "+49 231 987654" in html and 'href="tel:+49231987654"' in html
    assert html.count('href="tel:') == 1  # bob gave none


def test_declining_reveals_nothing(
    client, organisation, startup, offer, bob, charlie, django_capture_on_commit_callbacks
):
    contact_request = make_request(bob, organisation, startup, offer, sender_phone="0171 1234567")
    with django_capture_on_commit_callbacks(execute=True):
        response = answer(client, charlie, contact_request, "decline", reply="Leider passt es gerade nicht.")
    assert texts(response) == [
        "You declined the request. Sauerland Sensorik GmbH has been told by e-mail; none of your details were shared."
    ]
    contact_request.refresh_from_db()
    assert contact_request.status == RequestStatus.DECLINED
    html = page(client, bob, contact_request)
    assert "Leider passt es gerade nicht." in html
    assert "Charlie" not in html and "charlie@example.org" not in html and "Contact details" not in html
    html = page(client, charlie, contact_request)
    assert "Bob Berger" not in html and "bob@example.org" not in html and "0171" not in html
    assert [message.to for message in mail.outbox] == [[bob.email]]


def test_a_phone_typed_before_declining_is_not_kept(client, organisation, startup, offer, bob, charlie):
    contact_request = make_request(bob, organisation, startup, offer)
    answer(client, charlie, contact_request, "decline", phone="not a number")
    contact_request.refresh_from_db()
    assert contact_request.status == RequestStatus.DECLINED and contact_request.answerer_phone == ""


def test_a_bad_answer_shows_the_errors_and_keeps_the_reply(client, organisation, startup, offer, bob, charlie):
    contact_request = make_request(bob, organisation, startup, offer)
    response = answer(client, charlie, contact_request, "accept", reply="Sehr gern.", phone="ruf an")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Please enter a phone number with digits" in html and "Sehr gern." in html
    response = answer(client, charlie, contact_request, "maybe", reply="Vielleicht.")
    assert "Please choose whether you accept or decline the request." in response.content.decode()
    response = answer(client, charlie, contact_request, "accept", reply="x" * 2001)
    assert "Please shorten the text to 2000 characters" in response.content.decode()
    contact_request.refresh_from_db()
    assert contact_request.status == RequestStatus.PENDING


def test_the_sender_withdraws_and_then_nobody_can_answer(client, organisation, startup, offer, alice, bob, charlie):
    contact_request = make_request(bob, organisation, startup, offer)
    client.force_login(alice)  # a colleague of the sender may withdraw it
    response = client.post(url("matching:withdraw", contact_request.pk))
    assert texts(response) == ["Your request was withdrawn."]
    contact_request.refresh_from_db()
    assert contact_request.status == RequestStatus.WITHDRAWN

    response = answer(client, charlie, contact_request, "accept")
    assert texts(response)[-1] == "This request has been withdrawn. Nothing was changed."
    contact_request.refresh_from_db()
    assert contact_request.status == RequestStatus.WITHDRAWN and contact_request.answered_by is None
    client.force_login(bob)
    response = client.post(url("matching:withdraw", contact_request.pk))
    assert texts(response)[-1] == "This request has been withdrawn. Nothing was changed."


def test_an_answered_request_cannot_be_answered_again(client, organisation, startup, offer, bob, charlie):
    contact_request = make_request(bob, organisation, startup, offer)
    answer(client, charlie, contact_request, "decline")
    response = answer(client, charlie, contact_request, "accept")
    assert texts(response)[-1] == "This request has already been declined. Nothing was changed."
    contact_request.refresh_from_db()
    assert contact_request.status == RequestStatus.DECLINED


def test_outsiders_get_404_and_each_side_only_its_own_actions(client, organisation, startup, offer, bob, charlie):
    contact_request = make_request(bob, organisation, startup, offer)
    outsider = make_user("outsider@example.org")
    make_organisation("Dritte GmbH", owner=outsider, status="published")
    client.force_login(outsider)
    assert client.get(url("matching:request", contact_request.pk)).status_code == 404
    assert client.post(url("matching:answer", contact_request.pk), {"action": "accept"}).status_code == 404
    assert client.post(url("matching:withdraw", contact_request.pk)).status_code == 404
    assert client.get(url("matching:request", 99999)).status_code == 404
    client.force_login(bob)  # the sender cannot answer
    assert client.post(url("matching:answer", contact_request.pk), {"action": "accept"}).status_code == 404
    client.force_login(charlie)  # the receiver cannot withdraw
    assert client.post(url("matching:withdraw", contact_request.pk)).status_code == 404
    contact_request.refresh_from_db()
    assert contact_request.status == RequestStatus.PENDING


def test_answer_and_withdraw_are_post_only(client, organisation, startup, offer, bob, charlie):
    contact_request = make_request(bob, organisation, startup, offer)
    client.force_login(charlie)
    assert client.get(url("matching:answer", contact_request.pk)).status_code == 405
    client.force_login(bob)
    assert client.get(url("matching:withdraw", contact_request.pk)).status_code == 405


def test_answer_needs_the_csrf_token(organisation, startup, offer, bob, charlie):
    from django.test import Client

    contact_request = make_request(bob, organisation, startup, offer)
    client = Client(enforce_csrf_checks=True)
    client.force_login(charlie)
    assert client.post(url("matching:answer", contact_request.pk), {"action": "accept"}).status_code == 403
    assert ContactRequest.objects.get().status == RequestStatus.PENDING


# --- expiry ----------------------------------------------------------------------------------------------------


def test_the_housekeeping_expires_unanswered_requests_and_tells_both_sides_once(
    client, organisation, startup, offer, bob, charlie, django_capture_on_commit_callbacks
):
    overdue = make_request(bob, organisation, startup, offer, expires_at=timezone.now() - timedelta(minutes=5))
    running = make_request(bob, organisation, startup, expires_at=timezone.now() + timedelta(days=1))

    # Past its expiry but not yet marked: it can no longer be answered, and shows as expired.
    response = answer(client, charlie, overdue, "accept")
    assert texts(response)[0].startswith("This request expired on ")
    overdue.refresh_from_db()
    assert overdue.status == RequestStatus.PENDING and overdue.answered_by is None
    html = page(client, charlie, overdue)
    assert "without an answer" in html and 'value="accept"' not in html

    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("matching_housekeeping", stdout=out)
    assert "Contact requests expired without an answer: 1" in out.getvalue()
    assert sorted(message.to[0] for message in mail.outbox) == [bob.email, charlie.email]
    overdue.refresh_from_db()
    running.refresh_from_db()
    assert (overdue.status, running.status) == (RequestStatus.EXPIRED, RequestStatus.PENDING)

    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("matching_housekeeping", stdout=out)
    assert "Contact requests expired without an answer: 0" in out.getvalue()
    assert len(mail.outbox) == 2

    response = answer(client, charlie, overdue, "decline")
    assert texts(response)[-1].startswith("This request expired on ")
    overdue.refresh_from_db()
    assert overdue.status == RequestStatus.EXPIRED
    client.force_login(bob)
    assert texts(client.post(url("matching:withdraw", overdue.pk)))[-1].startswith("This request expired on ")


def test_expiry_claims_each_request_so_a_parallel_run_sends_nothing(
    organisation, startup, offer, bob, django_capture_on_commit_callbacks
):
    overdue = make_request(bob, organisation, startup, offer, expires_at=timezone.now() - timedelta(minutes=5))
    stale = list(ContactRequest.objects.filter(pk=overdue.pk))  # what a second run read before the first finished
    with django_capture_on_commit_callbacks(execute=True):
        assert services.expire_overdue() == 1
    sent = len(mail.outbox)
    ContactRequest.objects.filter(pk=overdue.pk).update(status=RequestStatus.EXPIRED)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.expire_overdue(among=ContactRequest.objects.filter(pk__in=[row.pk for row in stale])) == 0
    assert len(mail.outbox) == sent


# --- the reveal rule with an anonymous entry ------------------------------------------------------------------


def test_an_anonymous_receiver_stays_anonymous_until_it_accepts(client, organisation, bob, alice):
    dora, lennetal, need = make_hidden()
    response = send(client, bob, need)
    assert texts(response) == [
        "Your request to An organisation in the district of Olpe was sent. You will hear from us by e-mail when it "
        "is answered."
    ]
    contact_request = ContactRequest.objects.get()
    for user in (bob, alice):
        html = page(client, user, contact_request)
        assert "An organisation in the district of Olpe" in html
        assert "Greifer für empfindliche Bauteile" in html
        for secret in ("Lennetal", "Attendorn", lennetal.slug, "Dora", "dora@example.org"):
            assert secret not in html, secret
        client.force_login(user)
        inbox = client.get(url("matching:inbox") + "?box=sent").content.decode()
        assert "Lennetal" not in inbox and "Attendorn" not in inbox and lennetal.slug not in inbox
    html = page(client, dora, contact_request)  # the receiver knows itself
    assert "Lennetal Robotik GmbH" in html

    answer(client, dora, contact_request, "accept", phone="02722 1234")
    html = page(client, bob, contact_request)
    assert "Lennetal Robotik GmbH" in html and lennetal.get_absolute_url() in html and "Attendorn" in html
    assert "Dora Dierks" in html and "dora@example.org" in html and "02722 1234" in html


def test_a_declined_anonymous_request_stays_anonymous(client, organisation, bob):
    dora, lennetal, need = make_hidden()
    contact_request = make_request(bob, organisation, lennetal, need)
    answer(client, dora, contact_request, "decline", reply="Danke, nein.")
    html = page(client, bob, contact_request)
    assert "Danke, nein." in html
    assert "Lennetal" not in html and "Attendorn" not in html and "Dora" not in html


def test_the_rule_in_one_function(organisation, startup, offer, alice, bob, charlie):
    contact_request = make_request(bob, organisation, startup, offer, sender_phone="0171")
    for user, side in ((bob, "sender"), (alice, "sender"), (charlie, "receiver")):
        details = services.visible_contact_details(contact_request, user)
        assert details.side == side and not details.revealed
    assert services.visible_contact_details(contact_request, charlie).requester is None
    assert services.visible_contact_details(contact_request, alice).requester == services.Person("Bob Berger")
    contact_request.status, contact_request.answered_by = RequestStatus.ACCEPTED, charlie
    contact_request.answered_at = timezone.now()
    details = services.visible_contact_details(contact_request, charlie)
    assert details.requester == services.Person("Bob Berger", "bob@example.org", "0171")
    assert details.answerer == services.Person("Charlie Claasen", "charlie@example.org", "")
    outsider = make_user("o@example.org")
    assert services.visible_contact_details(contact_request, outsider).side is None


# --- settings, overview, personal data -------------------------------------------------------------------------


def test_owners_set_the_monthly_cap_and_see_this_months_count(client, organisation, startup, alice, bob, charlie):
    make_request(charlie, startup, organisation)
    address = url("matching:request_settings", organisation.slug)
    for user in (bob, charlie):  # an editor, an outsider
        client.force_login(user)
        assert client.get(address).status_code == 404
        assert client.post(address, {"monthly_cap": "5"}).status_code == 404
    client.force_login(alice)
    response = client.get(address)
    assert response.context["received"] == 1
    assert "No limit" in response.content.decode()
    response = client.post(address, {"monthly_cap": "0"})
    assert "Please enter at least 1" in response.content.decode()
    assert not RequestSettings.objects.exists()
    response = client.post(address, {"monthly_cap": "5"})
    assert texts(response) == ["Saved: at most 5 new contact requests per month."]
    assert RequestSettings.objects.get(organisation=organisation).monthly_cap == 5
    assert "5 new requests per month" in client.get(address).content.decode()
    client.post(address, {"monthly_cap": ""})
    assert RequestSettings.objects.get(organisation=organisation).monthly_cap is None


def test_the_organisation_page_links_owners_to_the_request_settings(client, organisation, alice, bob):
    make_entry(organisation)
    address = url("matching:request_settings", organisation.slug)
    client.force_login(alice)
    assert address in client.get(url("companies:detail", organisation.slug)).content.decode()
    client.force_login(bob)
    assert address not in client.get(url("companies:detail", organisation.slug)).content.decode()


def test_the_account_overview_counts_open_received_requests(client, organisation, startup, offer, bob, charlie):
    make_request(bob, organisation, startup, offer)
    make_request(bob, organisation, startup, status="withdrawn")
    client.force_login(charlie)
    html = client.get(url("accounts:overview")).content.decode()
    assert url("matching:inbox") in html and "1 waiting for an answer" in html
    client.force_login(bob)
    html = client.get(url("accounts:overview")).content.decode()
    assert url("matching:inbox") in html and "waiting for an answer" not in html


def test_the_export_holds_sent_and_answered_requests(organisation, startup, offer, bob, charlie):
    dora, lennetal, need = make_hidden()
    make_request(bob, organisation, lennetal, need, sender_phone="0171")
    make_request(
        bob, organisation, startup, offer, status="accepted", answered_at=timezone.now(), answered_by=charlie,
        answerer_phone="0231", reply="Gern",
    )  # fmt: skip
    with translation.override("en"):
        sent = personal_data.export(bob)["contact_requests_sent"]
    assert [(row["to"], row["about"], row["phone"]) for row in sent] == [
        ("An organisation in the district of Olpe", "Greifer für empfindliche Bauteile", "0171"),
        ("Ruhrlogik GmbH", "KI-Bildverarbeitung für die Qualitätsprüfung", ""),
    ]
    answered = personal_data.export(charlie)["contact_requests_answered"]
    assert [(row["from"], row["phone"], row["reply"]) for row in answered] == [
        ("Sauerland Sensorik GmbH", "0231", "Gern")
    ]


def test_deleting_the_account_withdraws_open_requests_and_removes_the_person(
    organisation, startup, offer, bob, charlie
):
    erin = make_user("erin@example.org", "Erin Ebert")
    Membership.objects.create(user=erin, organisation=startup, role="editor")
    pending = make_request(bob, organisation, startup, offer, sender_phone="0171")
    accepted = make_request(
        bob, organisation, startup, status="accepted", answered_at=timezone.now(), answered_by=erin,
        answerer_phone="0231", sender_shares_bookings=True, answerer_shares_bookings=True,
    )  # fmt: skip
    with translation.override("en"):
        notes = [str(note) for note in personal_data.deletion_notes(bob)]
    assert "Your contact requests that are still waiting for an answer are withdrawn." in notes
    personal_data.delete_account(bob, {})
    pending.refresh_from_db()
    accepted.refresh_from_db()
    assert pending.status == RequestStatus.WITHDRAWN
    assert (pending.sender, pending.sender_phone) == (None, "")
    assert (accepted.status, accepted.sender, accepted.sender_phone) == (RequestStatus.ACCEPTED, None, "")
    assert not accepted.sender_shares_bookings
    assert accepted.answered_by == erin and accepted.answerer_phone == "0231"
    personal_data.delete_account(erin, {})
    accepted.refresh_from_db()
    assert (accepted.answered_by, accepted.answerer_phone, accepted.answerer_shares_bookings) == (None, "", False)
    assert ContactRequest.objects.count() == 2


def test_a_deleted_persons_accepted_request_still_shows(client, organisation, startup, offer, alice, bob, charlie):
    contact_request = make_request(
        bob, organisation, startup, offer, status="accepted", answered_at=timezone.now(), answered_by=charlie
    )
    personal_data.delete_account(bob, {})
    html = page(client, alice, contact_request)
    assert "This person has deleted their account." in html and "Charlie Claasen" in html


def test_an_anonymous_receiver_stays_hidden_when_its_entry_is_deleted_or_made_public_before_acceptance(
    client, organisation, alice, startup, charlie
):
    """Whether the receiver is hidden is fixed at sending: neither deleting the anonymous entry nor making it public
    reveals the organisation to the sender before the receiver accepts."""
    from matching.models import ContactRequest
    from tests.matching.conftest import make_entry
    from tests.matching.requests_helpers import send

    entry = make_entry(startup, "need", title="Pilotkunde gesucht", visibility="anonymous", topics=["process-erp"])
    assert send(client, alice, entry).status_code == 302
    contact_request = ContactRequest.objects.get()
    assert contact_request.receiver_anonymous

    entry.visibility = "public"
    entry.save(update_fields=["visibility"])
    page = client.get(contact_request.get_absolute_url()).content.decode()
    assert "Ruhrlogik" not in page and "An organisation in Dortmund" in page

    entry.delete()
    page = client.get(contact_request.get_absolute_url()).content.decode()
    assert "Ruhrlogik" not in page and startup.slug not in page and "An organisation in Dortmund" in page


def test_the_organisation_page_offers_a_contact_request_to_signed_in_outsiders_only(
    client, organisation, alice, charlie
):
    from django.urls import reverse

    address = reverse("matching:contact_organisation", args=[organisation.slug])
    assert address not in client.get(organisation.get_absolute_url()).content.decode()  # a visitor
    client.force_login(alice)
    assert address not in client.get(organisation.get_absolute_url()).content.decode()  # its own member
    client.force_login(charlie)
    assert address in client.get(organisation.get_absolute_url()).content.decode()
