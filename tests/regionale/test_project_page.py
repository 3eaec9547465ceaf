"""A REGIONALE project's public page (regionale/views.py::project), the projects on an organisation's page
(templates/regionale/_organisation_projects.html) and the projects in sitemap.xml."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from companies import sections
from companies.models import Membership
from regionale import services
from regionale.models import FundingLine, ProjectImage, ProjectUpdate, Stage, Themenfeld
from tests.conftest import make_organisation, make_user
from tests.matching.conftest import make_entry
from tests.regionale.conftest import make_project

pytestmark = pytest.mark.django_db

SECTION = "regionale/_organisation_projects.html"
# the project with lead sponsor and topic field, then its towns, further sponsors, transitions, funding lines,
# images, published updates and visible needs (anonymous visitors: no session)
ANONYMOUS_QUERIES = 8
# … and for a signed-in member: the session, the user, their permissions and their groups' (visible_to) and the
# membership behind "Add a need"
MEMBER_QUERIES = 13


def url(name, *args):
    """The English URL: the texts are checked in English, since the German catalogue is filled in later."""
    with translation.override("en"):
        return reverse(name, args=args)


def page_url(project):
    return url("regionale:project", project.slug)


@pytest.fixture
def project(curator, organisation):
    """A published project with 2 stars in Eslohe; `organisation` (alice owns it, bob edits it) is its lead sponsor."""
    return make_project(
        "Digitales Dorfzentrum Eslohe",
        stage="star-2",
        published=True,
        by=curator,
        lead_sponsor=organisation,
        description="Erste Zeile.\nZweite Zeile.",
        themenfeld=Themenfeld.objects.get(slug="digitale-mitten"),
        dna_digital=True,
        dna_authentic=True,
        is_example=True,
    )


# --- content ---------------------------------------------------------------------------------------------------


def test_it_shows_the_project_with_its_stage_in_words(client, project):
    response = client.get(page_url(project))
    assert response.status_code == 200
    text = response.text
    assert '<h1 id="project-title">Digitales Dorfzentrum Eslohe</h1>' in text
    assert "2 of 3 stars" in text and "2nd star" in text
    assert ">Example<" in text
    assert "Ein Ort, an dem das Dorf digital zusammenkommt." in text
    assert "<p>Erste Zeile.<br>Zweite Zeile.</p>" in text
    assert "Space" in text and "Digital centres in towns and villages" in text
    assert "digital, authentic" in text
    assert "not public yet" not in text.lower()


def test_it_writes_out_three_stars_and_withdrawal(client, curator):
    done = make_project("Fertig", stage="completed", published=True, by=curator)
    assert "3 of 3 stars" in client.get(page_url(done)).text
    gone = make_project("Weg", stage="withdrawn", published=True, by=curator)
    text = client.get(page_url(gone)).text
    assert "This project was withdrawn." in text and "of 3 stars" not in text


def test_it_does_not_mark_real_projects_as_examples(client, curator):
    real = make_project("Echt", stage="star-1", published=True, by=curator)
    response = client.get(page_url(real))
    assert response.status_code == 200 and "regionale-example" not in response.text


def test_it_links_towns_and_districts_to_the_filtered_portfolio(client, curator):
    project = make_project("Zwei Orte", stage="star-1", published=True, by=curator, municipalities=["Olpe", "Eslohe"])
    text = client.get(page_url(project)).text
    portfolio = url("regionale:portfolio")
    assert (
        f'<a href="{portfolio}?municipality=eslohe">Eslohe</a> (<a href="{portfolio}?district=hochsauerlandkreis">'
        in text
    )
    assert (
        f'<a href="{portfolio}?municipality=olpe">Olpe</a> (<a href="{portfolio}?district=kreis-olpe">Kreis Olpe</a>)'
        in text
    )
    assert text.index(">Eslohe<") < text.index(">Olpe<")


def test_the_timeline_shows_decisions_but_never_reasons_or_people(client, curator, project):
    services.move(
        project, Stage.WITHDRAWN, services.Decision(date(2025, 3, 1), "sponsor", reason="Geheimer Grund A"), by=curator
    )
    services.move(
        project, Stage.STAR_2, services.Decision(date(2025, 3, 8), "ausschuss", reason="Geheimer Grund B"), by=curator
    )
    services.move(
        project,
        Stage.STAR_3,
        services.Decision(date(2025, 4, 2), "ausschuss", recommended_on=date(2025, 3, 20)),
        by=curator,
    )
    response = client.get(page_url(project))
    text = response.text
    timeline = text[text.index('class="star-timeline"') : text.index("</ol>", text.index('class="star-timeline"'))]
    moves = [
        ("2024-12-16", "Submitted", "Idea"),
        ("2025-01-15", "Advanced", "1st star"),
        ("2025-01-22", "Advanced", "2nd star"),
        ("2025-03-01", "Withdrawn", "Withdrawn"),
        ("2025-03-08", "Withdrawal revoked", "2nd star"),
        ("2025-04-02", "Advanced", "3rd star"),
    ]
    positions = [timeline.index(f'datetime="{day}"') for day, _kind, _stage in moves]
    assert positions == sorted(positions)
    for day, kind, stage in moves:
        assert f"<strong>{kind}</strong>: {stage}" in timeline.split(f'datetime="{day}"')[1]
    assert "Decided by: REGIONALE committee (decision)" in timeline
    assert "Decided by: Project sponsor" in timeline
    assert "Advisory board recommendation: March 20, 2025" in timeline
    assert "Geheimer Grund" not in text
    assert curator.name not in text and curator.email not in text


def test_it_lists_the_lead_sponsor_first_and_links_only_published_sponsors(client, curator, organisation):
    draft = make_organisation("Aaa Entwurf GmbH", status="draft")
    partner = make_organisation("Zweiter Partner e.V.", status="published")
    hidden = make_organisation("Bbb Verborgen AG", status="hidden", hidden_reason="Prüfung")
    project = make_project(
        "Mit Partnern",
        stage="star-1",
        published=True,
        by=curator,
        lead_sponsor=organisation,
        sponsors=[partner, draft, hidden, organisation],
    )
    text = client.get(page_url(project)).text
    sponsors = text[text.index('class="regionale-sponsors"') :]
    sponsors = sponsors[: sponsors.index("</ul>")]
    assert sponsors.index("Sauerland Sensorik GmbH") < sponsors.index("Aaa Entwurf GmbH")
    assert sponsors.index("Aaa Entwurf GmbH") < sponsors.index("Bbb Verborgen AG") < sponsors.index("Zweiter Partner")
    assert sponsors.count("Sauerland Sensorik GmbH") == 1
    lead = f'<a href="{organisation.get_absolute_url()}">Sauerland Sensorik GmbH</a>'
    assert lead + ' <span class="small muted">(lead sponsor)' in sponsors
    assert f'<a href="{partner.get_absolute_url()}">Zweiter Partner e.V.</a>' in sponsors
    assert "<li>Aaa Entwurf GmbH</li>" in sponsors and "<li>Bbb Verborgen AG</li>" in sponsors
    assert draft.get_absolute_url() not in text and hidden.get_absolute_url() not in text


def test_it_shows_the_funding_with_totals_without_declined_lines(client, project):
    FundingLine.objects.create(project=project, source="regionale", amount=Decimal("1000000"), status="granted")
    FundingLine.objects.create(project=project, source="efre", amount=Decimal("250000.50"), status="applied")
    FundingLine.objects.create(
        project=project, source="own", amount=Decimal("50000"), status="declined", note="Haushalt"
    )
    response = client.get(page_url(project))
    text = response.text
    assert '<caption id="funding-caption">Funding sources and amounts</caption>' in text
    assert '<th scope="col" class="numeric">Amount</th>' in text
    assert "<td>Granted</td>" in text and "<td>Applied for</td>" in text and "<td>Declined</td>" in text
    assert "€1,000,000" in text and "€250,000.50" in text and "€50,000" in text and "Haushalt" in text
    assert "Total (without declined funding)" in text
    assert '<td class="numeric" data-funding-total>€1,250,000.50</td>' in text
    assert '<td class="numeric" data-funding-granted>€1,000,000</td>' in text
    with translation.override("de"):
        german = client.get(project.get_absolute_url()).text
    assert "1.250.000,50" in german


@pytest.mark.parametrize("status", ["prospect", "declined"])
def test_it_shows_funding_of_which_nothing_is_granted_yet(client, project, status):
    FundingLine.objects.create(project=project, source="efre", amount=Decimal("80000"), status=status)
    text = client.get(page_url(project)).text
    assert '<td class="numeric" data-funding-granted>€0</td>' in text


def test_it_leaves_out_the_funding_table_without_funding(client, project):
    response = client.get(page_url(project))
    assert response.status_code == 200 and "funding-caption" not in response.text


def test_it_shows_images_with_alt_text_caption_and_credit(client, project):
    ProjectImage.objects.create(
        project=project,
        image="regionale/0123abcd-1600.webp",
        alt_text="Der Dorfplatz mit neuen Bänken",
        caption="Der neue Dorfplatz",
        credit="Gemeinde Eslohe",
    )
    text = client.get(page_url(project)).text
    assert 'alt="Der Dorfplatz mit neuen Bänken"' in text
    assert "regionale/0123abcd-800.webp" in text and "regionale/0123abcd-1600.webp 2x" in text
    assert "Der neue Dorfplatz" in text and "Image: Gemeinde Eslohe" in text


def test_it_shows_news_updates_from_today_on_newest_first_but_none_from_the_future(client, project):
    today = timezone.localdate()
    ProjectUpdate.objects.create(project=project, title="Spatenstich", body="Es geht los.", published_on=today)
    ProjectUpdate.objects.create(
        project=project, title="Förderbescheid", body="Zugesagt.", published_on=today - timedelta(days=10)
    )
    ProjectUpdate.objects.create(
        project=project, title="Eröffnung", body="Noch nicht.", published_on=today + timedelta(days=1)
    )
    text = client.get(page_url(project)).text
    assert text.index("Spatenstich") < text.index("Förderbescheid")
    assert "Eröffnung" not in text


def test_it_takes_today_in_berlin_for_the_updates(client, project, monkeypatch):
    """At 00:30 in Berlin it is still yesterday in UTC: an update dated today (in Berlin) is shown."""
    ProjectUpdate.objects.create(project=project, title="Heute in Berlin", body="…", published_on=date(2025, 6, 2))
    ProjectUpdate.objects.create(project=project, title="Morgen in Berlin", body="…", published_on=date(2025, 6, 3))
    monkeypatch.setattr(timezone, "now", lambda: datetime(2025, 6, 1, 22, 30, tzinfo=UTC))
    text = client.get(page_url(project)).text
    assert "Heute in Berlin" in text and "Morgen in Berlin" not in text


# --- partners wanted -------------------------------------------------------------------------------------------


@pytest.fixture
def needs(project, organisation):
    """Needs of the lead sponsor linked to the project: public, members only, closed, expired; and an offer."""
    entries = {
        "public": make_entry(organisation, title="Sensorik-Partner gesucht"),
        "members": make_entry(organisation, title="Nur für Mitglieder", visibility="members"),
        "anonymous": make_entry(organisation, title="Anonym gesucht", visibility="anonymous"),
        "closed": make_entry(organisation, title="Schon gefunden", status="closed"),
        "expired": make_entry(organisation, title="Abgelaufen", expires_on=timezone.localdate() - timedelta(days=1)),
        "offer": make_entry(organisation, side="offer", title="Ein Angebot"),
    }
    project.needs.set(entries.values())
    return entries


def test_it_lists_the_needs_a_visitor_may_see_with_links_to_them_and_their_matches(client, project, needs):
    text = client.get(page_url(project)).text
    assert "This project is looking for partners" in text
    public = needs["public"]
    assert f'<a href="{url("matching:need", public.pk)}">Sensorik-Partner gesucht</a>' in text
    assert f'href="{url("matching:matches", public.pk)}"' in text
    assert "Anonym gesucht" in text and "An organisation in the Hochsauerlandkreis" in text
    for hidden in ["Nur für Mitglieder", "Schon gefunden", "Abgelaufen", "Ein Angebot"]:
        assert hidden not in text


def test_signed_in_members_also_see_members_only_needs_but_never_closed_ones(client, project, needs, charlie, alice):
    client.force_login(charlie)
    text = client.get(page_url(project)).text
    assert "Nur für Mitglieder" in text and "Schon gefunden" not in text and "Abgelaufen" not in text
    client.force_login(alice)  # the organisation's own member: still only the current ones
    text = client.get(page_url(project)).text
    assert "Nur für Mitglieder" in text and "Schon gefunden" not in text and "Abgelaufen" not in text


def test_it_hides_the_needs_of_an_organisation_that_is_no_longer_published(client, project, needs, organisation):
    organisation.status = "draft"
    organisation.save(update_fields=["status"])
    response = client.get(page_url(project))
    assert response.status_code == 200
    assert (
        "Sensorik-Partner gesucht" not in response.text and "This project is looking for partners" not in response.text
    )


def test_only_members_of_the_lead_sponsor_see_the_add_need_link(client, project, alice, bob, charlie):
    add_need = url("regionale:add_need", project.slug)
    assert add_need not in client.get(page_url(project)).text
    partner = make_organisation("Partner GmbH", status="published", owner=charlie)
    project.sponsors.add(partner)
    client.force_login(charlie)  # owner of a further sponsor only
    assert add_need not in client.get(page_url(project)).text
    for member in (alice, bob):  # owner and editor of the lead sponsor
        client.force_login(member)
        text = client.get(page_url(project)).text
        assert f'href="{add_need}">Add a need</a>' in text
        assert "This project is looking for partners" in text


# --- who may see the page --------------------------------------------------------------------------------------


@pytest.fixture
def unpublished(curator, organisation):
    """An idea somebody submitted, not published yet; `organisation` is its lead sponsor."""
    return make_project("Neue Idee", by=curator, lead_sponsor=organisation, submitted_by=make_user("ideas@example.org"))


def test_unpublished_projects_are_404_for_visitors_and_members(client, project, unpublished, alice, charlie, staff):
    assert client.get(page_url(unpublished)).status_code == 404
    for user in (alice, charlie, staff):  # the lead sponsor's owner, an outsider, staff without the permission
        client.force_login(user)
        assert client.get(page_url(unpublished)).status_code == 404
        assert client.get(page_url(project)).status_code == 200  # the published one, for comparison


def test_curators_and_the_submitter_see_unpublished_projects_with_a_notice(client, curator, unpublished):
    for user in (curator, unpublished.submitted_by):
        client.force_login(user)
        response = client.get(page_url(unpublished))
        assert response.status_code == 200
        assert "Not public yet" in response.text and "data-not-public" in response.text


def test_unknown_projects_are_404(client, project):
    assert client.get(url("regionale:project", "gibt-es-nicht")).status_code == 404
    assert client.get(url("regionale:project", project.slug)).status_code == 200


# --- queries ---------------------------------------------------------------------------------------------------


def _fill(project, organisation, curator, size):
    """`size` further sponsors, funding lines, updates and needs."""
    for number in range(size):
        sponsor = make_organisation(f"Partner {number}", status="published" if number % 2 else "draft")
        project.sponsors.add(sponsor)
        FundingLine.objects.create(project=project, source="efre", amount=Decimal(1000 + number), status="granted")
        ProjectUpdate.objects.create(project=project, title=f"Neuigkeit {number}", body="…")
        ProjectImage.objects.create(project=project, image=f"regionale/bild{number}-1600.webp", alt_text="Bild")
        project.needs.add(
            make_entry(organisation, title=f"Bedarf {number}", visibility="anonymous" if number % 2 else "public")
        )


@pytest.mark.parametrize("size", [1, 5])
def test_the_page_needs_a_fixed_number_of_queries(
    client, project, organisation, curator, alice, size, django_assert_num_queries
):
    _fill(project, organisation, curator, size)
    with django_assert_num_queries(ANONYMOUS_QUERIES):
        response = client.get(page_url(project))
    assert response.text.count("Neuigkeit") == size
    client.force_login(alice)
    with django_assert_num_queries(MEMBER_QUERIES):
        response = client.get(page_url(project))
    assert "Add a need" in response.text


# --- the organisation's page -----------------------------------------------------------------------------------


def test_the_section_is_registered_for_the_organisation_page():
    assert SECTION in sections.templates()


def test_the_organisation_page_lists_its_published_projects_as_lead_or_further_sponsor(client, curator, organisation):
    make_project("Geführtes Projekt", stage="star-1", published=True, by=curator, lead_sponsor=organisation)
    make_project("Mitgetragenes Projekt", stage="star-3", published=True, by=curator, sponsors=[organisation])
    make_project("Unveröffentlichtes Projekt", stage="star-1", by=curator, lead_sponsor=organisation)
    make_project("Zurückgezogenes Projekt", stage="withdrawn", published=True, by=curator, lead_sponsor=organisation)
    make_project("Fremdes Projekt", stage="star-1", published=True, by=curator)
    text = client.get(url("companies:detail", organisation.slug)).text
    assert "REGIONALE 2025 projects" in text
    section = text[text.index('id="organisation-regionale"') :]
    section = section[: section.index("</section>")]
    assert "Geführtes Projekt" in section and "Mitgetragenes Projekt" in section
    assert "Lead sponsor" in section and "3 of 3 stars" in section
    for missing in ["Unveröffentlichtes Projekt", "Zurückgezogenes Projekt", "Fremdes Projekt"]:
        assert missing not in section


def test_the_section_renders_nothing_without_projects(organisation, django_assert_max_num_queries):
    with django_assert_max_num_queries(1):
        assert render_to_string(SECTION, {"organisation": organisation}).strip() == ""


def test_the_section_needs_one_query(curator, organisation, django_assert_num_queries):
    for number in range(4):
        make_project(f"Projekt {number}", stage="star-2", published=True, by=curator, lead_sponsor=organisation)
    with django_assert_num_queries(1):
        html = render_to_string(SECTION, {"organisation": organisation})
    assert html.count("<li>") == 4


# --- sitemap ---------------------------------------------------------------------------------------------------


def test_the_sitemap_lists_the_portfolio_and_the_published_projects(client, curator, project, unpublished):
    text = client.get("/sitemap.xml").text
    assert f"/en/regionale-2025/projects/{project.slug}/</loc>" in text
    assert "/en/regionale-2025/</loc>" in text
    assert unpublished.slug not in text


def test_it_keeps_memberships_in_mind_only_for_the_lead_sponsor(client, project, charlie):
    """A membership in any other organisation does not give the "Add a need" link."""
    other = make_organisation("Andere GmbH", status="published")
    Membership.objects.create(user=charlie, organisation=other, role="owner")
    client.force_login(charlie)
    response = client.get(page_url(project))
    assert response.status_code == 200 and "Add a need" not in response.text
