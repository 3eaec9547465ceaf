"""The benchmark's reference page and the warm-up gunicorn runs before it forks its workers."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portal.lib import warmup


def test_the_reference_page_is_a_404_unless_switched_on(db, client, settings):
    assert client.get(reverse("bench_ceiling")).status_code == 404
    settings.BENCH_REFERENCE_PAGE = True
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("bench_ceiling"))
    assert response.status_code == 200 and b"<h1>" in response.content
    assert len(queries) == 0


def test_the_warm_up_renders_the_home_page_in_every_language_and_closes_the_connections(db, monkeypatch):
    from django.core.wsgi import get_wsgi_application

    application = get_wsgi_application()

    seen, closed = [], []

    def recording(environ, start_response):
        response = application(environ, start_response)
        seen.append((environ["PATH_INFO"], response.status_code))
        return response

    monkeypatch.setattr(warmup.connections, "close_all", lambda: closed.append(True))
    warmup.warm_up(recording)
    assert seen == [("/", 200), ("/en/", 200)]
    assert closed


def test_a_failing_warm_up_does_not_stop_the_start(db, monkeypatch):
    def broken(environ, start_response):
        raise RuntimeError("database away")

    warmup.warm_up(broken)  # logged, not raised


def test_the_redis_cache_reuses_its_client_and_works(settings):
    from django.core.cache import caches

    settings.CACHES = {
        "redis": {"BACKEND": "portal.lib.rediscache.SharedClientRedisCache", "LOCATION": "redis://127.0.0.1:6379/9"}
    }
    try:
        redis = caches["redis"]
        redis.ping = redis._cache.get_client(write=True).ping()
    except Exception as error:  # noqa: BLE001 - no Redis on this machine
        import pytest

        pytest.skip(f"no Redis: {error}")
    redis.set("key", {"value": 1}, 10)
    assert redis.get("key") == {"value": 1}
    assert redis._cache.get_client(write=True) is redis._cache.get_client(write=True)
    redis.delete("key")
