"""The e-mails to the person who submitted an idea (issue 7 point 4): one on every stage change and one when a curator
publishes the idea, each in the recipient's language with links in it; nobody is written to for a project without
a submitter or with an inactive one. services.py sends them after the commit; the templates are
regionale/email/stage*.txt and published*.txt.

bob submitted the idea for `organisation` (alice owns it); the curator moves it.
"""

from datetime import date

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from regionale import services
from regionale.models import Stage
from regionale.services import Decision

from .conftest import make_project

DAY = date(2025, 6, 2)  # after every decision make_project takes
TITLE = "Digitales Dorfzentrum Eslohe"


def link(name, *args, language):
    with translation.override(language):
        return settings.SITE_URL + reverse(name, args=args)


def speaking(user, language):
    user.language = language
    user.save(update_fields=["language"])
    return user


@pytest.fixture
def idea(bob, curator, organisation):
    return make_project(TITLE, by=curator, submitted_by=speaking(bob, "en"), lead_sponsor=organisation)


def moved(capture, project, stage, curator, body="ausschuss", reason=""):
    with capture(execute=True):
        return services.move(project, stage, Decision(DAY, body, reason=reason), by=curator)


# (from stage, to stage, body, reason, subject, the sentence of the body)
MOVES = [
    pytest.param(
        Stage.IDEA,
        Stage.STAR_1,
        "ausschuss",
        "",
        f"[Brückenschlag] Your REGIONALE idea has reached “1st star”: {TITLE}",
        f"Good news: your REGIONALE idea “{TITLE}” has moved on from “Idea” to “1st star”.",
        id="advance",
    ),
    pytest.param(
        Stage.STAR_2,
        Stage.STAR_1,
        "beirat",
        "Der Kostenplan fehlt noch.",
        f"[Brückenschlag] Your REGIONALE idea has been moved back to “1st star”: {TITLE}",
        f"Your REGIONALE idea “{TITLE}” has been moved back from “2nd star” to “1st star”.",
        id="revert",
    ),
    pytest.param(
        Stage.STAR_1,
        Stage.WITHDRAWN,
        "sponsor",
        "Der Träger pausiert.",
        f"[Brückenschlag] Your REGIONALE idea has been withdrawn: {TITLE}",
        f"Your REGIONALE idea “{TITLE}” has been withdrawn; it was at the stage “1st star”.",
        id="withdraw",
    ),
]


@pytest.mark.parametrize(("before", "after", "body", "reason", "subject", "sentence"), MOVES)
def test_every_move_tells_the_submitter_with_the_decision(
    bob,
    curator,
    organisation,
    before,
    after,
    body,
    reason,
    subject,
    sentence,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    project = make_project(TITLE, stage=before, by=curator, submitted_by=speaking(bob, "en"), lead_sponsor=organisation)
    mailoutbox.clear()
    moved(django_capture_on_commit_callbacks, project, after, curator, body=body, reason=reason)

    [message] = mailoutbox
    assert message.to == ["bob@example.org"]
    assert message.subject == subject
    assert message.body.startswith("Hello,\n")
    assert sentence in message.body
    assert "Decision date: June 2, 2025\n" in message.body
    labels = {"ausschuss": "REGIONALE committee (decision)", "beirat": "Advisory board (recommendation)"}
    assert f"Decided by: {labels.get(body, 'Project sponsor')}\n" in message.body
    assert f"{link('regionale:my_ideas', language='en')}\n" in message.body
    assert "Your Brückenschlag team" in message.body
    # Nothing of the curators: not their reason, not who they are
    assert "Kostenplan" not in message.body and "pausiert" not in message.body
    assert "Kira" not in message.body and "kuratorin" not in message.body


def test_a_star_says_what_it_means(idea, curator, mailoutbox, django_capture_on_commit_callbacks):
    moved(django_capture_on_commit_callbacks, idea, Stage.STAR_1, curator)
    assert "The 1st star marks an outstanding idea." in mailoutbox[0].body


def test_revoking_a_withdrawal_tells_the_submitter(
    bob, curator, organisation, mailoutbox, django_capture_on_commit_callbacks
):
    project = make_project(TITLE, stage="withdrawn", by=curator, submitted_by=speaking(bob, "en"))
    mailoutbox.clear()
    moved(django_capture_on_commit_callbacks, project, Stage.IDEA, curator, body="agentur", reason="Neuer Träger")

    [message] = mailoutbox
    assert message.subject == f"[Brückenschlag] Your REGIONALE idea is back at “Idea”: {TITLE}"
    assert f"The withdrawal of your REGIONALE idea “{TITLE}” has been revoked: it is back at the stage “Idea”." in (
        message.body
    )
    assert "Decided by: Südwestfalen Agentur\n" in message.body and "Neuer Träger" not in message.body


def test_a_published_project_links_to_its_page(idea, curator, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.publish([idea], by=curator)
    mailoutbox.clear()
    moved(django_capture_on_commit_callbacks, idea, Stage.STAR_1, curator)

    body = mailoutbox[0].body
    assert f"{link('regionale:project', idea.slug, language='en')}\n" in body
    assert link("regionale:my_ideas", language="en") not in body


def test_in_german_for_a_german_speaking_submitter(idea, bob, curator, mailoutbox, django_capture_on_commit_callbacks):
    speaking(bob, "de")
    idea.refresh_from_db()
    with translation.override("en"):  # the curator works in English; the mail follows the recipient
        moved(django_capture_on_commit_callbacks, idea, Stage.STAR_1, curator)

    body = mailoutbox[0].body
    assert body.startswith("Guten Tag,\n") and "Ihr Brückenschlag-Team" in body
    assert "2. Juni 2025" in body
    german = link("regionale:my_ideas", language="de")
    assert "/en/" not in german and f"{german}\n" in body


@pytest.mark.parametrize("language", ["en", "de"])
def test_publishing_tells_the_submitter(idea, bob, curator, language, mailoutbox, django_capture_on_commit_callbacks):
    speaking(bob, language)
    idea.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        services.publish([idea], by=curator)

    [message] = mailoutbox
    assert message.to == ["bob@example.org"]
    assert f"{link('regionale:project', idea.slug, language=language)}\n" in message.body
    assert f"{link('regionale:my_ideas', language=language)}\n" in message.body
    if language == "en":
        assert message.subject == f"[Brückenschlag] Your REGIONALE idea is now public: {TITLE}"
        assert f"Your REGIONALE idea “{TITLE}” is now public" in message.body
        assert "Its stage: “Idea”." in message.body
    else:
        assert message.body.startswith("Guten Tag,\n") and "/en/" not in message.body


def test_publishing_twice_writes_once(idea, curator, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.publish([idea], by=curator)
        services.publish([idea], by=curator)
    assert len(mailoutbox) == 1


def test_nobody_is_written_to_without_a_submitter(
    curator, organisation, mailoutbox, django_capture_on_commit_callbacks
):
    project = make_project(TITLE, by=curator, lead_sponsor=organisation)  # imported or created in the admin
    moved(django_capture_on_commit_callbacks, project, Stage.STAR_1, curator)
    with django_capture_on_commit_callbacks(execute=True):
        services.publish([project], by=curator)
    assert mailoutbox == []


def test_an_inactive_submitter_is_not_written_to(idea, bob, curator, mailoutbox, django_capture_on_commit_callbacks):
    bob.is_active = False
    bob.save(update_fields=["is_active"])
    idea.refresh_from_db()
    moved(django_capture_on_commit_callbacks, idea, Stage.STAR_1, curator)
    with django_capture_on_commit_callbacks(execute=True):
        services.publish([idea], by=curator)
    assert mailoutbox == []


def test_a_refused_move_writes_nothing(idea, curator, mailoutbox, django_capture_on_commit_callbacks):
    from django.core.exceptions import ValidationError

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        services.move(idea, Stage.STAR_3, Decision(DAY, "ausschuss"), by=curator)
    assert mailoutbox == []
