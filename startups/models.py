"""The founders' registration journey: what each completed journey created, and for whom."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from companies.models import Organisation, Status


class Registration(models.Model):
    """One completed registration journey.

    `token` is the journey's idempotency key (a hidden field of its last step): a second submission with the same
    token finds this row and leads to the organisation already created instead of creating another.
    `awaiting_verification`: the owner's e-mail address was not verified yet; confirming it publishes the profile.
    """

    token = models.CharField(max_length=64, unique=True)
    organisation = models.OneToOneField(Organisation, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    awaiting_verification = models.BooleanField(_("awaiting e-mail verification"), default=False)
    created = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["-created"]

    def __str__(self):
        return str(self.organisation)

    def publish(self):
        """Publish the organisation now that its owner is verified, unless a curator hid it meanwhile."""
        if self.organisation.status == Status.DRAFT:
            self.organisation.publish()
        self.awaiting_verification = False
        self.save(update_fields=["awaiting_verification"])
