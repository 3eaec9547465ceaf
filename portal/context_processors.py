from django.conf import settings
from django.urls import translate_url
from django.utils import translation


def site(request):
    return {
        "operator": settings.OPERATOR,
        "operator_is_placeholder": settings.OPERATOR_IS_PLACEHOLDER,
        "language_links": language_links(request),
    }


def language_links(request):
    """The current page in every language; the URL prefix (/en/…) carries the choice, so it persists."""
    path = request.get_full_path()
    current = translation.get_language()
    return [
        {
            "code": code,
            "name": translation.get_language_info(code)["name_local"],
            "url": translate_url(path, code),
            "current": code == current,
        }
        for code, _name in settings.LANGUAGES
    ]
