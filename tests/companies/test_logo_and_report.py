import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from companies.models import Report
from tests.companies.helpers import url


def png(size=(300, 120), extra=b""):
    buffer = io.BytesIO()
    Image.new("RGB", size, (11, 79, 108)).save(buffer, "PNG")
    return SimpleUploadedFile("firmenlogo.png", buffer.getvalue() + extra, content_type="image/png")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.mark.parametrize(("who", "status"), [("alice", 200), ("bob", 200), ("charlie", 404)])
def test_owners_and_editors_manage_the_logo_outsiders_get_404(client, organisation, request, who, status):
    client.force_login(request.getfixturevalue(who))
    assert client.get(url("companies:logo", organisation.slug)).status_code == status


def test_the_logo_page_needs_a_log_in(client, organisation):
    assert client.get(url("companies:logo", organisation.slug)).status_code == 302


def test_an_uploaded_logo_is_cleaned_stored_under_a_new_name_and_shown(
    client, organisation, bob, tmp_path, django_capture_on_commit_callbacks
):
    client.force_login(bob)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("companies:logo", organisation.slug), {"logo": png(extra=b"<script>x</script>")})
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.logo.name.startswith("logos/") and "firmenlogo" not in organisation.logo.name
    stored = (tmp_path / organisation.logo.name).read_bytes()
    assert b"<script" not in stored
    html = client.get(url("companies:detail", organisation.slug)).content.decode()
    assert "-192.webp" in html


def test_replacing_the_logo_deletes_the_old_files(
    client, organisation, alice, tmp_path, django_capture_on_commit_callbacks
):
    client.force_login(alice)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("companies:logo", organisation.slug), {"logo": png()})
    organisation.refresh_from_db()
    first = organisation.logo.name
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("companies:logo", organisation.slug), {"logo": png((500, 500))})
    organisation.refresh_from_db()
    assert organisation.logo.name != first
    assert not (tmp_path / first).exists()


@pytest.mark.parametrize(
    "upload",
    [
        SimpleUploadedFile("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
        SimpleUploadedFile("logo.png", b"this is not an image"),
    ],
)
def test_a_rejected_upload_says_why_and_keeps_the_old_logo(client, organisation, alice, upload):
    client.force_login(alice)
    response = client.post(url("companies:logo", organisation.slug), {"logo": upload})
    assert response.status_code == 200
    assert "error-summary" in response.content.decode()
    organisation.refresh_from_db()
    assert organisation.logo.name == ""


def test_anyone_reports_a_public_profile_and_curators_see_it(client, organisation, mailoutbox):
    response = client.post(url("companies:report", organisation.slug), {"reason": "outdated", "message": "Umgezogen"})
    assert response.status_code == 302
    report = Report.objects.get()
    assert (report.reason, report.message, report.reporter) == ("outdated", "Umgezogen", None)


def test_a_report_needs_a_known_reason(client, organisation):
    response = client.post(url("companies:report", organisation.slug), {"reason": "boring"})
    assert response.status_code == 200
    assert Report.objects.count() == 0


def test_reports_are_rate_limited(client, organisation, settings):
    settings.ACCOUNT_RATE_LIMITS = {"report": "1/h/ip"}
    client.post(url("companies:report", organisation.slug), {"reason": "spam"})
    response = client.post(url("companies:report", organisation.slug), {"reason": "spam", "message": "Noch mal"})
    assert response.status_code == 429
    assert "Noch mal" in response.content.decode()
    assert Report.objects.count() == 1


def test_a_draft_cannot_be_reported_by_outsiders(client, organisation):
    organisation.status = "draft"
    organisation.save()
    assert client.get(url("companies:report", organisation.slug)).status_code == 404
