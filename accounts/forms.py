from django import forms
from django.utils.translation import gettext_lazy as _

from . import personal_data
from .models import User


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["name"]


class AccountDeletionForm(forms.Form):
    """The questions every app asks before the account goes (e.g. what becomes of an organisation one owns
    alone), plus the confirmation. Built per person from the registry in accounts/personal_data.py."""

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.update(personal_data.deletion_fields(user))
        self.fields["confirm"] = forms.BooleanField(
            label=_("I understand that my account and my personal data will be deleted for good"),
        )

    def clean(self):
        cleaned_data = super().clean()
        # Answers for questions this form does not ask (an organisation that is not, or no longer, the person's
        # alone; a tampered request) mean the page is out of date: show the current questions, delete nothing.
        if self.is_bound and set(self.data) - set(self.fields) - {"csrfmiddlewaretoken"}:
            raise forms.ValidationError(
                _("The questions on this page have changed since you loaded it. Please check your choices again.")
            )
        return cleaned_data

    def choices(self):
        return {name: value for name, value in self.cleaned_data.items() if name != "confirm"}
