"""The organisations' part of a person's data export and account deletion (registered with accounts)."""

from functools import partial

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.db.models.fields.files import FieldFile
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import audit, personal_data
from portal.lib.images import delete_image

from .models import Invitation, Membership, Organisation, Report, Role

DELETE = "delete"
HAND_OVER = "hand-over-"
_HELP = gettext_lazy(
    "You are the only owner. Delete the organisation, or hand it over to a member, who then becomes its owner."
)
_HELP_ALONE = gettext_lazy("You are its only member, so it can only be deleted with your account.")


def solely_owned(user):
    """Organisations the person owns with no other owner: they decide what becomes of them."""
    other_owner = Membership.objects.filter(organisation=OuterRef("pk"), role=Role.OWNER).exclude(user=user)
    return Organisation.objects.filter(memberships__user=user, memberships__role=Role.OWNER).exclude(
        Exists(other_owner)
    )


# --- export -----------------------------------------------------------------------------------------------


def export(user):
    memberships = Membership.objects.filter(user=user).select_related("organisation")
    owned = Organisation.objects.filter(memberships__user=user, memberships__role=Role.OWNER).prefetch_related(
        "industries", "topics", "departments", "tagged_items__tag"
    )
    return {
        "memberships": [
            {
                "organisation": membership.organisation.name,
                "slug": membership.organisation.slug,
                "role": membership.role,
                "since": membership.created,
            }
            for membership in memberships
        ],
        "organisations_owned": [_profile(organisation) for organisation in owned.select_related("municipality")],
        "invitations_sent": [
            {
                "organisation": invitation.organisation.name,
                "email": invitation.email,
                "role": invitation.role,
                "sent": invitation.created,
                "accepted": invitation.accepted_at,
            }
            for invitation in Invitation.objects.filter(invited_by=user).select_related("organisation")
        ],
        "reports_filed": [
            {
                "organisation": report.organisation.name,
                "reason": report.reason,
                "message": report.message,
                "received": report.created,
                "handled": report.handled_at,
            }
            for report in Report.objects.filter(reporter=user).select_related("organisation")
        ],
    }


def _profile(organisation):
    """Every field of the profile, so that fields added later are exported without touching this."""
    profile = {}
    for field in Organisation._meta.concrete_fields:
        value = getattr(organisation, field.name)
        if isinstance(value, FieldFile):
            value = value.name or ""
        elif field.is_relation:
            value = str(value) if value is not None else None
        profile[field.name] = value
    profile["industries"] = [f"{industry.code} {industry.name}" for industry in organisation.industries.all()]
    profile["topics"] = [topic.slug for topic in organisation.topics.all()]
    profile["keywords"] = sorted(item.tag.name for item in organisation.tagged_items.all())
    profile["departments"] = [
        {"name": department.name, "competences": department.competences, "url": department.url}
        for department in organisation.departments.all()
    ]
    return profile


# --- deletion ---------------------------------------------------------------------------------------------


def _field_name(organisation):
    return f"organisation_{organisation.pk}"


def deletion_fields(user):
    fields = {}
    for organisation in solely_owned(user).order_by("name"):
        choices = [(DELETE, _("Delete the organisation and its profile"))]
        for membership in _other_members(organisation, user):
            choices.append(
                (f"{HAND_OVER}{membership.user_id}", _("Hand it over to %(person)s") % {"person": membership.user})
            )
        fields[_field_name(organisation)] = forms.ChoiceField(
            label=organisation.name,
            choices=choices,
            widget=forms.RadioSelect,
            help_text=_HELP if len(choices) > 1 else _HELP_ALONE,
        )
    return fields


def _other_members(organisation, user):
    return organisation.memberships.exclude(user=user).select_related("user").order_by("created")


def deletion_notes(user):
    notes = []
    co_owned = Organisation.objects.filter(memberships__user=user).exclude(pk__in=solely_owned(user))
    if names := ", ".join(co_owned.values_list("name", flat=True)):
        notes.append(_("Your membership ends in: %(names)s. These organisations stay as they are.") % {"names": names})
    notes.append(_("Invitations you sent and profiles you reported stay, without your name."))
    return notes


def delete_account_part(user, choices):
    # Lock every organisation of the person (as the last-owner guard in services.py does), then read again who
    # owns what: a co-owner leaving meanwhile must neither strand an organisation without owner nor go unasked.
    list(Organisation.objects.filter(memberships__user=user).select_for_update(of=("self",)).order_by("pk"))
    for organisation in solely_owned(user).order_by("pk"):
        choice = choices.get(_field_name(organisation), "")
        if choice == DELETE:
            logo = organisation.logo.name
            audit.record(audit.Kind.DELETED, actor=user, target=organisation, reason="account deleted")
            organisation.delete()
            transaction.on_commit(partial(delete_image, logo))
        elif not (choice.startswith(HAND_OVER) and _hand_over(organisation, user, choice.removeprefix(HAND_OVER))):
            raise ValidationError(
                _("Please choose again what becomes of %(organisation)s.") % {"organisation": organisation.name}
            )
    Membership.objects.filter(user=user).delete()
    Invitation.objects.filter(invited_by=user).update(invited_by=None)
    Report.objects.filter(reporter=user).update(reporter=None)


def _hand_over(organisation, user, member_id):
    """Make another member the owner; False when that person is no (longer a) member."""
    if not member_id.isdigit():
        return False
    return bool(organisation.memberships.exclude(user=user).filter(user_id=int(member_id)).update(role=Role.OWNER))


personal_data.register_export(
    export,
    gettext_lazy(
        "Your memberships, the full profiles of the organisations you own, the invitations you sent "
        "and the profiles you reported."
    ),
)
personal_data.register_deletion(delete_account_part, fields=deletion_fields, notes=deletion_notes)
