import pytest
from django.urls import reverse

from portal.models import Feedback

MESSAGE = "The search form cannot be used with a screen reader."


@pytest.mark.parametrize("name", ["portal:barrier_report", "portal:accessibility"])
def test_it_stores_and_mails_a_barrier_report(client, db, mailoutbox, settings, name):
    response = client.post(reverse(name), {"message": MESSAGE, "page": "/verzeichnis/", "email": "eva@example.org"})
    assert response.status_code == 302
    assert response.url == reverse("portal:feedback_thanks")
    feedback = Feedback.objects.get()
    assert (feedback.kind, feedback.page, feedback.message) == ("barrier", "/verzeichnis/", MESSAGE)
    assert feedback.language == "de"
    [mail] = mailoutbox
    assert mail.to == settings.FEEDBACK_RECIPIENTS
    assert mail.reply_to == ["eva@example.org"]
    assert MESSAGE in mail.body and "/verzeichnis/" in mail.body
    assert "Dank" in client.get(response.url).content.decode()


def test_a_contact_message_needs_an_address_to_answer(client, db, mailoutbox):
    response = client.post(reverse("portal:contact"), {"message": "Wir suchen Partner für OPC UA."})
    assert response.status_code == 200
    assert Feedback.objects.count() == 0
    html = response.content.decode()
    assert "error-summary" in html
    assert 'aria-invalid="true"' in html
    assert "Wir suchen Partner für OPC UA." in html  # nothing the user typed is lost
    client.post(reverse("portal:contact"), {"message": "Wir suchen Partner.", "email": "x@example.org"})
    assert Feedback.objects.get().kind == "contact"


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"message": "   "},
        {"message": "x" * 5001},
        {"message": "ok", "email": "nope"},
        {"message": "ok", "page": "p" * 501},
        {"message": "a\x00b"},
    ],
)
def test_it_rejects_bad_input_with_a_message_and_stores_nothing(client, db, mailoutbox, data):
    response = client.post(reverse("portal:barrier_report"), data)
    assert response.status_code == 200
    assert "error-summary" in response.content.decode()
    assert Feedback.objects.count() == 0
    assert mailoutbox == []


def test_it_prefills_the_page_from_the_query_string(client, db):
    html = client.get(reverse("portal:barrier_report") + "?page=/kontakt/%3Cscript%3E").content.decode()
    assert 'value="/kontakt/&lt;script&gt;"' in html


def test_it_rate_limits_feedback_and_keeps_the_text(client, db, mailoutbox, settings):
    settings.ACCOUNT_RATE_LIMITS = {"feedback": "2/h/ip"}
    for _ in range(2):
        assert client.post(reverse("portal:contact"), {"message": "Hallo", "email": "a@example.org"}).status_code == 302
    response = client.post(reverse("portal:contact"), {"message": "Dritte Nachricht", "email": "a@example.org"})
    assert response.status_code == 429
    html = response.content.decode()
    assert "Dritte Nachricht" in html
    assert "in einer Stunde" in html
    assert Feedback.objects.count() == 2
    assert len(mailoutbox) == 2


def test_a_mail_server_failure_loses_no_message(client, db, monkeypatch):
    def broken(*args, **kwargs):
        raise ConnectionRefusedError("SMTP down")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", broken)
    response = client.post(reverse("portal:barrier_report"), {"message": MESSAGE})
    assert response.status_code == 302
    assert Feedback.objects.filter(message=MESSAGE).exists()


def test_the_footer_link_tells_the_barrier_report_which_page_it_came_from(client, db):
    html = client.get("/kontakt/").content.decode()
    assert 'href="/barrierefreiheit/melden/?page=/kontakt/"' in html
    html = client.get("/barrierefreiheit/melden/?page=/kontakt/").content.decode()
    assert 'value="/kontakt/"' in html
