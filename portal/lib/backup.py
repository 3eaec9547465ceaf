"""Backups of the database and the uploaded files, and their restore (`manage.py backup` and `manage.py restore`).

One archive, brueckenschlag-YYYYmmdd-HHMMSS.tar.gz, holds:

    database.dump      PostgreSQL: pg_dump --format=custom --no-owner, from the same snapshot as the row counts
    database.sqlite3   SQLite: a copy made with SQLite's online backup API (safe while the portal writes)
    media/...          every file under MEDIA_ROOT
    manifest.json      written last: created, database vendor, applied migrations per app, rows per table and
                       the SHA-256 of every other member

A restore reads the manifest, refuses anything else in the archive (absolute paths, `..`, links, unknown names)
and checks every checksum before it touches the database; then it loads the database (pg_restore, or SQLite's
backup API in the other direction), writes the media files, compares the rows per table with the manifest and
gives the visitors' cached pages new versions (pg_restore's writes bypass the cursor that would do it).

The connection comes from the settings; pg_dump and pg_restore get it through the environment (PGPASSWORD, ...),
never on the command line, where other users of the machine could read it.
"""

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import zlib
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import django
from django.conf import settings
from django.db import connections
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from . import pagecache

FORMAT = 1
MANIFEST = "manifest.json"
DUMPS = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}
MEDIA = "media"
_CHUNK = 1024 * 1024


class BackupError(Exception):
    """Something the operator must know and can act on; the commands print it without a traceback."""


@dataclass
class Restored:
    manifest: dict
    counts: dict  # table -> rows now
    media_files: int
    unapplied: list  # migrations the code has and the restored database lacks


# --- backup -----------------------------------------------------------------------------------------------


def create(output_dir, *, using="default", now=None):
    """Write one archive into output_dir and return its path."""
    connection = connections[using]
    if connection.vendor not in DUMPS:
        raise BackupError(f"Backups support PostgreSQL and SQLite, not {connection.vendor}.")
    output_dir = Path(output_dir)
    output_dir.mkdir(parents=True, exist_ok=True)
    now = now or timezone.now()
    target = output_dir / f"brueckenschlag-{now:%Y%m%d-%H%M%S}.tar.gz"
    if target.exists():
        raise BackupError(f"{target} exists already.")
    with tempfile.TemporaryDirectory(prefix="backup-", dir=output_dir) as work:
        dump = Path(work) / DUMPS[connection.vendor]
        if connection.vendor == "postgresql":
            counts, migrations = _dump_postgresql(connection, dump)
        else:
            counts, migrations = _dump_sqlite(connection, dump)
        manifest = {
            "format": FORMAT,
            "created": now.isoformat(),
            "vendor": connection.vendor,
            "django": django.get_version(),
            "migrations": migrations,
            "tables": counts,
            "files": {},
        }
        partial = Path(work) / target.name
        _write(partial, dump, manifest, now)
        os.replace(partial, target)
    return target


def _write(path, dump, manifest, now):
    # The archive holds personal data: readable by its owner only, from the first byte.
    raw = os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb")
    with raw, tarfile.open(fileobj=raw, mode="w:gz", compresslevel=6) as archive:
        manifest["files"][dump.name] = _add(archive, dump, dump.name)
        for file in _media_files():
            name = f"{MEDIA}/{file.relative_to(settings.MEDIA_ROOT).as_posix()}"
            manifest["files"][name] = _add(archive, file, name)
        data = json.dumps(manifest, indent=2, sort_keys=True).encode()
        info = tarfile.TarInfo(MANIFEST)
        info.size, info.mtime, info.mode = len(data), int(now.timestamp()), 0o600
        archive.addfile(info, io.BytesIO(data))


def _pg_env(connection):
    _args, extra = connection.client.settings_to_cmd_args_env(connection.settings_dict, [])
    env = {**os.environ, **(extra or {})}
    settings_dict = connection.settings_dict
    for variable, key in (("PGHOST", "HOST"), ("PGPORT", "PORT"), ("PGUSER", "USER"), ("PGDATABASE", "NAME")):
        if settings_dict.get(key):
            env[variable] = str(settings_dict[key])
    return env


def _run(command, env):
    executable = shutil.which(command[0])
    if executable is None:
        raise BackupError(
            f"{command[0]} was not found. Install the PostgreSQL client programs (Debian: postgresql-client) "
            "in a version at least as new as the database server."
        )
    result = subprocess.run([executable, *command[1:]], env=env, capture_output=True, text=True)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip() or result.returncode}")


def _dump_postgresql(connection, path):
    """pg_dump from a snapshot the counts are taken in, so that the manifest describes exactly the dump."""
    if connection.in_atomic_block:
        raise BackupError("A backup cannot run inside a transaction.")
    connection.ensure_connection()
    connection.set_autocommit(False)
    try:
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            counts, migrations = _describe(connection, cursor)
            _run(
                ["pg_dump", "--format=custom", "--no-owner", f"--snapshot={snapshot}", f"--file={path}"],
                _pg_env(connection),
            )
    finally:
        connection.rollback()
        connection.set_autocommit(True)
    return counts, migrations


def _dump_sqlite(connection, path):
    connection.ensure_connection()
    with closing(sqlite3.connect(path)) as copy:
        connection.connection.backup(copy)
        # Counted in the copy: exactly what the archive holds, whatever was written meanwhile.
        cursor = copy.cursor()
        return _describe_sqlite(cursor)


def _describe(connection, cursor):
    tables = sorted(connection.introspection.table_names(cursor))
    return _count(cursor, tables, connection.ops.quote_name), _migrations(cursor, tables)


def _describe_sqlite(cursor):
    cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    tables = [row[0] for row in cursor.fetchall()]
    return _count(cursor, tables, lambda name: '"{}"'.format(name.replace('"', '""'))), _migrations(cursor, tables)


def _count(cursor, tables, quote):
    counts = {}
    for table in tables:
        cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")  # noqa: S608 - names from the catalogue
        counts[table] = cursor.fetchone()[0]
    return counts


def _migrations(cursor, tables):
    if "django_migrations" not in tables:
        return {}
    cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
    applied = {}
    for app, name in cursor.fetchall():
        applied.setdefault(app, []).append(name)
    return applied


def _media_files():
    root = Path(settings.MEDIA_ROOT)
    if not root.is_dir():
        return []
    # Regular files only: a link could point anywhere on the machine.
    return sorted(path for path in root.rglob("*") if path.is_file() and not path.is_symlink())


class _Reader:
    """A file object that hashes what tarfile reads from it."""

    def __init__(self, raw):
        self.raw = raw
        self.digest = hashlib.sha256()

    def read(self, size=-1):
        data = self.raw.read(size)
        self.digest.update(data)
        return data


def _add(archive, path, name):
    info = tarfile.TarInfo(name)
    info.size = path.stat().st_size
    info.mtime = int(path.stat().st_mtime)
    info.mode = 0o600
    with path.open("rb") as raw:
        reader = _Reader(raw)
        archive.addfile(info, reader)
    return reader.digest.hexdigest()


# --- restore ----------------------------------------------------------------------------------------------


def read_manifest(archive_path):
    """The archive's manifest, after checking every member's name and checksum; BackupError if anything is off."""
    archive_path = Path(archive_path)
    if not archive_path.is_file():
        raise BackupError(f"{archive_path} is not a file.")
    try:
        with tarfile.open(archive_path, mode="r:gz") as archive:
            members = archive.getmembers()
            names = {member.name for member in members}
            if MANIFEST not in names:
                raise BackupError(f"{archive_path.name} is not a Brückenschlag backup: it has no {MANIFEST}.")
            for member in members:
                _check_member(member)
            manifest = _load_manifest(archive.extractfile(MANIFEST).read())
            expected = set(manifest["files"]) | {MANIFEST}
            if names != expected:
                unlisted = sorted(names ^ expected)[:5]
                raise BackupError(f"The archive and its manifest do not list the same files: {', '.join(unlisted)}")
            for member in members:
                if member.name != MANIFEST and _sha256(archive.extractfile(member)) != manifest["files"][member.name]:
                    raise BackupError(f"{member.name} in the archive is damaged: its checksum does not match.")
    except (tarfile.TarError, EOFError, OSError, zlib.error) as error:
        raise BackupError(f"{archive_path.name} is not a readable backup archive ({error}).") from None
    return manifest


def _check_member(member):
    path = PurePosixPath(member.name)
    if path.is_absolute() or ".." in path.parts or "\\" in member.name or not member.name:
        raise BackupError(f"The archive holds a member outside its own folder: {member.name!r}. Nothing was restored.")
    if not member.isfile():
        raise BackupError(f"The archive holds something other than a file: {member.name!r}. Nothing was restored.")
    if member.name != MANIFEST and member.name not in DUMPS.values() and path.parts[0] != MEDIA:
        raise BackupError(f"The archive holds an unexpected member: {member.name!r}. Nothing was restored.")


def _load_manifest(data):
    try:
        manifest = json.loads(data)
    except ValueError:
        raise BackupError(f"The archive's {MANIFEST} is not valid JSON.") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"The archive's {MANIFEST} is not one this version of the portal can read.")
    if manifest.get("vendor") not in DUMPS or not isinstance(manifest.get("files"), dict):
        raise BackupError(f"The archive's {MANIFEST} is incomplete.")
    if not isinstance(manifest.get("tables"), dict) or DUMPS[manifest["vendor"]] not in manifest["files"]:
        raise BackupError(f"The archive's {MANIFEST} is incomplete.")
    return manifest


def _sha256(fileobj):
    digest = hashlib.sha256()
    for chunk in iter(lambda: fileobj.read(_CHUNK), b""):
        digest.update(chunk)
    return digest.hexdigest()


def tables(using="default"):
    connection = connections[using]
    with connection.cursor() as cursor:
        return sorted(connection.introspection.table_names(cursor))


def row_counts(using="default"):
    connection = connections[using]
    with connection.cursor() as cursor:
        return _count(cursor, tables(using), connection.ops.quote_name)


def restore(archive_path, *, using="default", force=False):
    """Restore the archive into the database `using` and MEDIA_ROOT. Refuses a database with tables in it
    unless `force`. Returns what was restored; BackupError on any problem."""
    manifest = read_manifest(archive_path)
    connection = connections[using]
    if manifest["vendor"] != connection.vendor:
        raise BackupError(
            f"The backup is of a {manifest['vendor']} database; the configured one is {connection.vendor}."
        )
    if connection.in_atomic_block:
        raise BackupError("A restore cannot run inside a transaction.")
    if tables(using) and not force:
        raise BackupError(
            "The database is not empty. Restore into a new, empty database, or pass --yes to replace its contents."
        )
    with tempfile.TemporaryDirectory(prefix="restore-") as work, tarfile.open(archive_path, mode="r:gz") as archive:
        dump_name = DUMPS[manifest["vendor"]]
        dump = Path(work) / dump_name
        with archive.extractfile(dump_name) as source, dump.open("wb") as target:
            shutil.copyfileobj(source, target, _CHUNK)
        if connection.vendor == "postgresql":
            _restore_postgresql(connection, dump)
        else:
            _restore_sqlite(connection, dump)
        media_files = _restore_media(archive)
    pagecache.bump(pagecache.CONTENT, pagecache.BOOKINGS, pagecache.ACCOUNTS)
    counts = row_counts(using)
    differ = [table for table, rows in manifest["tables"].items() if counts.get(table) != rows]
    if differ:
        raise BackupError(
            "The restored rows differ from the manifest in "
            + ", ".join(f"{table} ({counts.get(table)} instead of {manifest['tables'][table]})" for table in differ)
        )
    executor = MigrationExecutor(connection)
    unapplied = [
        f"{migration.app_label}.{migration.name}"
        for migration, _backwards in executor.migration_plan(executor.loader.graph.leaf_nodes())
    ]
    return Restored(manifest, counts, media_files, unapplied)


def _restore_postgresql(connection, dump):
    _run(
        [
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            "--exit-on-error",
            f"--dbname={connection.settings_dict['NAME']}",
            str(dump),
        ],
        _pg_env(connection),
    )


def _restore_sqlite(connection, dump):
    connection.ensure_connection()
    with closing(sqlite3.connect(dump)) as source:
        # The backup API writes the whole database under SQLite's own locks (WAL included): the configured file
        # ends up identical to the copy, tables the copy lacks are gone.
        source.backup(connection.connection)


def _restore_media(archive):
    root = Path(settings.MEDIA_ROOT).resolve()
    written = 0
    for member in archive.getmembers():
        if not member.name.startswith(f"{MEDIA}/"):
            continue
        target = (root / member.name[len(MEDIA) + 1 :]).resolve()
        if root not in target.parents:  # read_manifest refused such names; this is the second lock
            raise BackupError(f"The archive holds a member outside the media folder: {member.name!r}.")
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(f".{target.name}.restoring")
        with archive.extractfile(member) as source, partial.open("wb") as out:
            shutil.copyfileobj(source, out, _CHUNK)
        os.replace(partial, target)
        written += 1
    return written
