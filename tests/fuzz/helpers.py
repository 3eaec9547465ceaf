"""One hostile request and what its answer must satisfy."""

import json
from contextlib import contextmanager

from django.apps import apps
from django.db import models, transaction
from django.utils.datastructures import MultiValueDict
from hypothesis import currently_in_test_context, event

from .strategies import MULTIPART, UNESCAPED, multipart, urlencoded

PROJECT_APPS = {"accounts", "companies", "startups", "coworking", "matching", "regionale", "portal"}


def assert_safe_page(response, what=""):
    """No server error, and no injected markup in an HTML answer."""
    assert response.status_code < 500, f"{what} answered {response.status_code}"
    if "html" in response.get("Content-Type", ""):
        content = response.content
        for marker in UNESCAPED:
            assert marker not in content, f"{what}: {marker!r} rendered unescaped"


def post(client, url, pairs, files=None, encoding="form"):
    """POST the pairs as a hand-made body: urlencoded ("form"), or multipart when files are given or asked for;
    "json", "text" and "no-boundary" send a body of the wrong or a broken content type."""
    if files is not None or encoding == "multipart":
        response = client.post(url, multipart(pairs, files or ()), content_type=MULTIPART)
    elif encoding == "no-boundary":
        response = client.post(url, multipart(pairs), content_type="multipart/form-data")
    elif encoding in ("json", "text"):
        body = json.dumps([[name, str(value)] for name, value in pairs]).encode("utf-8", "surrogatepass")
        response = client.post(url, body, content_type="application/json" if encoding == "json" else "text/plain")
    else:
        response = client.post(url, urlencoded(pairs), content_type="application/x-www-form-urlencoded")
    assert_safe_page(response, f"POST {url}")
    if currently_in_test_context():
        event(f"status {response.status_code}")  # pytest --hypothesis-show-statistics: how many were accepted
    return response


def get(client, url, query_string=""):
    response = client.get(f"{url}?{query_string}" if query_string else url)
    assert_safe_page(response, f"GET {url}?{query_string[:300]}")
    return response


def follow(client, response):
    """After a successful POST: the page it leads to shows the stored data, escaped."""
    if response.status_code in (301, 302, 303) and response["Location"].startswith("/"):
        assert_safe_page(client.get(response["Location"]), f"GET {response['Location']}")


def is_success(response):
    return response.status_code in (301, 302, 303)


def bad_characters(value):
    return isinstance(value, str) and ("\x00" in value or any("\ud800" <= char <= "\udfff" for char in value))


def assert_clean(instance):
    """The stored row passes the model's own validation and its text holds no NUL or unpaired surrogate."""
    instance.refresh_from_db()
    for field in instance._meta.concrete_fields:
        value = getattr(instance, field.attname)
        assert not bad_characters(value), f"{type(instance).__name__}.{field.name} = {value!r}"
    instance.full_clean(validate_unique=False, validate_constraints=False)


def assert_still_valid(form_class, instance, **kwargs):
    """What was stored, shown in the form again and sent back unchanged, is accepted by the form."""
    instance.refresh_from_db()
    shown = form_class(instance=instance, **kwargs)
    data = MultiValueDict()
    for bound in shown:
        value = bound.value()
        if value is None:
            continue
        data.setlist(bound.html_name, [str(item) for item in value] if isinstance(value, list | tuple) else [value])
    again = form_class(data, instance=instance, **kwargs)
    assert again.is_valid(), f"{form_class.__name__} refuses what it stored: {again.errors.as_data()}"


def assert_no_bad_text_stored():
    """No text column of the portal's tables holds a NUL or an unpaired surrogate (checked once per test)."""
    for model in apps.get_models():
        if model._meta.app_label not in PROJECT_APPS:
            continue
        names = [f.attname for f in model._meta.concrete_fields if isinstance(f, models.CharField | models.TextField)]
        if not names:
            continue
        for row in model._default_manager.values_list("pk", *names).iterator():
            bad = [name for name, value in zip(names, row[1:], strict=True) if bad_characters(value)]
            assert not bad, f"{model.__name__} {row[0]}: {bad} hold NUL or surrogates"


@contextmanager
def rolled_back():
    """One example's changes are undone afterwards, so that the next example starts from the same rows (where the
    strategy is built from them) and cannot fail for what an earlier one stored."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)
