"""A full disk or a media folder that cannot be created gives the upload form again with a clear message, the
entered text kept, nothing half-saved and an error in the log; never a server error (issue 9, point 4).

Every upload form: a firm's logo, a co-working space's photos, the images of a REGIONALE project (admin)."""

import errno
import logging
import re
from io import BytesIO

import pytest
from django.core.files import uploadhandler
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile
from django.utils import translation
from PIL import Image

from coworking.models import SpacePhoto
from regionale.models import ProjectImage
from tests.companies.helpers import url
from tests.coworking.conftest import dora, host, make_space  # noqa: F401 (fixtures)
from tests.regionale.conftest import curator, curator_client, english_admin, make_project  # noqa: F401 (fixtures)
from tests.regionale.test_admin import change_url, form_data

MESSAGE = "The file could not be stored right now. Your other entries are kept; please try again later."
FAULTS = ["disk_full", "no_media_folder", "no_temp_folder", "temp_disk_full"]


def png(name="bild.png"):
    out = BytesIO()
    Image.new("RGB", (300, 200), (11, 79, 108)).save(out, "PNG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/png")


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def fault(request, media, settings, monkeypatch):
    """Makes the storage fail: a disk that fills up after the first file of an upload (so that one variant is
    written before the failure) or after a whole image of three variants and one more, or MEDIA_ROOT below a
    regular file, which no one can create; or the same for the temporary file a large upload is received into."""
    if request.param.startswith("disk_full"):
        save = FileSystemStorage._save
        calls, room = [], 4 if request.param == "disk_full_after_an_image" else 1

        def fill_up(storage, name, content):
            calls.append(name)
            if len(calls) > room:
                raise OSError(errno.ENOSPC, "No space left on device")
            return save(storage, name, content)

        monkeypatch.setattr(FileSystemStorage, "_save", fill_up)
    elif request.param == "temp_disk_full":
        settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 0  # every upload goes to a temporary file

        class FullDisk(TemporaryUploadedFile):
            def write(self, data):
                raise OSError(errno.ENOSPC, "No space left on device")

        monkeypatch.setattr(uploadhandler, "TemporaryUploadedFile", FullDisk)
    else:
        media.parent.mkdir(parents=True, exist_ok=True)
        (media.parent / "blocker").write_text("a file, not a folder")
        if request.param == "no_temp_folder":
            settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 0
            settings.FILE_UPLOAD_TEMP_DIR = str(media.parent / "blocker" / "tmp")
        else:
            settings.MEDIA_ROOT = media.parent / "blocker" / "media"
    return request.param


def files(root):
    return sorted(path for path in root.parent.rglob("*") if path.is_file() and path.name != "blocker")


def assert_refused(response, caplog):
    assert response.status_code == 200
    page = response.content.decode()
    with translation.override(re.search(r'<html lang="([\w-]+)"', page)[1]):  # the message in the page's language
        assert translation.gettext(MESSAGE) in page
    assert any(
        record.levelno == logging.ERROR and record.name == "portal.lib.images" and record.exc_info
        for record in caplog.records
    )
    assert not any(record.name == "django.request" for record in caplog.records)


@pytest.mark.parametrize("fault", FAULTS, indirect=True)
def test_the_logo_form_says_the_file_was_not_stored(client, organisation, alice, media, fault, caplog):
    client.force_login(alice)
    response = client.post(url("companies:logo", organisation.slug), {"logo": png()})
    assert_refused(response, caplog)
    organisation.refresh_from_db()
    assert organisation.logo.name == ""
    assert files(media) == []


@pytest.mark.parametrize("fault", FAULTS, indirect=True)
def test_the_photo_form_keeps_the_description_and_stores_nothing(client, dora, host, media, fault, caplog):  # noqa: F811
    space = make_space(host)
    client.force_login(dora)
    data = {"action": "upload", "photo": png(), "alt_text": "Heller Raum mit sechs Schreibtischen"}
    response = client.post(url("coworking:space_photos", space.slug), data)
    assert_refused(response, caplog)
    assert 'value="Heller Raum mit sechs Schreibtischen"' in response.content.decode()
    assert not SpacePhoto.objects.exists()
    assert files(media) == []


# The admin's page is slow to build: the faults that matter most there (a full disk after a whole image of two).
@pytest.mark.parametrize("fault", ["disk_full_after_an_image", "no_media_folder", "no_temp_folder"], indirect=True)
def test_the_project_admin_keeps_every_entry_and_saves_nothing(curator_client, media, fault, caplog):  # noqa: F811
    project = make_project("Dorfplatz mit Bild")
    page = curator_client.get(change_url(project))
    images = {
        "images-TOTAL_FORMS": "2",
        "images-0-alt_text": "Der neue Dorfplatz",
        "images-0-caption": "Eröffnung im Mai",
        "images-0-position": "0",
        "images-1-alt_text": "Der Brunnen",
        "images-1-position": "1",
    }
    data = form_data(page, summary="Ein neuer Platz für alle.", **images)
    data["images-0-upload"], data["images-1-upload"] = png("platz.png"), png("brunnen.png")
    response = curator_client.post(change_url(project), data)
    assert_refused(response, caplog)
    html = response.content.decode()
    for value in ("Ein neuer Platz für alle.", "Der neue Dorfplatz", "Eröffnung im Mai", "Der Brunnen"):
        assert value in html
    project.refresh_from_db()
    assert project.summary != "Ein neuer Platz für alle."  # the project's own fields were rolled back too
    assert not ProjectImage.objects.exists()
    assert files(media) == []


def test_the_forms_store_again_once_the_storage_works(client, organisation, alice, media):
    """The control: without a fault the same uploads are stored (so the tests above fail for the right reason)."""
    client.force_login(alice)
    assert client.post(url("companies:logo", organisation.slug), {"logo": png()}).status_code == 302
    organisation.refresh_from_db()
    assert organisation.logo.name and len(files(media)) == 3
