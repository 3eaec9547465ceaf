from allauth.account.models import EmailAddress

from portal.lib.demo import register

from .models import User

DEMO_PASSWORD = "brueckenschlag-demo"  # noqa: S105 - printed on purpose, for the local demo only


def demo_user(email, name, **extra):
    """Create (or reset) a demo person with a verified address, so that the demo log-in works at once."""
    user, _created = User.objects.update_or_create(email=email, defaults={"name": name, **extra})
    user.set_password(DEMO_PASSWORD)
    user.save()
    EmailAddress.objects.update_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
    return user


@register
def people():
    demo_user("mitglied@demo.brueckenschlag.example", "Mia Mitglied")
    demo_user("admin@demo.brueckenschlag.example", "Ada Admin", is_staff=True, is_superuser=True)
    return [
        f"Member:        mitglied@demo.brueckenschlag.example / {DEMO_PASSWORD}",
        f"Administrator: admin@demo.brueckenschlag.example / {DEMO_PASSWORD} (admin at /admin/)",
    ]
