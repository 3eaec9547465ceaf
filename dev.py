#!/usr/bin/env python3
"""Set up the checkout and run the portal or its tests, on a machine that has only python3 and git.

    python3 dev.py run      virtual environment, dependencies, database, translations, demo data, then
                            the development server on http://127.0.0.1:8000 (DEBUG on, SQLite by default)
                            and the e-mail worker, which prints the mails
    python3 dev.py test     the same set-up, then the whole test suite (extra arguments go to pytest)
    python3 dev.py bench    the benchmark suite on PostgreSQL and Redis (extra arguments go to manage.py bench,
                            e.g. --organisations 100000 or --growth); results in bench/results/ and README.md

DATABASE_URL, if set, selects PostgreSQL instead of the SQLite file in the checkout.
"""

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
PYTHON = VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
STAMP = VENV / ".installed-from"
# LOCALE_PATHS in portal/settings.py: the portal's catalogues and the Sie-form overrides of allauth's German
LOCALE_DIRS = ("locale", "locale_overrides")
PARALLEL = ["-n", "auto", "--dist", "loadgroup"]


def sh(*args, env=None):
    print("+", " ".join(str(a) for a in args), flush=True)
    subprocess.run([str(a) for a in args], cwd=ROOT, check=True, env=env)


def ensure_venv():
    if sys.version_info < (3, 11):  # noqa: UP036 - dev.py runs on whatever python3 the machine has
        sys.exit("Python 3.11 or newer is needed; this is " + sys.version.split()[0])
    if not PYTHON.exists():
        try:
            venv.create(VENV, with_pip=True)
        except Exception as exc:  # Debian without python3-venv ends up here
            sys.exit(f"Could not create {VENV} ({exc}). On Debian/Ubuntu: apt-get install python3-venv")
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if not STAMP.exists() or STAMP.read_text() != wanted:
        sh(PYTHON, "-m", "pip", "install", "--quiet", "--upgrade", "pip")
        sh(PYTHON, "-m", "pip", "install", "--quiet", ".[dev]")
        STAMP.write_text(wanted)


def compile_translations():
    """Django's compilemessages needs GNU gettext; without it, Babel (a dev dependency) does the same."""
    for po in [po for d in LOCALE_DIRS for po in ROOT.glob(f"{d}/*/LC_MESSAGES/django.po")]:
        mo = po.with_suffix(".mo")
        if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
            continue
        if shutil.which("msgfmt"):  # compiles every directory in LOCALE_PATHS
            sh(PYTHON, "manage.py", "compilemessages", "--ignore", ".venv")
        else:
            for d in LOCALE_DIRS:
                sh(PYTHON, "-m", "babel.messages.frontend", "compile", "-d", d, "-D", "django")
        return


def setup():
    ensure_venv()
    compile_translations()


def prepare_database(env):
    sh(PYTHON, "manage.py", "migrate", "--no-input", env=env)
    sh(PYTHON, "manage.py", "createcachetable", env=env)
    sh(PYTHON, "manage.py", "seed_demo", env=env)


BENCH_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/brueckenschlag_bench"
BENCH_CACHE_URL = "redis://127.0.0.1:6379/2"


def prepare_bench(env):
    """wrk from Debian when missing, the benchmark database (created when missing) and its schema."""
    if not shutil.which("wrk"):
        if os.geteuid() != 0 or not shutil.which("apt-get"):
            sys.exit("The benchmark needs wrk (Debian/Ubuntu: apt-get install wrk).")
        sh("apt-get", "install", "-y", "-qq", "wrk")
    env.setdefault("DATABASE_URL", BENCH_DATABASE_URL)
    env.setdefault("CACHE_URL", BENCH_CACHE_URL)
    create = (
        "import os, psycopg\n"
        "from urllib.parse import urlsplit\n"
        "url = urlsplit(os.environ['DATABASE_URL'])\n"
        "name = url.path.lstrip('/')\n"
        "with psycopg.connect(url._replace(path='/postgres').geturl(), autocommit=True) as db:\n"
        "    if not db.execute('SELECT 1 FROM pg_database WHERE datname = %s', [name]).fetchone():\n"
        "        db.execute(f'CREATE DATABASE \"{name}\"')\n"
    )
    sh(PYTHON, "-c", create, env=env)
    sh(PYTHON, "manage.py", "migrate", "--no-input", env=env)


def main(argv):
    command = argv[1] if len(argv) > 1 else ""
    env = dict(os.environ)
    if command == "run":
        env.setdefault("DEBUG", "1")
        setup()
        prepare_database(env)
        # The e-mail queue's worker beside the server: mails appear on this console as the worker delivers them.
        worker = subprocess.Popen([str(PYTHON), "manage.py", "mailworker"], cwd=ROOT, env=env)
        try:
            server = subprocess.run([str(PYTHON), "manage.py", "runserver", "127.0.0.1:8000"], cwd=ROOT, env=env)
        except KeyboardInterrupt:
            server = None
        finally:
            worker.terminate()
            worker.wait()
        sys.exit(server.returncode if server else 0)
    elif command == "test":
        setup()  # pytest-django creates and migrates its own test database
        # One pytest worker per core; the scale-out tests share one worker (their xdist_group), as they load the
        # machine themselves. An -n of your own (e.g. `-n 0`: one process) overrides it.
        chosen = any(arg.startswith(("-n", "--numprocesses")) or arg == "no:xdist" for arg in argv[2:])
        spread = [] if chosen else PARALLEL
        result = subprocess.run([str(PYTHON), "-m", "pytest", *spread, *argv[2:]], cwd=ROOT, env=env)
        sys.exit(result.returncode)
    elif command == "bench":
        setup()
        prepare_bench(env)
        result = subprocess.run([str(PYTHON), "manage.py", "bench", "--readme", *argv[2:]], cwd=ROOT, env=env)
        sys.exit(result.returncode)
    elif command == "setup":  # used by .ci/run: the virtual environment and translations, nothing else
        setup()
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
