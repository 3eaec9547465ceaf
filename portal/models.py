from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Feedback(models.Model):
    """A message sent through the barrier report or the contact form: stored first, then mailed."""

    class Kind(models.TextChoices):
        BARRIER = "barrier", _("Accessibility barrier")
        CONTACT = "contact", _("Contact enquiry")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind)
    name = models.CharField(_("name"), max_length=150, blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    page = models.CharField(_("page"), max_length=500, blank=True)
    message = models.TextField(_("message"), max_length=5000)
    language = models.CharField(_("language"), max_length=8, blank=True)
    created = models.DateTimeField(_("received"), default=timezone.now, db_index=True)
    handled = models.BooleanField(_("handled"), default=False)

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        ordering = ["-created"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=["barrier", "contact"]), name="portal_feedback_valid_kind"),
            models.CheckConstraint(condition=~Q(message=""), name="portal_feedback_message_not_empty"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.created:%Y-%m-%d %H:%M})"
