from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP

from portal.lib.demo import register

from .models import User

DEMO_PASSWORD = "brueckenschlag-demo"  # noqa: S105 - printed on purpose, for the local demo only
# Staff must log in with a second factor. The demo's secret is public: add it to any authenticator app.
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # noqa: S105 - the demo's TOTP secret is public on purpose, local demo only


def demo_user(email, name, **extra):
    """Create (or reset) a demo person with a verified address, so that the demo log-in works at once."""
    user, _created = User.objects.update_or_create(email=email, defaults={"name": name, **extra})
    user.set_password(DEMO_PASSWORD)
    user.save()
    EmailAddress.objects.update_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
    return user


def with_demo_totp(user):
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, DEMO_TOTP_SECRET)
    return user


@register
def people():
    demo_user("mitglied@demo.brueckenschlag.example", "Mia Mitglied")
    with_demo_totp(demo_user("admin@demo.brueckenschlag.example", "Ada Admin", is_staff=True, is_superuser=True))
    return [
        f"Member:        mitglied@demo.brueckenschlag.example / {DEMO_PASSWORD}",
        f"Administrator: admin@demo.brueckenschlag.example / {DEMO_PASSWORD} (admin at /admin/)",
        f"Staff log in with a second factor: add the secret {DEMO_TOTP_SECRET} to an authenticator app.",
    ]
