"""The audit log: security-relevant events (failed log-ins, rights, hidden profiles, deletions, stage changes).

    record(Kind.STAGE_CHANGED, actor=user, target=project, request=request, from_stage="idea", to_stage="star1")

writes one AuditEvent where the event happens; feature apps import this module, accounts imports none of them.
Never pass a secret: the details are scrubbed anyway of every key that sounds like one, at any depth. Curators
read the log in the admin (accounts/admin.py); events older than AUDIT_LOG_KEEP_DAYS go with purge().
"""

import hashlib
import hmac
import ipaddress
import json
import re
from datetime import timedelta

from allauth.account.adapter import get_adapter
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from .models import AuditEvent

Kind = AuditEvent.Kind

SECRET_KEYS = re.compile(r"password|token|secret|key|code|session", re.IGNORECASE)


def record(kind, *, actor=None, target=None, request=None, **details):
    """Write one event. `actor` defaults to the request's user; `target` is a model instance (or None)."""
    event = build(kind, actor=actor, target=target, request=request, **details)
    event.save()
    return event


def build(kind, *, actor=None, target=None, request=None, **details):
    """The unsaved event, for bulk_create()."""
    if actor is None and request is not None and getattr(request, "user", None) and request.user.is_authenticated:
        actor = request.user
    event = AuditEvent(kind=kind, ip=network(request), details=scrub(details))
    if actor is not None and actor.pk is not None:
        event.actor, event.actor_label = actor, label(actor)
    if target is not None:
        event.target_type = target._meta.label_lower
        event.target_id = str(target.pk or "")
        event.target_label = label(target)
    return event


def label(obj):
    """How the log names a person (their address: who acted matters) or an object (its name)."""
    text = obj.email if obj._meta.label_lower == settings.AUTH_USER_MODEL.lower() else str(obj)
    return text[:200]


def scrub(details):
    """The details as plain JSON without any key that could hold a secret (password, token, code, ...)."""
    plain = json.loads(json.dumps(details, cls=DjangoJSONEncoder, default=str))
    return _without_secrets(plain)


def _without_secrets(value):
    if isinstance(value, dict):
        return {key: _without_secrets(item) for key, item in value.items() if not SECRET_KEYS.search(str(key))}
    if isinstance(value, list):
        return [_without_secrets(item) for item in value]
    return value


def network(request):
    """The client's network, not its address (IPv4 /24, IPv6 /48): a pattern of attacks shows, a person doesn't."""
    if request is None:
        return None
    try:
        address = ipaddress.ip_address(get_adapter(request).get_client_ip(request))
    except (PermissionDenied, ValueError, TypeError):
        return None
    prefix = 24 if address.version == 4 else 48
    return str(ipaddress.ip_network(f"{address}/{prefix}", strict=False).network_address)


def login_fingerprint(text):
    """A short keyed hash of what was typed as the login of a failed log-in to no known account.

    People type their password into the e-mail field, so the text itself is never stored; the hash (keyed with
    SECRET_KEY, so it cannot be looked up in a table of common passwords) still shows repeated attempts."""
    digest = hmac.new(settings.SECRET_KEY.encode(), text.strip().lower().encode(), hashlib.sha256).hexdigest()
    return digest[:12]


def anonymise(user):
    """The labels that name `user` become "deleted account #id" (account deletion, GDPR Art. 17); the events stay."""
    name = f"deleted account #{user.pk}"
    AuditEvent.objects.filter(actor_id=user.pk).update(actor_label=name)
    AuditEvent.objects.filter(target_type=user._meta.label_lower, target_id=str(user.pk)).update(target_label=name)


def purge(now=None):
    """Delete the events older than AUDIT_LOG_KEEP_DAYS; returns how many went."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.AUDIT_LOG_KEEP_DAYS)
    deleted, _per_model = AuditEvent.objects.filter(created__lt=cutoff).delete()
    return deleted


class AuditedDeletions:
    """A ModelAdmin mixin: each deletion in the admin (one object or the bulk action) is an audit event."""

    def log_deletions(self, request, queryset):
        AuditEvent.objects.bulk_create([build(Kind.DELETED, target=obj, request=request) for obj in queryset])
        return super().log_deletions(request, queryset)


# --- the account's own events, from Django's and allauth's signals (connected in AccountsConfig.ready) ----------


def connect():
    from allauth.account import signals as account_signals
    from allauth.mfa import signals as mfa_signals
    from django.contrib.auth import signals as auth_signals

    receivers = {
        "login_failed": (auth_signals.user_login_failed, _login_failed),
        "second_factor_failed": (mfa_signals.authentication_failed, _second_factor_failed),
        "logged_in": (account_signals.user_logged_in, _logged_in),
        "logged_out": (auth_signals.user_logged_out, _logged_out),
        "password_changed": (account_signals.password_changed, _password_event("changed")),
        "password_set": (account_signals.password_set, _password_event("set")),
        "password_reset": (account_signals.password_reset, _password_event("reset")),
        "email_changed": (account_signals.email_changed, _email_changed),
        "authenticator_added": (mfa_signals.authenticator_added, _two_factor_event("added")),
        "authenticator_removed": (mfa_signals.authenticator_removed, _two_factor_event("removed")),
        "authenticator_reset": (mfa_signals.authenticator_reset, _two_factor_event("renewed")),
    }
    for name, (signal, receiver) in receivers.items():
        signal.connect(receiver, weak=False, dispatch_uid=f"accounts.audit.{name}")


def _login_failed(sender, credentials, request=None, **kwargs):
    # Only the login name is read (Django has blanked the password already); it names the attacked account if
    # there is one, and is otherwise kept only as a fingerprint: it may be a password typed into the wrong field.
    from django.contrib.auth import get_user_model

    typed = str(credentials.get("email") or credentials.get("username") or credentials.get("login") or "").strip()
    user = get_user_model().objects.filter(email__iexact=typed).first() if typed else None
    details = {"known_account": user is not None}
    if user is None and typed:
        details["login_fingerprint"] = login_fingerprint(typed)
    record(Kind.LOGIN_FAILED, target=user, request=request, **details)


def _second_factor_failed(sender, request, user, **kwargs):
    record(Kind.LOGIN_FAILED, actor=None, target=user, request=request, known_account=True, step="two_factor")


def _logged_in(sender, request, user, **kwargs):
    record(Kind.LOGGED_IN, actor=user, target=user, request=request)


def _logged_out(sender, request, user, **kwargs):
    if user is not None and user.pk is not None:  # after an account deletion the person is gone: nothing to log
        record(Kind.LOGGED_OUT, actor=user, target=user, request=request)


def _password_event(how):
    def receiver(sender, request, user, **kwargs):
        from . import sessions

        record(Kind.PASSWORD_CHANGED, actor=user, target=user, request=request, how=how)
        sessions.end_other_sessions(request, user)

    return receiver


def _email_changed(sender, request, user, **kwargs):
    record(Kind.EMAIL_CHANGED, actor=user, target=user, request=request)


def _two_factor_event(change):
    def receiver(sender, request, user, authenticator, **kwargs):
        record(
            Kind.TWO_FACTOR_CHANGED, actor=user, target=user, request=request, change=change, type=authenticator.type
        )

    return receiver
