"""Cached pages for visitors, invalidated by every write to the data they show.

Visitors without a session make up most of the traffic of the directory, the REGIONALE portfolio and the other
public pages, and they all see the same page for the same address. `cache_for_visitors` keeps such a response in
the shared cache (Redis) under a key made of the address, the language, the htmx headers and the current *version*
of each namespace the page depends on.

Versions change on every write, found at the one place no write can pass by: the database cursor. An execute
wrapper on every connection reads each INSERT, UPDATE, DELETE and TRUNCATE, maps its table to namespaces (the apps
say which tables belong to which, see `watch`) and gives those namespaces a new version, once at once and once
after the commit: the first makes the change visible at once (also inside the test suite's transactions), the
second makes sure no request that read the old rows before the commit can leave them in the cache under the new
version. ORM saves, `update()`, `bulk_create()` and raw SQL all go through it; only PostgreSQL's COPY does not, and
the bulk seeders that use it call `bump` themselves.

A response is kept only when it is the same for every visitor: a GET from a request without any cookie, status
200, no cookie set (so no CSRF token and no session in it), no message waiting. It is served to every request
without a session or message cookie. Pages that change with the clock say so with `timeout` (and `bucket`).
Without a shared cache (several workers, each with its own memory) `PAGE_CACHE` is off and nothing is cached.
"""

import hashlib
import pickle
import re
import threading
import time
import uuid
from collections import OrderedDict
from functools import wraps

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.core.signals import request_started
from django.db.backends.signals import connection_created
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import mark_safe

CONTENT = "content"  # profiles, needs and offers, spaces, projects: what the public pages show
BOOKINGS = "bookings"  # booked places: what the week views show
ACCOUNTS = "accounts"  # users: the signed-in user of every request (portal.lib.auth)
_NAMESPACES = (CONTENT, BOOKINGS, ACCOUNTS)

_KEY_PREFIX = "pagecache"
_MAX_STORED_BYTES = 4 * 1024 * 1024
_HTMX_HEADERS = ("HX-Request", "HX-Target", "HX-Trigger", "HX-Boosted", "HX-History-Restore-Request")

_WRITE = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM|TRUNCATE(?:\s+TABLE)?)\s+"?([\w.]+)"?', re.IGNORECASE)
_SET_COLUMNS = re.compile(r'"(\w+)"\s*=')

# table -> [(namespaces, columns whose UPDATE alone changes none of them)]
_tables = {}
_watched = []


def watch(models, namespaces=(CONTENT,), ignore_columns=()):
    """Writes to these models' tables change these namespaces. Called by each app's AppConfig.ready()."""
    _watched.append((list(models), tuple(namespaces), frozenset(ignore_columns)))
    _tables.clear()


def _table_map():
    if not _tables:
        for models, namespaces, ignore in _watched:
            for model in models:
                _tables.setdefault(model._meta.db_table, []).append((namespaces, ignore))
    return _tables


def namespaces_written(sql):
    """The namespaces a statement changes (empty for reads and for tables nobody watches)."""
    match = _WRITE.match(sql)
    if not match:
        return ()
    watched = _table_map().get(match.group(1).split(".")[-1])
    if not watched:
        return ()
    columns = None
    written = []
    for namespaces, ignore in watched:
        if ignore and sql.lstrip()[:6].upper() == "UPDATE":
            if columns is None:
                head = sql.split(" WHERE ", 1)[0]
                columns = set(_SET_COLUMNS.findall(head.split(" SET ", 1)[-1]))
            if columns and columns <= ignore:
                continue
        written += [namespace for namespace in namespaces if namespace not in written]
    return tuple(written)


def _version_key(namespace):
    return f"{_KEY_PREFIX}:version:{namespace}"


def bump(*namespaces):
    """New versions for these namespaces: every page cached under the old ones is out of date."""
    _forget_versions()
    cache.set_many({_version_key(namespace): uuid.uuid4().hex[:12] for namespace in namespaces}, None)


def _bump_now_and_after_commit(connection, namespaces):
    bump(*namespaces)
    if connection.in_atomic_block:
        connection.on_commit(lambda: bump(*namespaces))


def _write_watcher(connection):
    def watcher(execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if settings.PAGE_CACHE and isinstance(sql, str):
            namespaces = namespaces_written(sql)
            if namespaces:
                _bump_now_and_after_commit(connection, namespaces)
        return result

    watcher.pagecache = True
    return watcher


def _install_watcher(sender, connection, **kwargs):
    if not any(getattr(wrapper, "pagecache", False) for wrapper in connection.execute_wrappers):
        connection.execute_wrappers.append(_write_watcher(connection))


def install():
    """Watch writes on every database connection (PortalConfig.ready); read the versions afresh per request."""
    connection_created.connect(_install_watcher, dispatch_uid="portal.lib.pagecache")
    request_started.connect(_forget_versions, dispatch_uid="portal.lib.pagecache.versions")


# The versions a request has read, so that its page, its user and its fragments cost one read of the shared cache
# together; forgotten when the next request starts and whenever this process writes.
_read = threading.local()


def _forget_versions(**kwargs):
    _read.versions = {}


def versions(namespaces):
    known = getattr(_read, "versions", None)
    if known is None:
        known = _read.versions = {}
    if any(namespace not in known for namespace in namespaces):
        wanted = {namespace for namespace in (*namespaces, *_NAMESPACES) if namespace not in known}
        keys = {_version_key(namespace): namespace for namespace in wanted}
        found = cache.get_many(list(keys))
        missing = {key: uuid.uuid4().hex[:12] for key in keys if key not in found}
        for key, value in missing.items():
            cache.add(key, value, None)  # another worker may have set it meanwhile: take whichever is there
        if missing:
            found = {**found, **cache.get_many(list(missing))}
        known.update({namespace: found.get(key, "") for key, namespace in keys.items()})
    return tuple(known[namespace] for namespace in namespaces)


# Rendered into a cached fragment where a form's CSRF token belongs ({% csrf_token %} reads `csrf_token`), and
# replaced by the request's own token when the fragment is shown: a token must never pass from one page to another.
CSRF_PLACEHOLDER = "pagecache0csrf0token0placeholder"


def with_csrf_token(html, request):
    return mark_safe(html.replace(CSRF_PLACEHOLDER, get_token(request)))  # noqa: S308 - our own rendered template


def member_page(request, name, template, context, namespaces=(CONTENT, ACCOUNTS), timeout=600):
    """A signed-in member's page, kept per user and address until a namespace changes (or `timeout` passes): for
    pages that cost many queries and show only that member's data. `context()` is called on a miss only. The
    CSRF tokens of its forms are the request's own. A page with a message waiting (in the cookie or the session,
    Django's FallbackStorage) is rendered afresh and not kept."""
    if not settings.PAGE_CACHE or CookieStorage.cookie_name in request.COOKIES or "_messages" in request.session:
        return HttpResponse(render_to_string(template, context(), request))
    parts = (
        request.user.pk,
        request.get_full_path(),
        *(request.headers.get(header, "") for header in _HTMX_HEADERS),
        timezone.localdate(),
    )
    html = cached(
        name,
        parts,
        lambda: render_to_string(template, {**context(), "csrf_token": CSRF_PLACEHOLDER}, request),
        namespaces,
        timeout,
    )
    return HttpResponse(with_csrf_token(html, request))


def cached(name, parts, compute, namespaces=(CONTENT,), timeout=600):
    """`compute()`, kept in the shared cache under `name` and `parts` until a namespace changes (or `timeout`
    seconds pass): for results that cost many queries and are the same for every viewer, like an entry's matches.
    Computed every time when PAGE_CACHE is off. Also kept near, in the process: text as it is, objects pickled,
    so that every request gets its own (a view may change the one it was given)."""
    if not settings.PAGE_CACHE:
        return compute()
    raw = "\n".join(map(str, (*parts, translation.get_language(), *versions(namespaces))))
    key = f"{_KEY_PREFIX}:data:{name}:{hashlib.sha256(raw.encode()).hexdigest()[:32]}"
    kept = _get_page(key, timeout)
    if kept is None:
        value = compute()
        text = isinstance(value, str)
        _put_page(key, {"content": value if text else pickle.dumps(value), "text": text}, timeout)
        return value
    return kept["content"] if kept["text"] else pickle.loads(kept["content"])  # noqa: S301 - our own


# --- the pages, near and far -------------------------------------------------------------------------------
#
# A page is kept in the shared cache and, once a process has read or made it, also in that process's memory (up
# to _NEAR_BYTES): the next request in the same worker skips reading tens or hundreds of KB from Redis. The key
# names the versions, which every request reads from the shared cache, so a near copy is never out of date.

_NEAR_BYTES = 8 * 1024 * 1024
_near = OrderedDict()  # key -> (expires, size, frozen)
_near_size = 0
_near_lock = threading.Lock()  # gunicorn's sync workers have one thread; runserver has many


def _near_get(key):
    with _near_lock:
        found = _near.get(key)
        if found is None:
            return None
        if found[0] < time.monotonic():
            _near_forget(key)
            return None
        _near.move_to_end(key)
        return found[2]


def _near_forget(key):
    global _near_size
    _expires, size, _frozen = _near.pop(key)
    _near_size -= size


def _near_put(key, frozen, timeout):
    global _near_size
    size = len(frozen["content"])
    if size > _NEAR_BYTES // 4:
        return
    with _near_lock:
        if key in _near:
            _near_forget(key)
        _near[key] = (time.monotonic() + timeout, size, frozen)
        _near_size += size
        while _near_size > _NEAR_BYTES:
            _near_forget(next(iter(_near)))


def _get_page(key, timeout):
    frozen = _near_get(key)
    if frozen is None:
        frozen = cache.get(key)
        if frozen is not None:
            _near_put(key, frozen, timeout)
    return frozen


def _put_page(key, frozen, timeout):
    cache.set(key, frozen, timeout)
    _near_put(key, frozen, timeout)


# --- the decorator ----------------------------------------------------------------------------------------


def _may_serve(request):
    return (
        settings.PAGE_CACHE
        and request.method == "GET"
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and CookieStorage.cookie_name not in request.COOKIES
    )


def _key(request, name, namespaces, bucket, vary):
    parts = [
        request.scheme,
        request.get_host(),
        request.get_full_path(),
        translation.get_language() or "",
        *(request.headers.get(header, "") for header in _HTMX_HEADERS),
        str(vary(request)) if vary else "",
        *versions(namespaces),
    ]
    if bucket:
        parts.append(str(int(time.time() // bucket)))
    digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()[:32]
    return f"{_KEY_PREFIX}:page:{name}:{digest}"


def _may_store(request, response):
    if request.COOKIES or response.status_code != 200 or response.cookies:
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):  # a CSRF token went into the page
        return False
    session = getattr(request, "session", None)
    if session is not None and session.modified:
        return False
    messages = getattr(request, "_messages", None)
    if messages is not None and getattr(messages, "_queued_messages", None):
        return False
    cache_control = response.get("Cache-Control", "")
    return "private" not in cache_control and "no-store" not in cache_control


def _frozen(response, content):
    headers = [(name, value) for name, value in response.items() if name.lower() != "content-length"]
    return {"status": response.status_code, "headers": headers, "content": content}


def _thawed(frozen):
    response = HttpResponse(frozen["content"], status=frozen["status"])
    for name, value in frozen["headers"]:
        response[name] = value
    return response


def _store_streaming(request, response, key, timeout):
    """Pass a streamed response on as it is written and keep it if it was the same for everyone and not too big."""
    chunks = response.streaming_content

    def tee():
        kept, size = [], 0
        for chunk in chunks:
            if kept is not None:
                size += len(chunk)
                kept = kept if size <= _MAX_STORED_BYTES else None
                if kept is not None:
                    kept.append(chunk)
            yield chunk
        if kept is not None and _may_store(request, response):
            _put_page(key, _frozen(response, b"".join(kept)), timeout)

    response.streaming_content = tee()
    return response


def cache_for_visitors(name, namespaces=(CONTENT,), timeout=600, bucket=None, vary=None):
    """Serve the view's response from the shared cache to requests without a session. `name` keeps the views'
    keys apart, `namespaces` are the data the page shows, `timeout` (seconds) bounds how old a page can get by
    the clock alone, `bucket` (seconds) starts a new page at each multiple of it (a new day or slot begins on the
    hour), and `vary(request)` gives what else of the request the page shows (htmx's headers are always part of
    the key): the value the page derives, not a raw header, so that every visitor who sees the same page shares it."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not _may_serve(request):
                return view(request, *args, **kwargs)
            key = _key(request, name, namespaces, bucket, vary)
            frozen = _get_page(key, timeout)
            if frozen is not None:
                return _thawed(frozen)
            response = view(request, *args, **kwargs)
            if response.streaming:
                return _store_streaming(request, response, key, timeout)
            if getattr(response, "is_rendered", True) is False:
                response.add_post_render_callback(lambda rendered: _store(request, rendered, key, timeout))
            else:
                _store(request, response, key, timeout)
            return response

        return wrapper

    return decorator


def _store(request, response, key, timeout):
    if _may_store(request, response) and len(response.content) <= _MAX_STORED_BYTES:
        _put_page(key, _frozen(response, response.content), timeout)
