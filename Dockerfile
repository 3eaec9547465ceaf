# syntax=docker/dockerfile:1
# The portal's image: gunicorn serving portal.wsgi on port 8000, static files built in (WhiteNoise serves them).
# Needs DATABASE_URL (PostgreSQL) and SECRET_KEY at run time; docker-compose.yml shows the whole set-up.

# --- build: dependencies into a virtualenv, translations compiled, static files collected ---------------------
FROM python:3.11-slim-bookworm AS build

# GNU gettext's msgfmt, for compilemessages; only this stage needs it.
RUN apt-get update \
    && apt-get install --yes --no-install-recommends gettext \
    && rm -rf /var/lib/apt/lists/*

ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PATH=/venv/bin:$PATH
RUN python -m venv /venv

WORKDIR /app
# Dependencies before the code, so a code change does not reinstall them. `pip install .` installs only the
# dependencies ([tool.setuptools] packages = []); README.md is pyproject.toml's readme, the build reads it.
COPY pyproject.toml README.md ./
RUN pip install .

COPY . .
# Neither command touches the database or signs anything, so they need no SECRET_KEY; only serving does.
RUN python manage.py compilemessages \
    && python manage.py collectstatic --noinput

# --- run: the virtualenv and the prepared checkout, owned by root and run as an unprivileged user ----------------
FROM python:3.11-slim-bookworm

# pg_dump and pg_restore for `manage.py backup` and `restore` (README, "Backups"): Debian bookworm's client is
# PostgreSQL 15, the same major version as the compose database and CI, as pg_dump requires.
RUN apt-get update \
    && apt-get install --yes --no-install-recommends postgresql-client \
    && rm -rf /var/lib/apt/lists/*

ENV PATH=/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    MEDIA_ROOT=/srv/media

# A home directory, because gunicorn puts its control socket in ~/.gunicorn.
RUN useradd --create-home --uid 1000 --user-group portal \
    && mkdir -p /srv/media \
    && chown portal:portal /srv/media

COPY --from=build /venv /venv
COPY --from=build /app /app

WORKDIR /app
USER portal
# Uploads outlive the container; docker-compose.yml mounts the named volume `media` here (nginx reads it too).
VOLUME /srv/media
EXPOSE 8000

# Plain Python, so the slim image needs no curl. /healthz answers 503 when the database is unreachable.
# /healthz is answered before host validation, so ALLOWED_HOSTS need not list localhost.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://localhost:8000/healthz', timeout=4)"]

CMD ["gunicorn", "-c", "gunicorn.conf.py", "portal.wsgi"]
