from functools import lru_cache

from django.conf import settings
from django.urls import translate_url
from django.utils import translation
from django.utils.functional import SimpleLazyObject


def site(request):
    return {
        "operator": settings.OPERATOR,
        "operator_is_placeholder": settings.OPERATOR_IS_PLACEHOLDER,
        "language_links": SimpleLazyObject(lambda: language_links(request)),
    }


def language_links(request):
    """The current page in every language; the URL prefix (/en/…) carries the choice, so it persists."""
    path = request.get_full_path()
    current = translation.get_language()
    return [
        {
            "code": code,
            "name": translation.get_language_info(code)["name_local"],
            "url": _translated(path, current, code),
            "current": code == current,
        }
        for code, _name in settings.LANGUAGES
    ]


@lru_cache(maxsize=4096)
def _translated(path, current, code):
    """translate_url resolves the path and reverses it in the other language: a millisecond on every page. The
    URL patterns do not change while the process runs, so the answer for a path is kept (read in `current`, the
    language its patterns are resolved in)."""
    with translation.override(current):
        return translate_url(path, code)
