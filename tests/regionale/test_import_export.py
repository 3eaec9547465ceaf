"""CSV import and export of projects through the admin: preview then confirm, all or nothing, row errors in the
curator's language, encodings and separators of spreadsheets, formula escaping and the round trip."""

import re
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from companies.models import Organisation
from regionale.models import FundingLine, Project, Themenfeld
from tests.conftest import make_organisation
from tests.regionale.conftest import make_project

IMPORT = "/admin/regionale/project/import/"
PROCESS = "/admin/regionale/project/process_import/"
EXPORT = "/admin/regionale/project/export/"
HEADER = (
    "slug,title,summary,description,lead_sponsor,sponsors,municipalities,handlungsfeld,themenfeld,"
    "dna_digital,dna_sustainable,dna_authentic,website,is_example"
)


pytestmark = pytest.mark.usefixtures("english_admin")


@pytest.fixture
def sponsors(db):
    return make_organisation("Stadt Olpe", kind="public", municipality="Olpe"), make_organisation(
        "Sauerland Sensorik GmbH", municipality="Arnsberg"
    )


def csv_file(*rows, header=HEADER, encoding="utf-8", bom=False, name="projekte.csv"):
    text = "\r\n".join([header, *rows]) + "\r\n"
    data = text.encode(encoding)
    return SimpleUploadedFile(name, (b"\xef\xbb\xbf" if bom else b"") + data, content_type="text/csv")


def upload(client, file):
    return client.post(IMPORT, {"import_file": file, "format": "0", "resource": "0"})


def confirm(client, preview):
    fields = dict(re.findall(r'name="(import_file_name|original_file_name|format|resource)" value="([^"]*)"', preview))
    return client.post(PROCESS, {**fields, "confirm": "Confirm import"})


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


VALID = [
    ",Grünes Quartier Olpe,Ein Quartier für alle.,Mehr Text,stadt-olpe,stadt-olpe;sauerland-sensorik-gmbh,"
    "Olpe;Attendorn,raum,digitale-mitten,1,1,0,https://quartier.example.org,0",
    ",KI für den Mittelstand,Künstliche Intelligenz für Betriebe.,,,,Arnsberg,wirtschaft,,1,0,0,,1",
]


def test_it_previews_then_imports_on_confirmation(curator_client, curator, sponsors):
    preview = upload(curator_client, csv_file(*VALID))
    body = preview.content.decode()
    assert preview.status_code == 200
    assert "Grünes Quartier Olpe" in body and 'name="confirm"' in body
    assert not Project.objects.exists()  # the preview is a dry run

    response = confirm(curator_client, body)
    assert response.status_code == 302 and response.url == reverse("admin:regionale_project_changelist")
    assert any("2 new" in text for text in messages_of(response))
    project = Project.objects.get(title="Grünes Quartier Olpe")
    assert project.slug == "gruenes-quartier-olpe"
    assert project.lead_sponsor.slug == "stadt-olpe"
    assert sorted(project.sponsors.values_list("slug", flat=True)) == ["sauerland-sensorik-gmbh", "stadt-olpe"]
    assert sorted(project.municipalities.values_list("name", flat=True)) == ["Attendorn", "Olpe"]
    assert project.themenfeld.slug == "digitale-mitten"
    assert (project.dna_digital, project.dna_sustainable, project.dna_authentic) == (True, True, False)
    assert project.stage == "idea" and not project.published
    transition = project.transitions.get()
    assert (transition.kind, transition.by) == ("created", curator)
    assert project.history.earliest().history_user == curator
    assert Project.objects.get(title="KI für den Mittelstand").is_example


def test_it_updates_a_project_by_its_slug(curator_client, sponsors):
    project = make_project("Altes Projekt", stage="star-1")
    row = "altes-projekt,Neuer Name,Neue Kurzfassung.,,,,Eslohe,raum,,0,0,0,,0"
    confirm(curator_client, upload(curator_client, csv_file(row)).content.decode())
    project.refresh_from_db()
    assert project.title == "Neuer Name" and project.summary == "Neue Kurzfassung."
    assert project.stage == "star-1"
    assert Project.objects.count() == 1


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (",Projekt,Kurz.,,unbekannt,,Olpe,raum,,0,0,0,,0", "No organisation has the short name (slug) “unbekannt”."),
        (",Projekt,Kurz.,,,stadt-olpe;gibtsnicht,Olpe,raum,,0,0,0,,0", "“gibtsnicht”"),
        (",Projekt,Kurz.,,,,Olpe;Atlantis,raum,,0,0,0,,0", "Unknown municipality: Atlantis."),
        (",Projekt,Kurz.,,,,Olpe,weltraum,,0,0,0,,0", "“weltraum” is not a field of action"),
        (",Projekt,Kurz.,,,,Olpe,raum,quantenfeld,0,0,0,,0", "No topic field has the short name (slug) “quantenfeld”."),
        (",Projekt,Kurz.,,,,Olpe,raum,gesundheit,0,0,0,,0", "This topic field belongs to another field of action."),
        (",Projekt,Kurz.,,,,Olpe,raum,,0,0,0,kein url,0", "Enter a valid URL."),
        (",,Kurz.,,,,Olpe,raum,,0,0,0,,0", "This field cannot be blank."),
        (",Projekt,Kurz.,,,,Olpe,raum,,vielleicht,0,0,,0", "Enter 1 (yes) or 0 (no)"),
    ],
)
def test_one_bad_row_imports_nothing_and_shows_the_error(curator_client, sponsors, row, message):
    response = upload(curator_client, csv_file(VALID[0], row))
    body = response.content.decode()
    assert response.status_code == 200
    assert message in body
    assert "Line 3" in body  # the header is line 1
    assert 'name="confirm"' not in body
    assert not Project.objects.exists()


def test_the_stage_changes_only_through_the_workflow(curator_client):
    make_project("Mit Stern", stage="star-1")
    header = HEADER + ",stage"
    same = "mit-stern,Mit Stern,Kurz.,,,,Eslohe,raum,,0,0,0,,0,star-1"
    new_idea = ",Neu,Kurz.,,,,Eslohe,raum,,0,0,0,,0,idea"
    assert 'name="confirm"' in upload(curator_client, csv_file(same, new_idea, header=header)).content.decode()

    jump = "mit-stern,Mit Stern,Kurz.,,,,Eslohe,raum,,0,0,0,,0,star-3"
    new_star = ",Neu,Kurz.,,,,Eslohe,raum,,0,0,0,,0,star-2"
    body = upload(curator_client, csv_file(jump, new_star, header=header)).content.decode()
    assert body.count("The stage changes only through the stage workflow") == 2
    assert Project.objects.get().stage == "star-1"


def test_it_reads_utf8_with_bom_and_keeps_umlauts(curator_client, sponsors):
    row = ",Straßenfest in Lüdenscheid,Größer als gedacht.,,,,Lüdenscheid,gesellschaft,,0,0,1,,0"
    confirm(curator_client, upload(curator_client, csv_file(row, bom=True)).content.decode())
    project = Project.objects.get()
    assert project.title == "Straßenfest in Lüdenscheid" and project.summary == "Größer als gedacht."
    assert project.slug == "strassenfest-in-luedenscheid"
    assert list(project.municipalities.values_list("name", flat=True)) == ["Lüdenscheid"]


def test_it_reads_german_excels_semicolon_csv_in_windows_1252(curator_client, sponsors):
    header = HEADER.replace(",", ";")
    row = ";Dorfläden im Märkischen Kreis;Nahversorgung, digital.;;;;Lüdenscheid;raum;;1;0;0;;0"
    preview = upload(curator_client, csv_file(row, header=header, encoding="cp1252"))
    assert preview.status_code == 200 and 'name="confirm"' in preview.content.decode()
    confirm(curator_client, preview.content.decode())
    project = Project.objects.get()
    assert project.title == "Dorfläden im Märkischen Kreis"
    assert project.summary == "Nahversorgung, digital."


def test_it_names_unknown_columns_and_unreadable_files(curator_client):
    body = upload(curator_client, csv_file(",Titel", header="slug,titel")).content.decode()
    assert "Unknown columns: titel." in body
    assert not Project.objects.exists()
    binary = SimpleUploadedFile("bild.csv", bytes(range(256)) * 4, content_type="text/csv")
    assert upload(curator_client, binary).status_code == 200
    assert not Project.objects.exists()


def test_the_confirmation_checks_again(curator_client, sponsors):
    preview = upload(curator_client, csv_file(*VALID)).content.decode()
    Organisation.objects.filter(slug="stadt-olpe").delete()  # meanwhile; the second row would still pass
    response = confirm(curator_client, preview)
    assert response.status_code == 302 and response.url == reverse("admin:regionale_project_import")
    assert any("Nothing was imported" in text for text in messages_of(response))
    assert not Project.objects.exists()


# --- export ---------------------------------------------------------------------------------------------------


def export(client, query=""):
    return client.post(EXPORT + query, {"format": "0", "resource": "0"})


def test_it_exports_utf8_with_bom_and_every_column(curator_client, sponsors):
    project = make_project(
        "Grünes Quartier",
        stage="star-2",
        published=True,
        sponsors=[sponsors[0]],
        municipalities=["Olpe", "Eslohe"],
        themenfeld=Themenfeld.objects.get(slug="smart-living"),
        dna_digital=True,
    )
    FundingLine.objects.create(project=project, source="efre", amount=Decimal("1000.50"), status="granted")
    FundingLine.objects.create(project=project, source="own", amount=Decimal("99.50"), status="prospect")
    FundingLine.objects.create(project=project, source="state", amount=Decimal("5000"), status="declined")
    response = export(curator_client)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response.content.startswith(b"\xef\xbb\xbf")
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0] == HEADER + ",stage,stage_since,published,featured,districts,funding_total"
    assert lines[1] == (
        "gruenes-quartier,Grünes Quartier,Ein Ort, an dem das Dorf digital zusammenkommt.,,,stadt-olpe,"
        "Eslohe;Olpe,raum,smart-living,1,0,0,,0,star-2,2025-01-22,1,0,Hochsauerlandkreis;Kreis Olpe,1100.00"
    ).replace("Ein Ort, an dem das Dorf digital zusammenkommt.", '"Ein Ort, an dem das Dorf digital zusammenkommt."')


def test_it_escapes_formulas_and_the_import_restores_them(curator_client, sponsors):
    make_project('=HYPERLINK("http://evil.example")', summary="+49 2761 000", description="@SUM(A1)")
    make_project("-minus", summary="'zitiert'", description="\tTab")
    exported = export(curator_client).content
    text = exported.decode("utf-8-sig")
    assert "'=HYPERLINK" in text and "'+49 2761 000" in text and "'@SUM(A1)" in text
    assert "'-minus" in text and "''zitiert'" in text and "'\tTab" in text
    assert "\n=" not in text and ",=" not in text

    before = {p.slug: (p.title, p.summary, p.description) for p in Project.objects.all()}
    file = SimpleUploadedFile("export.csv", exported, content_type="text/csv")
    preview = upload(curator_client, file)
    body = preview.content.decode()
    assert 'name="confirm"' in body
    assert body.count('<tr class="skip">') == 2  # nothing changed: a round trip is a no-op
    confirm(curator_client, body)
    assert {p.slug: (p.title, p.summary, p.description) for p in Project.objects.all()} == before
    assert not Project.history.filter(history_change_reason="CSV import").exists()


def test_it_exports_what_the_changelist_filter_shows(curator_client):
    make_project("Im Kreis Olpe", municipalities=["Olpe"])
    make_project("Im Hochsauerland", municipalities=["Eslohe"])
    text = export(curator_client, "?district=kreis-olpe").content.decode("utf-8-sig")
    assert "Im Kreis Olpe" in text and "Im Hochsauerland" not in text


@pytest.mark.parametrize("query", ["?format=0", "?nonsense=1&stage__exact=star-1"])
def test_an_export_link_with_unknown_filters_gets_a_message_not_an_error(curator_client, query):
    make_project("Im Kreis Olpe", municipalities=["Olpe"])
    response = curator_client.get(reverse("admin:regionale_project_export") + query, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain == [(reverse("admin:regionale_project_export"), 302)]
    assert "The filters in the address could not be used" in response.content.decode()


@pytest.mark.parametrize("count", [2, 20])
def test_it_exports_in_a_fixed_number_of_queries(curator_client, django_assert_num_queries, count):
    for number in range(count):
        project = make_project(f"Projekt {number}", municipalities=["Eslohe", "Olpe"])
        FundingLine.objects.create(project=project, source="efre", amount=10, status="granted")
    with django_assert_num_queries(10):
        response = export(curator_client)
    assert len(response.content.decode("utf-8-sig").splitlines()) == count + 1


# --- the pages under the site's Content Security Policy ------------------------------------------------------

INLINE = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>|\sstyle=\"|\son[a-z]+=\"", re.IGNORECASE)


def test_import_and_export_pages_need_no_inline_script_or_style(curator_client, sponsors):
    make_project("Etwas zum Exportieren", description="Änderung")
    pages = [
        curator_client.get(IMPORT),
        upload(curator_client, csv_file(VALID[0])),  # the preview
        upload(curator_client, csv_file(",,Kurz.,,,,Olpe,raum,,0,0,0,,0")),  # row errors
        upload(curator_client, csv_file("etwas-zum-exportieren,Etwas anderes,Kurz.,,,,Olpe,raum,,0,0,0,,0")),
        curator_client.get(EXPORT),
    ]
    for page in pages:
        assert page.status_code == 200
        assert not INLINE.findall(page.content.decode())
    assert "script-src 'self'" in pages[0]["Content-Security-Policy"]
    assert "<del>" in pages[3].content.decode()  # the changed title, marked without inline styles
