from django.conf import settings
from django.contrib.auth.base_user import BaseUserManager
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields["is_staff"] = True
        extra_fields["is_superuser"] = True
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A person. Logs in with the e-mail address; nothing of it is public unless the person chooses so."""

    username = None
    first_name = None
    last_name = None
    name = models.CharField(_("name"), max_length=150, blank=True)
    email = models.EmailField(_("e-mail address"), unique=True)
    # The language the person last used the portal in (set when they sign in and when they write to someone), so
    # that e-mails others cause (a contact request, its answer) reach them in it; empty: the site's first language.
    language = models.CharField(_("language"), max_length=8, blank=True, choices=settings.LANGUAGES)

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="accounts_user_email_case_insensitive_unique"),
        ]

    def __str__(self):
        return self.name or self.email

    def get_absolute_url(self):
        return reverse("accounts:overview")

    def get_full_name(self):
        return self.name

    def get_short_name(self):
        return self.name or self.email

    def remember_language(self, language):
        """Keep the language the person is using now, if it is one of the site's (one UPDATE, only on change)."""
        if language in dict(settings.LANGUAGES) and language != self.language:
            self.language = language
            type(self).objects.filter(pk=self.pk).update(language=language)

    @property
    def mail_language(self):
        """The language e-mails to this person are written in."""
        return self.language or settings.LANGUAGE_CODE


class AuditKind(models.TextChoices):
    LOGIN_FAILED = "login_failed", _("Failed log-in")
    LOGGED_IN = "logged_in", _("Logged in")
    LOGGED_OUT = "logged_out", _("Logged out")
    PASSWORD_CHANGED = "password_changed", _("Password changed")
    EMAIL_CHANGED = "email_changed", _("E-mail address changed")
    SESSIONS_ENDED = "sessions_ended", _("Sessions ended")
    TWO_FACTOR_CHANGED = "two_factor_changed", _("Two-factor authentication changed")
    PERMISSIONS_CHANGED = "permissions_changed", _("User rights changed")
    MEMBER_ROLE_CHANGED = "member_role_changed", _("Member's role changed")
    MEMBER_REMOVED = "member_removed", _("Member removed")
    PROFILE_HIDDEN = "profile_hidden", _("Profile hidden")
    PROFILE_SHOWN = "profile_shown", _("Profile shown again")
    STAGE_CHANGED = "stage_changed", _("Project stage changed")
    DELETED = "deleted", _("Deleted")
    ACCOUNT_DELETED = "account_deleted", _("Account deleted")


class AuditEvent(models.Model):
    """One security-relevant event, for curators to read (accounts/audit.py writes them; never a secret).

    Actor and target are kept as labels too: the log must still say who did what to which after either is gone.
    """

    Kind = AuditKind

    created = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_label = models.CharField(_("who"), max_length=200, blank=True)
    kind = models.CharField(_("event"), max_length=32, choices=AuditKind)
    target_type = models.CharField(_("type of object"), max_length=100, blank=True)
    target_id = models.CharField(_("object ID"), max_length=64, blank=True)
    target_label = models.CharField(_("object"), max_length=200, blank=True)
    # Shortened to the network (IPv4 /24, IPv6 /48): enough to see an attack come from one place, not a person.
    ip = models.GenericIPAddressField(_("network"), null=True, blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit log")
        ordering = ["-created", "-pk"]
        indexes = [models.Index(fields=["target_type", "target_id"], name="accounts_audit_target_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=AuditKind.values), name="accounts_auditevent_valid_kind"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.target_label or self.actor_label}"
