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


class OutgoingMailQuerySet(models.QuerySet):
    def due(self, now):
        return self.filter(sent_at__isnull=True, next_attempt_at__lte=now)

    def given_up(self):
        return self.filter(sent_at__isnull=True, next_attempt_at__isnull=True)


class OutgoingMail(models.Model):
    """An e-mail on its way out: stored by the request that sends it, delivered by the worker (portal.lib.mailqueue).

    Queued: next_attempt_at set, sent_at empty. Sent: sent_at set. Given up: neither, last_error says why."""

    from_email = models.CharField(_("sender"), max_length=500)
    recipients = models.JSONField(_("recipients"))
    message = models.BinaryField(_("message"))  # the whole MIME message as it goes over the wire
    created = models.DateTimeField(_("queued"), default=timezone.now)
    attempts = models.IntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True, db_index=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=300, blank=True)

    objects = OutgoingMailQuerySet.as_manager()

    class Meta:
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")
        ordering = ["-created"]
        constraints = [
            models.CheckConstraint(condition=Q(attempts__gte=0), name="portal_outgoingmail_attempts_not_negative"),
            models.CheckConstraint(
                condition=Q(sent_at__isnull=True) | Q(next_attempt_at__isnull=True),
                name="portal_outgoingmail_sent_is_not_due",
            ),
            models.CheckConstraint(
                condition=~Q(sent_at__isnull=True, next_attempt_at__isnull=True, last_error=""),
                name="portal_outgoingmail_given_up_says_why",
            ),
        ]

    def __str__(self):
        return f"{self.pk} ({self.created:%Y-%m-%d %H:%M})"
