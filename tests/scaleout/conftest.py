"""Two app servers behind nginx, one PostgreSQL, one Redis: the shape of docker-compose.yml, on loopback ports.

`cluster` starts two gunicorn instances with the production configuration (`-c gunicorn.conf.py portal.wsgi`,
DEBUG off, two workers each) on the test database, which pytest-django has created and the tests fill in committed
transactions (`transaction=True`), plus an nginx that spreads requests over both, round-robin. They run for the
whole module and are stopped, process group by process group, before pytest-django drops the test database.

Each gunicorn writes its stdout (the access log, and the e-mails of the console backend) to `Server.log`.

To see the tests fail when the servers do not share their state, give one instance other settings:

    SCALEOUT_B_ENV="CACHE_URL=locmem"      B counts failed log-ins per worker, so they are not refused in time; and
                                           B's log-out deletes the session from the database only, while A still
                                           reads it from Redis: test_a and test_b fail
    SCALEOUT_A_ENV="CACHE_URL=locmem"      the same counting on A: test_b fails
    SCALEOUT_B_ENV="SECRET_KEY=<another>"  B cannot read A's sessions: test_a and test_d fail
"""

import contextlib
import http.client
import os
import secrets
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import quote, urlencode, urlsplit

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("SCALEOUT_REDIS_URL", "redis://127.0.0.1:6379/7")
STARTUP_SECONDS = 60

# A test-only settings module next to portal/settings.py, as the co-working benchmark does: no collectstatic in a
# fresh checkout (plain static storage instead of the manifest), and the fast password hasher of tests/conftest.py
# with which make_user() stores the test users' passwords. Everything that matters here comes from portal/settings.py
# and the environment: database, cache, sessions, rate limits, proxies.
SETTINGS_MODULE = """\
from portal.settings import *  # noqa: F403

STATIC_STORAGE = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
STORAGES = {**STORAGES, "staticfiles": STATIC_STORAGE}  # noqa: F405
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
"""

NGINX_CONF = """\
daemon off;
worker_processes 1;
pid {dir}/nginx.pid;
error_log {dir}/error.log warn;

events {{
    worker_connections 256;
}}

http {{
    access_log {dir}/access.log;
    client_body_temp_path {dir}/client_body;
    proxy_temp_path {dir}/proxy;
    fastcgi_temp_path {dir}/fastcgi;
    uwsgi_temp_path {dir}/uwsgi;
    scgi_temp_path {dir}/scgi;

    upstream portal {{
        server 127.0.0.1:{port_a};
        server 127.0.0.1:{port_b};
    }}

    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://portal;
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_redirect off;
        }}
    }}
}}
"""


@dataclass
class Server:
    name: str
    port: int
    process: subprocess.Popen
    log: Path

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def access_log(self):
        return self.log.read_text(errors="replace")


@dataclass
class Cluster:
    a: Server
    b: Server
    proxy: Server


@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    text: str

    @property
    def location(self):
        return self.headers.get("Location", "")


class Browser:
    """A user agent with its own cookie jar, which it sends to every server (cookies know no ports): one person
    whose requests a load balancer may send anywhere. Redirects are not followed."""

    def __init__(self, cookies=None):
        self.cookies = dict(cookies or {})

    def get(self, url):
        return self.request("GET", url)

    def post(self, url, data):
        return self.request(
            "POST", url, urlencode(data, doseq=True), {"Content-Type": "application/x-www-form-urlencoded"}
        )

    def request(self, method, url, body=None, headers=None):
        parts = urlsplit(url)
        headers = {"User-Agent": "scaleout-test", **(headers or {})}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        client = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        try:
            path = parts.path + (f"?{parts.query}" if parts.query else "")
            client.request(method, path, body=body, headers=headers)
            response = client.getresponse()
            text = response.read().decode("utf-8", errors="replace")
        finally:
            client.close()
        self._remember(response.msg.get_all("Set-Cookie") or [])
        return Response(response.status, response.msg, text)

    def _remember(self, set_cookies):
        for header in set_cookies:
            for name, morsel in SimpleCookie(header).items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _nginx():
    return shutil.which("nginx") or next((path for path in ("/usr/sbin/nginx",) if os.access(path, os.X_OK)), None)


def _redis(url=REDIS_URL):
    """A client for the Redis database of these tests (or of url), or None when no Redis answers."""
    import redis

    client = redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=5)
    try:
        client.ping()
    except redis.RedisError:
        return None
    return client


def _skip_unless_possible():
    if connection.vendor != "postgresql":
        pytest.skip("scale-out test needs PostgreSQL: set DATABASE_URL=postgres://…")
    if not _nginx():
        pytest.skip("scale-out test needs nginx: apt-get install nginx-light")
    if not _redis():
        pytest.skip(f"scale-out test needs Redis at {REDIS_URL} (apt-get install redis-server, or SCALEOUT_REDIS_URL)")


def _database_url():
    """The test database pytest-django created, as a DATABASE_URL for the servers."""
    db = connection.settings_dict
    credentials = quote(db["USER"] or "", safe="") + (f":{quote(db['PASSWORD'], safe='')}" if db["PASSWORD"] else "")
    host = db["HOST"] or "127.0.0.1"
    return f"postgres://{credentials}@{host}:{db['PORT'] or 5432}/{quote(db['NAME'], safe='')}"


def _environment(directory):
    """What a replica in docker-compose.yml gets; nothing from the developer's own environment but the basics."""
    basics = {name: os.environ[name] for name in ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR") if name in os.environ}
    return {
        **basics,
        "DJANGO_SETTINGS_MODULE": "scaleout_settings",
        "PYTHONPATH": str(directory),
        "PYTHONUNBUFFERED": "1",
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": _database_url(),
        "CACHE_URL": REDIS_URL,
        "WEB_CONCURRENCY": "2",
        "TRUSTED_PROXY_COUNT": "1",
        "USE_X_FORWARDED_PROTO": "1",
        "FORWARDED_ALLOW_IPS": "127.0.0.1",
        "LOG_LEVEL": "WARNING",
    }


def _extra(variable):
    """NAME=value pairs from SCALEOUT_A_ENV / SCALEOUT_B_ENV: only for showing that the test can fail."""
    return dict(pair.split("=", 1) for pair in shlex.split(os.environ.get(variable, "")))


def _start_gunicorn(name, directory, environment):
    port = _free_port()
    log = directory / f"gunicorn-{name}.log"
    with open(log, "wb") as stdout, open(directory / f"gunicorn-{name}.err", "wb") as stderr:
        process = subprocess.Popen(
            # --bind keeps the test servers on loopback; gunicorn.conf.py binds 0.0.0.0:$PORT.
            [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "--bind", f"127.0.0.1:{port}", "portal.wsgi"],
            cwd=ROOT,
            env={**environment, "PORT": str(port), **_extra(f"SCALEOUT_{name.upper()}_ENV")},
            stdout=stdout,
            stderr=stderr,
            start_new_session=True,  # its own process group: the master and its workers end together
        )
    return Server(name, port, process, log)


def _start_nginx(directory, a, b):
    directory = directory / "nginx"
    directory.mkdir()
    directory.chmod(0o755)  # started as root, nginx's workers run as nobody and need to reach their temp paths
    port = _free_port()
    conf = directory / "nginx.conf"
    conf.write_text(NGINX_CONF.format(dir=directory, port=port, port_a=a.port, port_b=b.port))
    log = directory / "access.log"
    with open(directory / "stdout.log", "wb") as output:
        process = subprocess.Popen(
            [_nginx(), "-p", str(directory), "-c", str(conf), "-e", str(directory / "error.log")],
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    return Server("proxy", port, process, log)


def _stop(server):
    if server.process.poll() is None:
        try:
            os.killpg(server.process.pid, signal.SIGTERM)
            server.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(server.process.pid, signal.SIGKILL)
            server.process.wait(timeout=5)
        except ProcessLookupError:
            pass
    # Workers the master left behind (it was killed) would keep their database connections open.
    with contextlib.suppress(ProcessLookupError):
        os.killpg(server.process.pid, signal.SIGKILL)


def _tail(path, lines=30):
    try:
        return "\n".join(Path(path).read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


def _wait_until_healthy(server, deadline):
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            break
        try:
            if Browser().get(server.url + "/healthz").status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    logs = "\n".join(
        _tail(path) for path in (server.log, server.log.with_suffix(".err"), server.log.parent / "error.log")
    )
    pytest.fail(f"{server.name} on port {server.port} did not answer /healthz:\n{logs}", pytrace=False)


@pytest.fixture(scope="module")
def cluster(request, tmp_path_factory):
    _skip_unless_possible()
    request.getfixturevalue("django_db_setup")  # the test database, created before the servers connect to it
    redis = _redis()
    redis.flushdb()
    directory = tmp_path_factory.mktemp("scaleout")
    (directory / "scaleout_settings.py").write_text(SETTINGS_MODULE)
    environment = _environment(directory)
    servers = []
    try:
        servers += [_start_gunicorn("a", directory, environment), _start_gunicorn("b", directory, environment)]
        deadline = time.monotonic() + STARTUP_SECONDS
        for server in servers:
            _wait_until_healthy(server, deadline)
        servers.append(_start_nginx(directory, *servers))
        _wait_until_healthy(servers[-1], deadline)
        yield Cluster(*servers)
    finally:
        for server in reversed(servers):
            _stop(server)
        redis.flushdb()


@pytest.fixture
def shared_cache(cluster):
    """The Redis database of the servers, empty at the start and the end of each test (rate-limit counters)."""
    redis = _redis()
    redis.flushdb()
    yield redis
    redis.flushdb()
