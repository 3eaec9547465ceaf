"""The curators' project admin: changelist, filters, the change form (publishing through the services, images,
news, the decision log), the stage view, the bulk actions and the history."""

import re
from datetime import date, timedelta
from html.parser import HTMLParser
from io import BytesIO

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from companies.models import Municipality
from regionale import services
from regionale.models import FundingLine, Project, ProjectImage, ProjectUpdate, StageTransition, Themenfeld
from tests.conftest import make_organisation
from tests.regionale.conftest import make_project

CHANGELIST = "/admin/regionale/project/"


pytestmark = pytest.mark.usefixtures("english_admin")


def change_url(project):
    return reverse("admin:regionale_project_change", args=[project.pk])


def stage_url(project):
    return reverse("admin:regionale_project_stage", args=[project.pk])


def texts(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


class _FormFields(HTMLParser):
    """The values a browser would submit for the form with this id (no JavaScript)."""

    def __init__(self, form_id):
        super().__init__()
        self.form_id, self.inside, self.data = form_id, False, []
        self.select, self.textarea = None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        if not self.inside or "name" not in attrs and tag != "option":
            return
        if tag == "input":
            kind = attrs.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            if kind not in ("submit", "file", "button"):
                self.data.append((attrs["name"], attrs.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "select":
            self.select = attrs["name"]
        elif tag == "option" and self.select and "selected" in attrs:
            self.data.append((self.select, attrs.get("value", "")))
        elif tag == "textarea":
            self.textarea = attrs["name"]
            self.data.append((self.textarea, ""))

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None

    def handle_data(self, data):
        if self.textarea:
            name, value = self.data[-1]
            self.data[-1] = (name, value + data.lstrip("\n") if not value else value + data)


def form_data(response, form_id="project_form", **changes):
    """The submitted values of the page's form as a dict of lists, with `changes` replacing fields."""
    parser = _FormFields(form_id)
    parser.feed(response.content.decode())
    data = {}
    for name, value in parser.data:
        data.setdefault(name, []).append(value)
    for name, value in changes.items():
        if value is None:
            data.pop(name, None)
        else:
            data[name] = value if isinstance(value, list) else [value]
    return data


def png_upload(name="foto.png", size=(40, 30)):
    out = BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, "PNG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/png")


# --- changelist -----------------------------------------------------------------------------------------------


def test_it_lists_projects_with_stars_districts_and_field(curator_client):
    make_project("Smart Dorf Eslohe", stage="star-2", municipalities=["Eslohe", "Arnsberg"])
    make_project("Lernfabrik Olpe", handlungsfeld="wirtschaft", municipalities=["Olpe"])
    response = curator_client.get(CHANGELIST)
    body = response.content.decode()
    assert response.status_code == 200
    assert "★★☆" in body and "2nd star" in body
    assert "Hochsauerlandkreis" in body and "Kreis Olpe" in body
    assert "Economy and work" in body
    assert reverse("admin:regionale_project_report") in body


@pytest.mark.parametrize("count", [2, 20])
def test_it_lists_projects_in_a_fixed_number_of_queries(curator_client, django_assert_num_queries, count):
    for number in range(count):
        make_project(f"Projekt {number}", municipalities=["Eslohe", "Olpe"])
    curator_client.get(CHANGELIST)  # session and permission caches warm
    with django_assert_num_queries(10):
        response = curator_client.get(CHANGELIST)
    assert response.content.decode().count('class="action-select"') == count


def test_it_filters_by_district_without_duplicates(curator_client):
    make_project("Zwei Orte ein Kreis", municipalities=["Arnsberg", "Eslohe"])  # both Hochsauerlandkreis
    make_project("Woanders", municipalities=["Olpe"])
    body = curator_client.get(CHANGELIST + "?district=hochsauerlandkreis").content.decode()
    assert body.count("Zwei Orte ein Kreis</a>") == 1
    assert "Woanders" not in body


def test_it_filters_by_funding_status_queue_and_search(curator_client):
    granted = make_project("Mit Förderung")
    FundingLine.objects.create(project=granted, source="efre", amount=1000, status="granted")
    FundingLine.objects.create(project=granted, source="own", amount=10, status="granted")
    make_project("Ohne Förderung", stage="star-1")
    body = curator_client.get(CHANGELIST + "?funding=granted").content.decode()
    assert body.count("Mit Förderung</a>") == 1 and "Ohne Förderung" not in body

    queue = curator_client.get(CHANGELIST + "?queue=new-ideas").content.decode()
    assert "Mit Förderung" in queue and "Ohne Förderung" not in queue

    sponsor = make_organisation("Stadtwerke Arnsberg")
    make_project("Gesponsert", sponsors=[sponsor], municipalities=["Arnsberg", "Sundern"])
    assert curator_client.get(CHANGELIST + "?q=Stadtwerke").content.decode().count("Gesponsert</a>") == 1
    assert curator_client.get(CHANGELIST + "?q=Sundern").content.decode().count("Gesponsert</a>") == 1


# --- the change form ------------------------------------------------------------------------------------------


def test_it_saves_an_edit_with_the_curator_in_the_history(curator_client, curator):
    project = make_project("Alter Titel")
    page = curator_client.get(change_url(project))
    response = curator_client.post(change_url(project), form_data(page, title="Neuer Titel"))
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.title == "Neuer Titel"
    record = project.history.latest()
    assert record.history_user == curator
    assert record.diff_against(record.prev_record).changed_fields == ["title"]


def test_it_shows_field_and_m2m_changes_with_who_on_the_history_page(curator_client, curator):
    project = make_project("Dorfladen", municipalities=["Eslohe"])
    page = curator_client.get(change_url(project))
    olpe = Municipality.objects.get(name="Olpe")
    eslohe = Municipality.objects.get(name="Eslohe")
    data = form_data(page, title="Dorfladen digital", municipalities=[str(eslohe.pk), str(olpe.pk)])
    assert curator_client.post(change_url(project), data).status_code == 302
    assert project.history.filter(history_user=curator).count() >= 2  # the project, then its municipalities

    response = curator_client.get(reverse("admin:regionale_project_history", args=[project.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Dorfladen → Dorfladen digital" in body
    assert "[Eslohe] → [Eslohe, Olpe]" in body
    assert "kuratorin@example.org" in body or "Kira Kuratorin" in body
    record = project.history.latest()
    assert (
        curator_client.get(
            reverse("admin:regionale_project_simple_history", args=[project.pk, record.history_id])
        ).status_code
        == 200
    )


def test_it_publishes_and_features_through_the_services(curator_client, curator):
    project = make_project("Zum Veröffentlichen")
    page = curator_client.get(change_url(project))
    response = curator_client.post(change_url(project), form_data(page, publish="on", feature="on"))
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.published and project.featured and project.published_at is not None
    reasons = list(project.history.filter(history_user=curator).values_list("history_change_reason", flat=True))
    assert "Published" in reasons and "Featured" in reasons

    page = curator_client.get(change_url(project))
    assert curator_client.post(change_url(project), form_data(page, publish=None, feature=None)).status_code == 302
    project.refresh_from_db()
    assert not project.published and not project.featured


def test_it_refuses_to_feature_an_unpublished_project_with_a_form_error(curator_client):
    project = make_project("Nicht veröffentlicht")
    page = curator_client.get(change_url(project))
    response = curator_client.post(change_url(project), form_data(page, feature="on"))
    assert response.status_code == 200
    assert "Only a published project can be featured" in response.content.decode()
    project.refresh_from_db()
    assert not project.featured and not project.published


def test_it_refuses_a_topic_field_of_another_field_of_action(curator_client):
    project = make_project("Falsches Themenfeld", handlungsfeld="raum")
    other = Themenfeld.objects.get(slug="gesundheit")  # Gesellschaft
    page = curator_client.get(change_url(project))
    response = curator_client.post(change_url(project), form_data(page, themenfeld=str(other.pk)))
    assert response.status_code == 200
    assert "This topic field belongs to another field of action." in response.content.decode()
    project.refresh_from_db()
    assert project.themenfeld is None


def test_it_records_the_first_transition_of_a_new_project_and_makes_the_slug(curator_client, curator):
    page = curator_client.get(reverse("admin:regionale_project_add"))
    eslohe = Municipality.objects.get(name="Eslohe")
    data = form_data(
        page,
        title="Neues Projekt Süd",
        slug="",
        summary="Kurz gesagt.",
        handlungsfeld="gesellschaft",
        municipalities=str(eslohe.pk),
        publish="on",
    )
    response = curator_client.post(reverse("admin:regionale_project_add"), data)
    assert response.status_code == 302
    project = Project.objects.get(title="Neues Projekt Süd")
    assert project.slug == "neues-projekt-sued"
    assert project.stage == "idea" and project.published
    transition = project.transitions.get()
    assert (transition.kind, transition.to_stage, transition.by) == ("created", "idea", curator)
    assert project.history.earliest().history_user == curator


def test_an_emptied_slug_is_made_again_from_the_title(curator_client):
    project = make_project("Dorf Mitte")
    make_project("Dorf Mitte Zwei", slug="dorf-mitte-2")
    page = curator_client.get(change_url(project))
    assert curator_client.post(change_url(project), form_data(page, slug="")).status_code == 302
    project.refresh_from_db()
    assert project.slug == "dorf-mitte"  # its own slug does not count as taken


def test_it_stores_a_cleaned_copy_of_an_uploaded_image(curator_client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    project = make_project("Mit Bild")
    page = curator_client.get(change_url(project))
    data = form_data(
        page,
        **{"images-TOTAL_FORMS": "1", "images-0-alt_text": "Der Dorfplatz", "images-0-position": "0"},
    )
    data["images-0-upload"] = png_upload()
    assert curator_client.post(change_url(project), data).status_code == 302
    image = ProjectImage.objects.get(project=project)
    assert image.image.name.startswith("regionale/") and image.image.name.endswith("-1600.webp")
    assert sorted(path.name.rsplit("-", 1)[1] for path in (tmp_path / "regionale").iterdir()) == [
        "1600.webp",
        "400.webp",
        "800.webp",
    ]


def test_it_refuses_a_file_that_is_no_image(curator_client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    project = make_project("Kein Bild")
    page = curator_client.get(change_url(project))
    data = form_data(page, **{"images-TOTAL_FORMS": "1", "images-0-alt_text": "Text", "images-0-position": "0"})
    data["images-0-upload"] = SimpleUploadedFile("bild.png", b"<svg onload=alert(1)>", content_type="image/png")
    response = curator_client.post(change_url(project), data)
    assert response.status_code == 200
    assert "Please upload a PNG, JPEG or WebP image." in response.content.decode()
    assert not ProjectImage.objects.exists()


def test_it_signs_news_updates_with_the_curator(curator_client, curator):
    project = make_project("Mit Neuigkeit")
    page = curator_client.get(change_url(project))
    data = form_data(
        page,
        **{
            "updates-TOTAL_FORMS": "1",
            "updates-0-title": "Spatenstich",
            "updates-0-body": "Es geht los.",
            "updates-0-published_on": "2025-03-01",
        },
    )
    assert curator_client.post(change_url(project), data).status_code == 302
    assert ProjectUpdate.objects.get(project=project).author == curator


def test_it_shows_the_decision_log_read_only(curator_client):
    project = make_project("Mit Sternen", stage="star-2")
    body = curator_client.get(change_url(project)).content.decode()
    assert 'name="transitions-TOTAL_FORMS" value="3"' in body
    assert 'name="transitions-0-decided_on"' not in body  # read-only: no inputs for the entries
    assert "Submitted" in body and "2nd star" in body
    assert stage_url(project) in body  # "Change stage" among the object tools


# --- the stage view -------------------------------------------------------------------------------------------


def stage_post(client, project, **fields):
    data = {"to_stage": "star-1", "decided_on": "2025-02-01", "body": "ausschuss", "recommended_on": "", "reason": ""}
    return client.post(stage_url(project), {**data, **fields})


def test_it_offers_only_the_allowed_moves(curator_client):
    project = make_project("Am Anfang", stage="star-1")
    body = curator_client.get(stage_url(project)).content.decode()
    assert 'value="star-2"' in body and 'value="idea"' in body and 'value="withdrawn"' in body
    assert 'value="star-3"' not in body and 'value="completed"' not in body
    assert 'type="date"' in body


def test_it_moves_a_project_and_records_the_decision(curator_client, curator):
    project = make_project("Bewegt sich")
    response = stage_post(curator_client, project, recommended_on="2025-01-20")
    assert response.status_code == 302 and response.url == change_url(project)
    project.refresh_from_db()
    assert project.stage == "star-1" and project.stage_since == date(2025, 2, 1)
    transition = project.transitions.last()
    assert (transition.kind, transition.body, transition.by) == ("advance", "ausschuss", curator)
    assert transition.recommended_on == date(2025, 1, 20)
    assert project.history.latest().history_user == curator
    assert any("1st star" in text for text in texts(response))


def test_it_refuses_a_tampered_target_with_the_workflows_message(curator_client):
    project = make_project("Will springen")
    response = stage_post(curator_client, project, to_stage="star-3")
    body = response.content.decode()
    assert response.status_code == 200
    assert "it moves one stage at a time" in body
    assert 'class="error-summary"' in body
    project.refresh_from_db()
    assert project.stage == "idea" and project.transitions.count() == 1


def test_it_asks_for_a_reason_to_go_back_and_shows_every_error(curator_client):
    project = make_project("Zurück", stage="star-1")
    future = (date.today() + timedelta(days=3)).isoformat()
    response = stage_post(curator_client, project, to_stage="idea", decided_on=future)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Going back, withdrawing or revoking a withdrawal needs a reason." in body
    assert "The decision date cannot be in the future." in body
    assert 'href="#id_reason"' in body and 'href="#id_decided_on"' in body  # the summary links to the fields
    project.refresh_from_db()
    assert project.stage == "star-1"

    assert stage_post(curator_client, project, to_stage="idea", reason="Konzept fehlt noch.").status_code == 302
    project.refresh_from_db()
    assert project.stage == "idea"


def test_it_refuses_a_decision_on_a_stage_somebody_else_has_left_meanwhile(curator_client, curator):
    project = make_project("Gleichzeitig", stage="star-1")
    services.move(project, "star-2", services.Decision(date(2025, 3, 1), "ausschuss"), by=curator)  # another tab
    response = stage_post(curator_client, project, to_stage="star-3", decided_on="2025-04-01", seen_stage="star-1")
    assert response.status_code == 200
    assert "Somebody else has moved this project" in response.content.decode()
    project.refresh_from_db()
    assert project.stage == "star-2"


def test_it_refuses_an_unknown_stage_value_and_an_unknown_project(curator_client):
    project = make_project("Unsinn")
    assert stage_post(curator_client, project, to_stage="galaxy").status_code == 200
    assert curator_client.get(reverse("admin:regionale_project_stage", args=[99999])).status_code == 404
    project.refresh_from_db()
    assert project.stage == "idea"


# --- bulk actions ---------------------------------------------------------------------------------------------


def action(client, name, projects, **extra):
    return client.post(CHANGELIST, {"action": name, ACTION_CHECKBOX_NAME: [p.pk for p in projects], **extra})


def test_it_advances_several_projects_with_one_decision_and_reports_the_refused(curator_client, curator):
    idea = make_project("Idee A")
    star = make_project("Stern B", stage="star-1")
    done = make_project("Fertig C", stage="completed")
    page = action(curator_client, "advance", [idea, star, done])
    assert page.status_code == 200
    assert 'type="date"' in page.content.decode() and "Fertig C" in page.content.decode()
    assert Project.objects.get(pk=idea.pk).stage == "idea"  # only the intermediate page so far

    response = action(
        curator_client, "advance", [idea, star, done], apply="1", decided_on="2025-06-01", body="ausschuss"
    )
    assert response.status_code == 302
    assert Project.objects.get(pk=idea.pk).stage == "star-1"
    assert Project.objects.get(pk=star.pk).stage == "star-2"
    assert Project.objects.get(pk=done.pk).stage == "completed"
    messages = texts(response)
    assert any("2 projects moved on" in text and "Idee A" in text for text in messages)
    assert any("Fertig C" in text and "There is no next stage" in text for text in messages)
    assert StageTransition.objects.filter(decided_on=date(2025, 6, 1), by=curator).count() == 2


def test_it_asks_again_when_the_shared_decision_is_incomplete(curator_client):
    idea = make_project("Idee ohne Datum")
    response = action(curator_client, "advance", [idea], apply="1", decided_on="", body="ausschuss")
    assert response.status_code == 200
    assert 'class="error-summary"' in response.content.decode()
    assert Project.objects.get(pk=idea.pk).stage == "idea"


def test_it_publishes_and_says_which_were_skipped(curator_client, curator):
    new = make_project("Neu")
    old = make_project("Schon da", published=True)
    response = action(curator_client, "publish", [new, old])
    assert Project.objects.get(pk=new.pk).published
    messages = texts(response)
    assert "1 project published." in messages
    assert any("Schon da" in text and "published already" in text for text in messages)
    assert Project.objects.get(pk=new.pk).history.latest().history_user == curator


def test_it_features_only_published_projects_and_unfeatures(curator_client, curator):
    published = make_project("Öffentlich", published=True)
    hidden = make_project("Versteckt")
    response = action(curator_client, "feature", [published, hidden])
    assert Project.objects.get(pk=published.pk).featured
    assert not Project.objects.get(pk=hidden.pk).featured
    messages = texts(response)
    assert "1 project featured." in messages
    assert any("Versteckt" in text and "only a published project can be featured" in text for text in messages)

    response = action(curator_client, "unfeature", [published, hidden])
    assert not Project.objects.get(pk=published.pk).featured
    assert "1 project is no longer featured." in texts(response)
    assert Project.objects.get(pk=published.pk).history.latest().history_user == curator


def test_it_unpublishes_and_stops_featuring(curator_client):
    project = make_project("Weg damit", published=True)
    action(curator_client, "feature", [project])
    response = action(curator_client, "unpublish", [project, make_project("Nie öffentlich")])
    project.refresh_from_db()
    assert not project.published and not project.featured
    assert "1 project unpublished." in texts(response)


# --- the other admins -----------------------------------------------------------------------------------------


def test_curators_keep_the_topic_fields_and_read_the_decisions(curator_client):
    field = Themenfeld.objects.get(slug="mobilitaet")
    data = {"name_de": "Mobilität und Logistik", "name_en": "Mobility and logistics", "slug": "mobilitaet"}
    data |= {"handlungsfeld": "raum", "position": "7"}
    response = curator_client.post(f"/admin/regionale/themenfeld/{field.pk}/change/", data)
    assert response.status_code == 302
    field.refresh_from_db()
    assert (field.name_de, field.position) == ("Mobilität und Logistik", 7)

    make_project("Entschieden", stage="star-1")
    body = curator_client.get("/admin/regionale/stagetransition/?q=Entschieden").content.decode()
    assert "Entschieden" in body
    assert curator_client.get("/admin/regionale/stagetransition/add/").status_code == 403


def test_the_needs_field_takes_needs_only(curator_client, organisation):
    from tests.matching.conftest import make_entry

    need = make_entry(organisation, side="need", title="Partner für Sensorik gesucht")
    offer = make_entry(organisation, side="offer", title="Sensorik im Angebot")
    project = make_project("Mit Bedarf")
    page = curator_client.get(change_url(project))
    response = curator_client.post(change_url(project), form_data(page, needs=f"{need.pk},{offer.pk}"))
    assert response.status_code == 200 and "needs" in response.context["adminform"].form.errors
    assert not project.needs.exists()
    page = curator_client.get(change_url(project))
    assert curator_client.post(change_url(project), form_data(page, needs=str(need.pk))).status_code == 302
    assert list(project.needs.all()) == [need]


def test_deleting_an_image_removes_its_files(curator_client, settings, tmp_path, django_capture_on_commit_callbacks):
    settings.MEDIA_ROOT = tmp_path
    project = make_project("Bild weg")
    page = curator_client.get(change_url(project))
    data = form_data(page, **{"images-TOTAL_FORMS": "1", "images-0-alt_text": "Platz", "images-0-position": "0"})
    data["images-0-upload"] = png_upload()
    curator_client.post(change_url(project), data)
    assert len(list((tmp_path / "regionale").iterdir())) == 3

    page = curator_client.get(change_url(project))
    with django_capture_on_commit_callbacks(execute=True):
        curator_client.post(change_url(project), form_data(page, **{"images-0-DELETE": "on"}))
    assert not ProjectImage.objects.exists()
    assert list((tmp_path / "regionale").iterdir()) == []


INLINE = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>|\sstyle=\"|\son[a-z]+=\"", re.IGNORECASE)


def test_the_curators_pages_need_no_inline_script_or_style(curator_client):
    project = make_project("Streng", stage="star-1")
    idea = make_project("Idee")
    pages = [
        curator_client.get(CHANGELIST + "?o=2"),  # sorted by stage, in the order of the path
        curator_client.get(change_url(project)),
        curator_client.get(reverse("admin:regionale_project_add")),
        curator_client.get(stage_url(project)),
        stage_post(curator_client, project, to_stage="star-3"),
        curator_client.get(reverse("admin:regionale_project_history", args=[project.pk])),
        curator_client.get(reverse("admin:regionale_project_report")),
        action(curator_client, "advance", [project, idea]),
    ]
    for page in pages:
        assert page.status_code == 200, page.wsgi_request.path
        assert not INLINE.findall(page.content.decode()), page.wsgi_request.path
    assert 'href="/static/css/admin-regionale.css"' in pages[0].content.decode()
