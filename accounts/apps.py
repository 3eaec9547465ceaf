from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

# Curators read the audit log; nobody changes it (accounts/admin.py).
CURATOR_PERMISSIONS = ["accounts.view_auditevent"]


def grant_curator_permissions(**kwargs):
    from portal.lib import curators

    curators.grant(CURATOR_PERMISSIONS)


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from allauth.account.signals import user_logged_in

        from portal.lib import pagecache

        from . import audit
        from .models import User

        # Names can appear on public pages; a log-in (last_login) or a remembered language shows nowhere. The
        # users kept for the sessions (portal.lib.auth) are out of date on any change.
        pagecache.watch([User], ignore_columns={"last_login", "language"})
        pagecache.watch([User], namespaces=[pagecache.ACCOUNTS])

        def remember_language(request, user, **kwargs):
            user.remember_language(getattr(request, "LANGUAGE_CODE", ""))

        user_logged_in.connect(remember_language, weak=False, dispatch_uid="accounts.remember_language")
        audit.connect()
        post_migrate.connect(grant_curator_permissions, sender=self)
