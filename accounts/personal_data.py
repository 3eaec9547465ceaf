"""A person's data across the portal: the export (GDPR Art. 15/20) and the account deletion (Art. 17).

accounts imports none of the domain apps. Each app registers its part here from its AppConfig.ready():

    register_export(func, description)   func(user) -> {section name: data}, merged into the export;
                                         description says on the "Your data" page what the sections hold.
    register_deletion(func, fields=..., notes=...)
                                         func(user, choices) runs inside the deletion's transaction, before the
                                         user row goes: it deletes or anonymises the app's records. It may raise
                                         ValidationError (the situation changed meanwhile): everything rolls back
                                         and the person sees the message.
                                         fields(user) -> {name: forms.Field}: questions asked first; `choices`
                                         holds the answers (cleaned_data by field name).
                                         notes(user) -> [str]: what happens to the app's data, shown beforehand.
"""

import json
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.usersessions.models import UserSession
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import ProtectedError, RestrictedError
from django.utils import timezone

from . import audit

_exports = []
_deletions = []


@dataclass(frozen=True)
class _Deletion:
    func: object
    fields: object = None
    notes: object = None


def register_export(func, description=""):
    _exports.append((func, description))
    return func


def register_deletion(func, *, fields=None, notes=None):
    _deletions.append(_Deletion(func, fields, notes))
    return func


# --- export -----------------------------------------------------------------------------------------------


def export(user):
    """Everything the portal stores about the person, as one JSON-serialisable dict. Never a secret."""
    data = {"generated": timezone.now(), "account": _account(user)}
    for func, _description in _exports:
        for name, section in func(user).items():
            if name in data:
                raise ValueError(f"Two parts of the personal data export use the section name {name!r}.")
            data[name] = section
    # Sections may hold datetimes, dates or lazy translations: one round trip makes the whole dict plain JSON.
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))


def export_descriptions():
    return [description for _func, description in _exports if description]


def _account(user):
    # Deliberately no password hash, TOTP secret or recovery codes: only whether two-factor log-in is on.
    return {
        "email": user.email,
        "name": user.name,
        "language": user.language,
        "email_addresses": [
            {"email": address.email, "verified": address.verified, "primary": address.primary}
            for address in EmailAddress.objects.filter(user=user).order_by("-primary", "email")
        ],
        "date_joined": user.date_joined,
        "last_login": user.last_login,
        "two_factor_enabled": Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists(),
        # Where the person is logged in; never the session key, which would let the file's reader log in.
        "sessions": [
            {"started": session.created_at, "ip_address": session.ip, "browser": session.user_agent}
            for session in UserSession.objects.filter(user=user).order_by("created_at")
        ],
    }


# --- deletion ---------------------------------------------------------------------------------------------


def deletion_fields(user):
    fields = {}
    for deletion in _deletions:
        if deletion.fields:
            fields.update(deletion.fields(user))
    return fields


def deletion_notes(user):
    return [note for deletion in _deletions if deletion.notes for note in deletion.notes(user)]


def delete_account(user, choices):
    """Run every app's deletion, then remove the person, all in one transaction."""
    with transaction.atomic():
        for deletion in _deletions:
            deletion.func(user, choices)
        audit.anonymise(user)
        _remove(user)


def _remove(user):
    """Delete the row. Should a record that must be kept (a later app's PROTECT) hold on to it, the row stays
    as an empty shell instead: no address, no name, no way to log in — the data about the person is gone."""
    try:
        with transaction.atomic():
            user.delete()
    except (ProtectedError, RestrictedError):
        _anonymise(user)


def _anonymise(user):
    EmailAddress.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
    user.groups.clear()
    user.user_permissions.clear()
    user.email = f"deleted-{user.pk}@deleted.invalid"
    user.name = ""
    user.set_unusable_password()
    user.is_active = user.is_staff = user.is_superuser = False
    user.save()
