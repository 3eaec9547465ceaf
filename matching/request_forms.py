"""The forms of the contact requests: sending one, answering it, and an organisation's monthly cap."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

MESSAGE_MAX = 2000
PHONE_MAX = 40
PHONE_PATTERN = re.compile(r"^[0-9 +/()\-]+$")


def clean_phone(value):
    value = " ".join(value.split())
    if value and (not PHONE_PATTERN.match(value) or not any(char.isdigit() for char in value)):
        raise forms.ValidationError(
            _("Please enter a phone number with digits, spaces and + / - ( ) only, for example +49 2931 123456.")
        )
    return value


def phone_field(help_text):
    return forms.CharField(
        label=_("Phone (optional)"),
        required=False,
        max_length=PHONE_MAX,
        help_text=help_text,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
        error_messages={
            "max_length": _("Please enter at most %(limit_value)d characters (you entered %(show_value)d).")
        },
    )


def message_field(label, required, help_text):
    return forms.CharField(
        label=label,
        required=required,
        max_length=MESSAGE_MAX,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={
            "required": _("Please write a short message."),
            "max_length": _("Please shorten the text to %(limit_value)d characters (it has %(show_value)d)."),
        },
    )


class ContactRequestForm(forms.Form):
    """From which of the member's organisations, concerning which of its current entries, the message and a phone
    number. The choices are the member's own organisations and entries; anything else is an invalid choice."""

    sender_organisation = forms.TypedChoiceField(
        label=_("From"),
        coerce=int,
        error_messages={
            "required": _("Please choose the organisation you are writing for."),
            "invalid_choice": _("Please choose one of your organisations."),
        },
    )
    sender_entry = forms.TypedChoiceField(
        label=_("Concerning our need or offer (optional)"),
        coerce=int,
        required=False,
        empty_value=None,
        help_text=_("If you choose one, the other side sees that it is your organisation’s."),
        error_messages={"invalid_choice": _("Please choose one of your organisations’ current needs or offers.")},
    )
    message = message_field(
        _("Your message"),
        True,
        _(
            "In a few sentences: what you have in mind and why your organisation could be a good partner. The other "
            "side sees your organisation and this message; your name and e-mail address only if they accept. At "
            "most 2,000 characters."
        ),
    )
    phone = phone_field(_("Shown to the other side only if they accept your request."))

    def __init__(self, *args, organisations, entries, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisations = {organisation.pk: organisation for organisation in organisations}
        self.entries = {entry.pk: entry for entry in entries}
        field = self.fields["sender_organisation"]
        field.choices = [(organisation.pk, organisation.name) for organisation in organisations]
        if len(organisations) == 1:
            field.widget = forms.HiddenInput()
            self.initial.setdefault("sender_organisation", organisations[0].pk)
        self.fields["sender_entry"].choices = [("", _("None in particular")), *self._entry_choices(organisations)]

    def _entry_choices(self, organisations):
        by_organisation = {}
        for entry in self.entries.values():
            label = f"{entry.title} ({entry.get_side_display()})"
            by_organisation.setdefault(entry.organisation_id, []).append((entry.pk, label))
        if len(organisations) == 1:
            return by_organisation.get(organisations[0].pk, [])
        return [
            (organisation.name, by_organisation[organisation.pk])
            for organisation in organisations
            if organisation.pk in by_organisation
        ]

    @property
    def single_organisation(self):
        return next(iter(self.organisations.values())) if len(self.organisations) == 1 else None

    def clean_sender_organisation(self):
        return self.organisations[self.cleaned_data["sender_organisation"]]

    def clean_sender_entry(self):
        pk = self.cleaned_data["sender_entry"]
        return None if pk is None else self.entries[pk]

    def clean_phone(self):
        return clean_phone(self.cleaned_data["phone"])

    def clean(self):
        data = super().clean()
        organisation, entry = data.get("sender_organisation"), data.get("sender_entry")
        if organisation and entry and entry.organisation_id != organisation.pk:
            self.add_error(
                "sender_entry",
                _(
                    "This entry belongs to another of your organisations. Please choose one of %(organisation)s, "
                    "or none."
                )
                % {"organisation": organisation.name},
            )
        return data


class AnswerForm(forms.Form):
    """Accept or decline (the button pressed), with an optional reply and, when accepting, a phone number."""

    ACTIONS = {"accept", "decline"}

    reply = message_field(
        _("Your reply (optional)"),
        False,
        _("The sender reads it in either case. At most 2,000 characters."),
    )
    phone = phone_field(_("Only when you accept: shown to the other side together with your name and e-mail address."))

    def __init__(self, *args, accepting=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.accepting = accepting

    def clean_phone(self):
        # A declined request shares nothing, so a phone number typed before declining is neither checked nor kept.
        return clean_phone(self.cleaned_data["phone"]) if self.accepting else ""


class RequestSettingsForm(forms.Form):
    monthly_cap = forms.IntegerField(
        label=_("New contact requests per month (optional)"),
        required=False,
        min_value=1,
        max_value=1000,
        help_text=_(
            "Leave empty to accept any number. Once the number is reached in a calendar month, further requests are "
            "refused politely and the senders are told from when they can try again."
        ),
        error_messages={
            "invalid": _("Please enter a whole number, or leave the field empty."),
            "min_value": _("Please enter at least 1, or leave the field empty for no limit."),
            "max_value": _("Please enter at most %(limit_value)s, or leave the field empty for no limit."),
        },
    )
