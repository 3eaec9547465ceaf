"""Members and the REGIONALE (issue 7 point 4): submitting an idea, the submitter's page "My REGIONALE ideas", and a
project's lead sponsor adding a need that enters the matching.

alice owns `organisation` (a published firm in Arnsberg), bob edits it, charlie has no organisation.
"""

import re

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation

from companies.models import Membership, Municipality
from matching import engine
from matching.models import Entry
from regionale import services
from regionale.models import Move, Project, Stage, StageTransition, Themenfeld
from tests.conftest import make_organisation
from tests.matching.conftest import make_entry

from .conftest import FIRST_DECISION, make_project

TITLE = "Digitales Dorfzentrum Eslohe"
SUMMARY = "Ein Ort, an dem das Dorf digital zusammenkommt."
DESCRIPTION = "Im Dorf fehlt ein Treffpunkt. Davon profitieren Vereine, Ältere und Pendler."


def url(name, *args, language="en"):
    with translation.override(language):
        return reverse(name, args=args)


def idea(organisation, **changes):
    """The POST data of a complete idea; changes replace fields, None leaves one out."""
    data = {
        "title": TITLE,
        "summary": SUMMARY,
        "description": DESCRIPTION,
        "municipalities": list(
            Municipality.objects.filter(name__in=["Eslohe", "Olpe"]).order_by("name").values_list("pk", flat=True)
        ),
        "organisation": organisation.pk,
        "handlungsfeld": "raum",
        "themenfeld": Themenfeld.objects.get(slug="digitale-mitten").pk,
        "dna": ["digital", "authentic"],
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def is_checked(content, name, value):
    [tag] = re.findall(rf'<input type="(?:checkbox|radio)" name="{name}" value="{value}"[^>]*>', content)
    return " checked" in tag


def submit(client, user, data, language="en"):
    client.force_login(user)
    return client.post(url("regionale:submit_idea", language=language), data)


# --- who may submit ------------------------------------------------------------------------------------------


def test_it_asks_for_a_log_in(client, db):
    response = client.get(url("regionale:submit_idea"))
    assert response.status_code == 302 and response.url.startswith(url("account_login"))


def test_without_an_organisation_it_shows_the_way_to_register_one(client, charlie):
    client.force_login(charlie)
    response = client.get(url("regionale:submit_idea"))
    content = response.content.decode()
    assert response.status_code == 200
    assert "No organisation yet" in content
    assert url("startups:organisation") in content
    assert 'name="title"' not in content
    assert submit(client, charlie, {"title": TITLE}).status_code == 200
    assert not Project.objects.exists()


def test_an_organisation_hidden_by_a_curator_cannot_submit(client, charlie):
    make_organisation("Versteckt GmbH", owner=charlie, status="hidden", hidden_reason="Spam")
    client.force_login(charlie)
    assert "No organisation yet" in client.get(url("regionale:submit_idea")).content.decode()


def test_a_draft_organisation_can_submit(client, charlie):
    draft = make_organisation("Entwurf GmbH", owner=charlie)
    response = submit(client, charlie, idea(draft))
    assert response.status_code == 302
    assert Project.objects.get().lead_sponsor == draft


def test_an_editor_can_submit(client, bob, organisation):
    assert submit(client, bob, idea(organisation)).status_code == 302
    assert Project.objects.get().submitted_by == bob


# --- the form ------------------------------------------------------------------------------------------------


def test_the_form_is_a_guided_page_of_numbered_steps(client, bob, organisation):
    client.force_login(bob)
    content = client.get(url("regionale:submit_idea")).content.decode()
    for legend in ("1. Your idea", "2. Where", "3. Who", "4. Classification", "5. What happens next"):
        assert legend in content
    assert "What problem does the idea solve? Who benefits" in content
    # One fieldset per district, the municipalities of Südwestfalen only
    for district in (
        "Hochsauerlandkreis",
        "Kreis Olpe",
        "Kreis Siegen-Wittgenstein",
        "Kreis Soest",
        "Märkischer Kreis",
    ):
        assert f'<legend class="form__sublegend">{district}</legend>' in content
    assert f'value="{Municipality.objects.get(name="Dortmund").pk}"' not in content
    assert 'id="id_municipalities_0"' in content
    # One organisation: named, no choice to make
    assert "On behalf of: <strong>Sauerland Sensorik GmbH</strong>" in content
    assert f'<input type="hidden" name="organisation" value="{organisation.pk}"' in content
    # Handlungsfeld as radio buttons with their explanation, DNA as checkboxes
    assert 'type="radio" name="handlungsfeld" value="gesellschaft"' in content
    assert "Society: health, education, civic engagement" in content
    assert 'type="checkbox" name="dna" value="sustainable"' in content
    assert '<optgroup label="Society">' in content


def test_a_submitted_idea_is_an_unpublished_idea_of_the_organisation(client, bob, organisation):
    response = submit(client, bob, idea(organisation))

    assert response.status_code == 302 and response.url == url("regionale:my_ideas")
    project = Project.objects.get()
    assert project.title == TITLE and project.summary == SUMMARY and project.description == DESCRIPTION
    assert project.stage == Stage.IDEA and not project.published and not project.featured
    assert project.submitted_by == bob and project.lead_sponsor == organisation
    assert project.slug == "digitales-dorfzentrum-eslohe"
    assert sorted(project.municipalities.values_list("name", flat=True)) == ["Eslohe", "Olpe"]
    assert project.handlungsfeld == "raum" and project.themenfeld.slug == "digitale-mitten"
    assert (project.dna_digital, project.dna_sustainable, project.dna_authentic) == (True, False, True)
    [first] = project.transitions.all()
    assert (first.kind, first.from_stage, first.to_stage, first.by) == (Move.CREATED, "", Stage.IDEA, bob)
    assert project.history.first().history_user == bob
    followed = client.get(response.url)
    assert [str(message) for message in followed.context["messages"]] == [
        f"Thank you! Your idea “{TITLE}” has been submitted. We will let you know by e-mail how it goes on."
    ]


def test_it_remembers_the_language_for_the_e_mails(client, bob, organisation):
    submit(client, bob, idea(organisation), language="en")
    bob.refresh_from_db()
    assert bob.language == "en"


def test_a_submitted_idea_is_not_public(client, bob, charlie, organisation):
    submit(client, bob, idea(organisation))
    project = Project.objects.get()
    client.logout()
    assert client.get(project.get_absolute_url()).status_code == 404
    assert TITLE not in client.get(url("regionale:portfolio")).content.decode()
    client.force_login(charlie)
    assert client.get(project.get_absolute_url()).status_code == 404
    assert not Project.objects.visible_to(charlie).exists()
    assert list(Project.objects.visible_to(bob)) == [project]


def test_the_same_title_twice_gets_a_second_address(client, bob, organisation):
    submit(client, bob, idea(organisation))
    submit(client, bob, idea(organisation, title="Digitales  Dorfzentrum   Eslohe"))
    assert sorted(Project.objects.values_list("slug", flat=True)) == [
        "digitales-dorfzentrum-eslohe",
        "digitales-dorfzentrum-eslohe-2",
    ]
    assert set(Project.objects.values_list("title", flat=True)) == {TITLE}


def test_a_slug_taken_at_the_same_moment_gives_way_to_the_next(client, bob, organisation, monkeypatch):

    make_project(TITLE)  # another member's idea of the same title, saved after the slug was worked out
    slugs = iter(["digitales-dorfzentrum-eslohe"])
    real = services.unique_project_slug
    monkeypatch.setattr(services, "unique_project_slug", lambda title: next(slugs, None) or real(title))

    assert submit(client, bob, idea(organisation)).status_code == 302
    project = Project.objects.get(submitted_by=bob)
    assert project.slug == "digitales-dorfzentrum-eslohe-2"
    assert project.transitions.count() == 1 and project.municipalities.count() == 2


def test_the_account_page_links_to_my_ideas(client, bob):
    client.force_login(bob)
    content = client.get(url("accounts:overview")).content.decode()
    assert f'href="{url("regionale:my_ideas")}">My REGIONALE ideas</a>' in content


def test_errors_are_summarised_and_nothing_typed_is_lost(client, bob, organisation):
    response = submit(client, bob, idea(organisation, municipalities=None, dna=None, themenfeld=None))

    assert response.status_code == 200
    content = response.content.decode()
    assert "data-error-summary" in content
    assert '<a href="#id_municipalities_0">Municipalities: Please choose at least one municipality.</a>' in content
    assert "Please choose at least one: every REGIONALE project carries the DNA." in content
    assert f'value="{TITLE}"' in content and SUMMARY in content and DESCRIPTION in content
    assert is_checked(content, "handlungsfeld", "raum")
    assert not Project.objects.exists() and not StageTransition.objects.exists()


def test_a_failed_form_keeps_the_chosen_municipalities_and_dna(client, bob, organisation):
    data = idea(organisation, title="")
    response = submit(client, bob, data)
    content = response.content.decode()
    assert "Please give your idea a title." in content
    assert all(is_checked(content, "municipalities", pk) for pk in data["municipalities"])
    assert is_checked(content, "dna", "authentic") and is_checked(content, "dna", "digital")
    assert not is_checked(content, "dna", "sustainable")
    assert not Project.objects.exists()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"description": "  "}, "Please describe your idea: what problem it solves and who benefits."),
        ({"summary": "x" * 401}, "Please shorten the text to 400 characters (it has 401)."),
        ({"handlungsfeld": "mond"}, "Select a valid choice."),
        ({"themenfeld": "999999"}, "Please choose a topic field from the list, or none."),
        ({"municipalities": ["999999"]}, "Please choose municipalities from the list."),
        ({"dna": ["glamorous"]}, "Select a valid choice."),
    ],
)
def test_bad_input_is_a_clear_error_and_changes_nothing(client, bob, organisation, changes, message):
    response = submit(client, bob, idea(organisation, **changes))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Project.objects.exists()


def test_dortmund_is_not_a_place_of_the_regionale(client, bob, organisation):
    dortmund = Municipality.objects.get(name="Dortmund")
    response = submit(client, bob, idea(organisation, municipalities=[dortmund.pk]))
    assert "Please choose municipalities from the list." in response.content.decode()
    assert not Project.objects.exists()


def test_a_themenfeld_of_another_handlungsfeld_is_refused_clearly(client, bob, organisation):
    health = Themenfeld.objects.get(slug="gesundheit")
    response = submit(client, bob, idea(organisation, handlungsfeld="raum", themenfeld=health.pk))

    assert response.status_code == 200
    assert (
        "The topic field “Health” belongs to the field of action “Society”, not to “Space”. Please choose a topic "
        "field of “Space”, or none." in response.content.decode()
    )
    assert not Project.objects.exists()


def test_without_a_themenfeld_the_idea_is_accepted(client, bob, organisation):
    assert submit(client, bob, idea(organisation, themenfeld="")).status_code == 302
    assert Project.objects.get().themenfeld is None


def test_with_several_organisations_the_member_chooses(client, bob, organisation):
    second = make_organisation("Lenne Labor GmbH", municipality="Altena", status="draft")
    Membership.objects.create(user=bob, organisation=second, role="editor")
    make_organisation("Hidden Hut GmbH", owner=bob, status="hidden", hidden_reason="Spam")
    client.force_login(bob)
    content = client.get(url("regionale:submit_idea")).content.decode()
    assert 'type="radio" name="organisation"' in content
    assert "Lenne Labor GmbH" in content and "Sauerland Sensorik GmbH" in content
    assert "Hidden Hut GmbH" not in content

    assert submit(client, bob, idea(second)).status_code == 302
    assert Project.objects.get().lead_sponsor == second


def test_an_organisation_of_somebody_else_is_refused(client, bob, charlie, organisation):
    foreign = make_organisation("Fremd GmbH", owner=charlie, status="published")
    response = submit(client, bob, idea(foreign))
    assert response.status_code == 200
    assert "Please choose one of your organisations." in response.content.decode()
    assert not Project.objects.exists()


def test_submitting_is_rate_limited_and_the_input_kept(client, bob, organisation, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "regionale_idea": "2/h/user"}
    cache.clear()
    assert submit(client, bob, idea(organisation, title="Idee eins")).status_code == 302
    assert submit(client, bob, idea(organisation, title="Idee zwei")).status_code == 302
    response = submit(client, bob, idea(organisation, title="Die dritte Idee in kurzer Zeit"))

    assert response.status_code == 429
    content = response.content.decode()
    assert "You have submitted several ideas in a short time. Please try again later." in content
    assert 'value="Die dritte Idee in kurzer Zeit"' in content and DESCRIPTION in content
    assert Project.objects.count() == 2


# --- my ideas ------------------------------------------------------------------------------------------------


def test_my_ideas_asks_for_a_log_in(client, db):
    response = client.get(url("regionale:my_ideas"))
    assert response.status_code == 302 and response.url.startswith(url("account_login"))


def test_without_ideas_it_invites_to_submit_one(client, charlie):
    client.force_login(charlie)
    content = client.get(url("regionale:my_ideas")).content.decode()
    assert "You have not submitted an idea for the REGIONALE 2025 yet." in content
    assert f'href="{url("regionale:submit_idea")}"' in content


def test_my_ideas_shows_stage_visibility_organisation_and_the_decisions(client, bob, charlie, curator, organisation):
    star = make_project(
        "Smarte Bushaltestellen",
        stage="star-1",
        published=True,
        by=curator,
        submitted_by=bob,
        lead_sponsor=organisation,
    )
    back = make_project("Dorfladen 24/7", stage="star-2", by=curator, submitted_by=bob, lead_sponsor=organisation)
    services.move(
        back,
        Stage.STAR_1,
        services.Decision(FIRST_DECISION.replace(month=3), "beirat", reason="Kostenplan fehlt"),
        by=curator,
    )
    make_project("Fremde Idee", submitted_by=charlie)
    client.force_login(bob)
    response = client.get(url("regionale:my_ideas"))
    content = response.content.decode()

    assert [project.title for project in response.context["ideas"]] == ["Dorfladen 24/7", "Smarte Bushaltestellen"]
    assert "Fremde Idee" not in content
    assert f'<a href="{star.get_absolute_url()}">Smarte Bushaltestellen</a>' in content
    assert "1st star" in content and "(1 of 3 stars)" in content
    assert "Public" in content and "In review" in content
    assert "Sauerland Sensorik GmbH" in content
    assert '<th scope="row">Submitted</th>' in content and '<th scope="row">Advanced</th>' in content
    assert '<th scope="row">Reverted</th>' in content
    assert "REGIONALE committee (decision)" in content and "Advisory board (recommendation)" in content
    assert "Dec. 16, 2024" in content and "Jan. 15, 2025" in content and "March 15, 2025" in content
    # Not the curators' reasons or names
    assert "Kostenplan fehlt" not in content and "Kira" not in content and "kuratorin" not in content


def test_an_idea_in_the_idea_stage_has_no_star_yet(client, bob, organisation):
    submit(client, bob, idea(organisation))
    content = client.get(url("regionale:my_ideas")).content.decode()
    assert "(no star yet)" in content and "In review" in content


def test_the_lead_sponsors_members_are_offered_to_add_a_need(client, bob, charlie, organisation):
    mine = make_project("Dorfladen 24/7", submitted_by=bob, lead_sponsor=organisation)
    add = url("regionale:add_need", mine.slug)
    client.force_login(bob)
    assert add in client.get(url("regionale:my_ideas")).content.decode()
    Membership.objects.filter(user=bob).delete()  # bob left the organisation; the idea stays his
    content = client.get(url("regionale:my_ideas")).content.decode()
    assert "Dorfladen 24/7" in content and add not in content


@pytest.mark.parametrize("count", [1, 5])
def test_my_ideas_takes_the_same_queries_for_one_idea_or_five(
    client, bob, curator, organisation, count, django_assert_num_queries
):
    for number in range(count):
        make_project(f"Idee {number}", stage="star-1", by=curator, submitted_by=bob, lead_sponsor=organisation)
    client.force_login(bob)
    address = url("regionale:my_ideas")
    # session, user, the ideas with their lead sponsors, their transitions, the user's organisations
    with django_assert_num_queries(5):
        response = client.get(address)
    assert len(response.context["ideas"]) == count


# --- adding a need to a project ------------------------------------------------------------------------------


NEED = {
    "type": "technology",
    "title": "Sensorik für die Bushaltestelle",
    "description": "Wir suchen Partner für Sensoren, die Fahrgastzahlen erfassen.",
    "topics": [],
    "keywords": "sensoren, nahverkehr",
    "reach": "any",
    "partner_kinds": ["startup", "institute"],
    "visibility": "public",
}


def need_data(**changes):
    from companies.models import Topic

    data = {**NEED, "topics": [Topic.objects.get(slug="iot-industrie-40").pk]}
    data["municipality"] = Municipality.objects.get(name="Eslohe").pk
    data.update(changes)
    return data


@pytest.fixture
def project(organisation, curator):
    return make_project("Smarte Bushaltestellen", published=True, by=curator, lead_sponsor=organisation)


@pytest.mark.parametrize("member", ["alice", "bob"])
def test_owners_and_editors_of_the_lead_sponsor_see_the_need_form(client, project, member, request):
    client.force_login(request.getfixturevalue(member))
    response = client.get(url("regionale:add_need", project.slug))
    assert response.status_code == 200
    content = response.content.decode()
    assert "New need for “Smarte Bushaltestellen”" in content
    assert 'name="partner_kinds"' in content and "data-error-summary" not in content


def test_everybody_else_gets_404(client, project, charlie, curator):
    address = url("regionale:add_need", project.slug)
    assert client.get(address).status_code == 302  # log in first
    client.force_login(charlie)
    assert client.get(address).status_code == 404
    assert client.post(address, need_data()).status_code == 404
    client.force_login(curator)
    assert client.get(address).status_code == 404
    further = make_organisation("Mitträger GmbH", owner=charlie, status="published")
    project.sponsors.add(further)  # a further sponsor is not the lead sponsor
    client.force_login(charlie)
    assert client.get(address).status_code == 404
    assert client.get(url("regionale:add_need", "gibt-es-nicht")).status_code == 404
    assert not Entry.objects.exists()


def test_an_unpublished_idea_only_for_those_who_can_see_it(client, alice, bob, organisation):
    hidden = make_project("Geheime Idee", submitted_by=bob, lead_sponsor=organisation)
    address = url("regionale:add_need", hidden.slug)
    client.force_login(alice)  # owner of the lead sponsor, but the unpublished idea is bob's
    assert client.get(address).status_code == 404
    client.force_login(bob)
    assert client.get(address).status_code == 200


def test_the_need_belongs_to_the_lead_sponsor_and_enters_the_matching(
    client, bob, charlie, project, organisation, django_capture_on_commit_callbacks
):
    startup = make_organisation(
        "Ruhrlogik GmbH", kind="startup", municipality="Dortmund", owner=charlie, status="published"
    )
    offer = make_entry(startup, side="offer", title="Sensorplattform", topics=["iot-industrie-40"])
    client.force_login(bob)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("regionale:add_need", project.slug), need_data())

    assert response.status_code == 302 and response.url == project.get_absolute_url()
    entry = Entry.objects.get(side="need")
    assert (entry.side, entry.organisation, entry.created_by) == ("need", organisation, bob)
    assert list(project.needs.all()) == [entry]
    assert list(entry.regionale_projects.all()) == [project]
    client.logout()
    assert "Sensorik für die Bushaltestelle" in client.get(url("matching:need", entry.pk)).content.decode()
    assert entry in [match.target for match in engine.for_offer(offer)]


def test_an_invalid_need_is_summarised_and_nothing_is_linked(client, bob, project):
    client.force_login(bob)
    response = client.post(url("regionale:add_need", project.slug), need_data(title="", topics=[]))
    assert response.status_code == 200
    content = response.content.decode()
    assert "data-error-summary" in content and "Please give the entry a title." in content
    assert "Wir suchen Partner für Sensoren" in content
    assert not Entry.objects.exists() and not project.needs.exists()


def test_a_draft_sponsor_is_told_when_the_need_shows(client, charlie, curator):
    draft = make_organisation("Entwurf GmbH", owner=charlie)
    mine = make_project("Dorf-WLAN", published=True, by=curator, lead_sponsor=draft)
    client.force_login(charlie)
    assert client.post(url("regionale:add_need", mine.slug), need_data()).status_code == 302
    response = client.get(url("regionale:my_ideas"))
    assert [str(message) for message in response.context["messages"]] == [
        "Your need was saved and linked to the project. Others see it once the profile of Entwurf GmbH is published."
    ]
    assert mine.needs.count() == 1
