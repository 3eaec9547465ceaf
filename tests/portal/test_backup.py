"""Backups and restores (portal/lib/backup.py): a backup restored into a fresh database has every row and file.

On PostgreSQL the fresh database is a new `bs_backup_restore_<random>` next to the test database, dropped
afterwards; on SQLite a new file. Either is reached through an extra connection alias, `restored`.
"""

import hashlib
import io
import json
import subprocess
import tarfile
import uuid
from contextlib import contextmanager
from datetime import UTC, date, datetime, time
from pathlib import Path

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.management import CommandError, ManagementUtility, call_command
from django.db import connection, connections
from PIL import Image

from portal.lib import backup, pagecache
from tests.conftest import make_organisation, make_user

PASSWORD = "not-on-the-command-line"  # noqa: S105


def png():
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 40, 40)).save(buffer, "PNG")
    return buffer.getvalue()


def sha256_of_files(root):
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(Path(root).rglob("*"))
        if path.is_file()
    }


def seed():
    """Organisations with members and a logo, a need, a booking, a REGIONALE project with an image."""
    from coworking.models import Booking, Occupancy
    from matching.models import Entry
    from regionale.models import Project, ProjectImage
    from tests.coworking.conftest import make_space

    alice, bob = make_user("alice@example.org", "Alice Anders"), make_user("bob@example.org", "Bob Berger")
    firm = make_organisation(owner=alice, status="published", pitch="Sensoren für die Industrie 4.0")
    firm.logo.save("sensorik.png", ContentFile(png()))
    host = make_organisation("Sauerland Coworking eG", kind="coworking", municipality="Meschede", owner=bob)
    Entry.objects.create(
        organisation=firm,
        side="need",
        type="technology",
        title="Predictive Maintenance für Pressen",
        description="Wir suchen Unterstützung bei der vorausschauenden Wartung.",
        municipality=firm.municipality,
    )
    space = make_space(host)
    booking = Booking.objects.create(space=space, member=alice, note="Ich komme mit dem Rad.")
    day = date(2026, 12, 1)
    Occupancy.objects.create(
        booking=booking,
        space=space,
        resource=space.resources.first(),
        slot=space.slots.first(),
        date=day,
        starts_at=datetime.combine(day, time(8), tzinfo=space.created.tzinfo),
        ends_at=datetime.combine(day, time(13), tzinfo=space.created.tzinfo),
        member=alice,
    )
    project = Project.objects.create(
        title="Digitales Dorfzentrum Eslohe", slug="dorfzentrum-eslohe", summary="Ein Ort.", handlungsfeld="raum"
    )
    ProjectImage.objects.create(
        project=project, image=ContentFile(png(), name="dorfzentrum.png"), alt_text="Das Dorfzentrum"
    )


@contextmanager
def fresh_database(tmp_path, alias="restored"):
    """A new, empty database (PostgreSQL: bs_backup_restore_<random>; SQLite: a file) as connection `alias`."""
    config = {**connections["default"].settings_dict}
    if connection.vendor == "postgresql":
        name = f"bs_backup_restore_{uuid.uuid4().hex[:8]}"
        with connection.cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{name}"')
        config.update(NAME=name, PASSWORD=PASSWORD)
    else:
        config["NAME"] = str(tmp_path / "restored.sqlite3")
    connections.settings[alias] = config
    # Connected here, not on first use: the test case lets its own aliases connect lazily, no others.
    connections[alias].connect()
    try:
        yield alias
    finally:
        connections[alias].close()
        del connections[alias]
        del connections.settings[alias]
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def spied_commands(monkeypatch):
    """The pg_dump and pg_restore calls (they still run): command lines and environments."""
    calls = []
    real = subprocess.run

    def spy(command, **kwargs):
        calls.append((command, kwargs.get("env") or {}))
        return real(command, **kwargs)

    monkeypatch.setattr(backup.subprocess, "run", spy)
    return calls


def every_row(alias):
    """Every model's rows, field by field, in primary-key order."""
    return {
        model._meta.label: list(model._base_manager.using(alias).order_by("pk").values())
        for model in apps.get_models(include_auto_created=True)
    }


@pytest.mark.django_db(transaction=True)
def test_it_restores_a_backup_into_a_fresh_database_with_every_row_and_file(
    media, tmp_path, settings, spied_commands, capsys
):
    seed()
    originals = sha256_of_files(media)
    assert len(originals) == 2  # the logo and the project image
    archive = backup.create(tmp_path / "backups", now=datetime(2026, 11, 25, 3, 0, 5, tzinfo=UTC))

    assert archive.name == "brueckenschlag-20261125-030005.tar.gz"
    assert archive.stat().st_mode & 0o777 == 0o600  # personal data: readable by its owner only
    manifest = backup.read_manifest(archive)
    assert manifest["vendor"] == connection.vendor
    assert manifest["tables"]["companies_organisation"] == 2
    assert manifest["tables"]["coworking_booking"] == 1
    assert "0001_initial" in manifest["migrations"]["companies"]
    assert {name for name in manifest["files"] if name.startswith("media/")} == {f"media/{n}" for n in originals}

    settings.MEDIA_ROOT = tmp_path / "restored-media"
    versions_before = pagecache.versions([pagecache.CONTENT])
    with fresh_database(tmp_path) as alias:
        call_command("restore", str(archive), database=alias)

        assert backup.row_counts(alias) == backup.row_counts("default")
        assert every_row(alias) == every_row("default")
        assert sha256_of_files(settings.MEDIA_ROOT) == originals
        assert "Every table has the rows the manifest lists." in capsys.readouterr().out
        assert pagecache.versions([pagecache.CONTENT]) != versions_before  # cached pages are out of date

        # Now the database is not empty: a second restore needs --yes, and then gives the same rows again.
        with pytest.raises(CommandError, match="not empty"):
            call_command("restore", str(archive), database=alias)
        call_command("restore", str(archive), "--yes", database=alias)
        assert every_row(alias) == every_row("default")

    if connection.vendor == "postgresql":
        restores = [(command, env) for command, env in spied_commands if "pg_restore" in command[0]]
        assert restores and all(env["PGPASSWORD"] == PASSWORD for _command, env in restores)
        assert not any(PASSWORD in part for command, _env in spied_commands for part in command)


def write_archive(path, members, manifest=None):
    """A hand-made archive: members is {name: bytes}; the manifest lists them with correct checksums."""
    if manifest is None:
        manifest = {
            "format": backup.FORMAT,
            "created": "2026-11-25T12:00:00+00:00",
            "vendor": connection.vendor,
            "migrations": {},
            "tables": {},
            "files": {name: hashlib.sha256(data).hexdigest() for name, data in members.items()},
        }
    with tarfile.open(path, "w:gz") as archive:
        for name, data in {**members, backup.MANIFEST: json.dumps(manifest).encode()}.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return path


def test_it_refuses_a_file_that_is_no_archive_with_a_message_and_no_traceback(tmp_path, capsys):
    corrupt = tmp_path / "brueckenschlag-20261125-120000.tar.gz"
    corrupt.write_bytes(b"\x1f\x8b\x08\x00 this is not what it claims to be")

    with pytest.raises(SystemExit) as exit:  # as on the command line: manage.py restore …
        ManagementUtility(["manage.py", "restore", str(corrupt)]).execute()

    assert exit.value.code == 1
    error = capsys.readouterr().err
    assert "brueckenschlag-20261125-120000.tar.gz is not a readable backup archive" in error
    assert "Traceback" not in error


def test_it_refuses_a_foreign_archive(tmp_path):
    foreign = tmp_path / "photos.tar.gz"
    with tarfile.open(foreign, "w:gz") as archive:
        info = tarfile.TarInfo("holiday.jpg")
        info.size = 3
        archive.addfile(info, io.BytesIO(b"jpg"))

    with pytest.raises(CommandError, match="is not a Brückenschlag backup: it has no manifest.json"):
        call_command("restore", str(foreign))


@pytest.mark.parametrize("name", ["media/../../evil.txt", "../evil.txt", "/etc/evil.txt", "media/a/../../../evil.txt"])
def test_it_rejects_a_member_outside_its_folder_and_restores_nothing(tmp_path, media, name):
    archive = write_archive(tmp_path / "evil.tar.gz", {backup.DUMPS[connection.vendor]: b"x", name: b"evil"})

    with pytest.raises(CommandError, match="outside its own folder"):
        call_command("restore", str(archive))
    assert not (tmp_path / "evil.txt").exists() and not Path("/etc/evil.txt").exists()
    assert not Path(media).exists()


def test_it_rejects_a_link_in_the_archive(tmp_path, media):
    archive = write_archive(tmp_path / "link.tar.gz", {backup.DUMPS[connection.vendor]: b"x"})
    with tarfile.open(archive, "r:gz") as original:
        members = [(member, original.extractfile(member).read()) for member in original.getmembers()]
    with tarfile.open(archive, "w:gz") as tar:
        for member, data in members:
            tar.addfile(member, io.BytesIO(data))
        info = tarfile.TarInfo("media/passwd")
        info.type, info.linkname = tarfile.SYMTYPE, "/etc/passwd"
        tar.addfile(info)

    with pytest.raises(CommandError, match="something other than a file"):
        call_command("restore", str(archive))


def test_it_rejects_a_damaged_member_before_touching_anything(tmp_path, media):
    dump = backup.DUMPS[connection.vendor]
    members = {dump: b"the database", "media/logos/a.png": b"a picture"}
    manifest = {
        "format": backup.FORMAT,
        "created": "2026-11-25T12:00:00+00:00",
        "vendor": connection.vendor,
        "migrations": {},
        "tables": {},
        "files": {dump: hashlib.sha256(b"the database").hexdigest(), "media/logos/a.png": "0" * 64},
    }
    archive = write_archive(tmp_path / "damaged.tar.gz", members, manifest)

    with pytest.raises(CommandError, match="media/logos/a.png in the archive is damaged"):
        call_command("restore", str(archive))
    assert not Path(media).exists()


def test_a_backup_of_the_other_database_kind_is_refused(tmp_path):
    other = "sqlite" if connection.vendor == "postgresql" else "postgresql"
    manifest = {
        "format": backup.FORMAT,
        "created": "2026-11-25T12:00:00+00:00",
        "vendor": other,
        "migrations": {},
        "tables": {},
        "files": {backup.DUMPS[other]: hashlib.sha256(b"x").hexdigest()},
    }
    archive = write_archive(tmp_path / "other.tar.gz", {backup.DUMPS[other]: b"x"}, manifest)

    with pytest.raises(CommandError, match=f"backup is of a {other} database"):
        call_command("restore", str(archive))
