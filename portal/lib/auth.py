"""The signed-in user of each request, read from the shared cache instead of the database.

Every request of a signed-in member looks its user up by the id in the session. These backends keep the user in the
shared cache under the version of the `accounts` namespace, which any write to the user table renews
(portal/lib/pagecache.py): a new password, a deactivated or deleted account is seen by the very next request, and
so is the session hash Django checks against the password. Without PAGE_CACHE they read the database every time.
Logging in is unchanged: Django's and allauth's own code.
"""

from allauth.account.auth_backends import AuthenticationBackend
from django.contrib.auth.backends import ModelBackend

from . import pagecache


class _CachedUser:
    def get_user(self, user_id):
        return pagecache.cached(
            "user", (user_id,), lambda: super(_CachedUser, self).get_user(user_id), [pagecache.ACCOUNTS]
        )


class CachedModelBackend(_CachedUser, ModelBackend):
    pass


class CachedAuthenticationBackend(_CachedUser, AuthenticationBackend):
    pass
