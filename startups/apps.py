from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StartupsConfig(AppConfig):
    name = "startups"
    verbose_name = _("Registration")

    def ready(self):
        from portal.lib import pagecache

        pagecache.watch(self.get_models(include_auto_created=True))

        from allauth.account.signals import email_confirmed, user_logged_in

        from . import personal_data, receivers  # noqa: F401 - personal_data registers the export part

        email_confirmed.connect(receivers.publish_on_confirmation, dispatch_uid="startups.publish_on_confirmation")
        user_logged_in.connect(receivers.welcome_after_log_in, dispatch_uid="startups.welcome_after_log_in")
