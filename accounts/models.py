from django.conf import settings
from django.contrib.auth.base_user import BaseUserManager
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
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
