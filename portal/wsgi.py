import os

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application


def refuse_insecure_start():
    """The portal does not serve with DEBUG off and the development (or a short) SECRET_KEY.

    gunicorn and runserver both load this module; management commands (migrate, makemigrations) do not need
    a production key and run without one."""
    key = settings.SECRET_KEY
    if not settings.DEBUG and (key == settings.DEVELOPMENT_SECRET_KEY or len(key) < 40):
        raise ImproperlyConfigured(
            "DEBUG is off but SECRET_KEY is unset, the development key or shorter than 40 characters. "
            "Set SECRET_KEY to a long random value (python3 -c 'import secrets; print(secrets.token_urlsafe(50))')."
        )


os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
application = get_wsgi_application()
refuse_insecure_start()
