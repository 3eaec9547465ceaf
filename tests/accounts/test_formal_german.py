"""The German account pages and mails say "Sie": locale_overrides/ replaces allauth's informal German."""

import gettext
import html
import re
from pathlib import Path

import allauth
import pytest
from django.urls import reverse
from django.utils import translation

from tests.conftest import PASSWORD

INFORMAL = re.compile(r"\b(du|dich|dir|dein|deine|deinen|deinem|deiner|deines)\b", re.IGNORECASE)


def visible_text(response):
    page = response.content.decode()
    page = re.sub(r"(?is)<(script|style|template)\b.*?</\1\s*>", " ", page)
    page = re.sub(r"(?s)<!--.*?-->", " ", page)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def german_url(name):
    with translation.override("de"):
        return reverse(name)


def assert_formal(text):
    assert not INFORMAL.findall(text), text


@pytest.mark.parametrize(
    ("name", "formal_phrase"),
    [
        ("account_login", "Falls Sie noch kein Konto haben"),
        ("account_signup", "Sie haben bereits ein Konto?"),
        ("account_reset_password", "Geben Sie unten Ihre E-Mail-Adresse ein"),
    ],
)
def test_german_account_pages_say_sie(client, db, name, formal_phrase):
    response = client.get(german_url(name))
    assert response.status_code == 200
    assert response.content.decode().count('lang="de"') >= 1
    text = visible_text(response)
    assert formal_phrase in text  # the override is active, not allauth's "du" text
    assert_formal(text)


def test_german_sign_up_errors_page_and_verification_mail_say_sie(client, db, mailoutbox):
    response = client.post(
        german_url("account_signup"),
        {"email": "neu@example.org", "password1": PASSWORD, "password2": PASSWORD + "x"},
    )
    assert response.status_code == 200
    text = visible_text(response)
    assert "Sie müssen zweimal dasselbe Passwort eingeben." in text
    assert_formal(text)

    response = client.post(
        german_url("account_signup"),
        {"email": "neu@example.org", "password1": PASSWORD, "password2": PASSWORD},
        follow=True,
    )
    assert response.status_code == 200
    text = visible_text(response)
    assert "Wir haben Ihnen eine E-Mail zur Bestätigung geschickt." in text
    assert_formal(text)

    [mail] = [m for m in mailoutbox if "neu@example.org" in m.to]
    assert "Bitte bestätigen Sie Ihre E-Mail-Adresse" in mail.subject
    assert "Vielen Dank, dass Sie" in mail.body
    assert_formal(mail.subject)
    assert_formal(mail.body)
    for content, _mimetype in getattr(mail, "alternatives", []):
        assert_formal(re.sub(r"<[^>]+>", " ", content))


def test_every_informal_message_of_allauths_german_catalogue_is_overridden():
    """Catches new "du" texts after an allauth upgrade: add them to locale_overrides/de/LC_MESSAGES/django.po."""
    mo = Path(allauth.__file__).parent / "locale" / "de" / "LC_MESSAGES" / "django.mo"
    with mo.open("rb") as fp:
        catalogue = gettext.GNUTranslations(fp)._catalog  # msgid, "context\x04msgid" or (msgid, plural index)
    still_informal = []
    with translation.override("de"):
        for key, msgstr in catalogue.items():
            if not key or not INFORMAL.search(msgstr):
                continue
            if isinstance(key, tuple):
                msgid, index = key
                context, _, msgid = msgid.rpartition("\x04")
                count = 1 if index == 0 else 2
                if context:
                    shown = translation.npgettext(context, msgid, msgid, count)
                else:
                    shown = translation.ngettext(msgid, msgid, count)
            else:
                context, _, msgid = key.rpartition("\x04")
                shown = translation.pgettext(context, msgid) if context else translation.gettext(msgid)
            if INFORMAL.search(shown):
                still_informal.append((msgid, shown))
    assert not still_informal
