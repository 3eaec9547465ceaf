from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Feedback


class FeedbackForm(forms.ModelForm):
    class Meta:
        model = Feedback
        fields = ["message", "page", "name", "email"]
        labels = {
            "message": _("Your message"),
            "page": _("Which page is it about? (optional)"),
            "name": _("Your name (optional)"),
            "email": _("Your e-mail address (optional, if you would like an answer)"),
        }
        widgets = {
            "message": forms.Textarea(attrs={"rows": 6}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
        }

    def __init__(self, *args, kind, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.kind = kind
        if kind == Feedback.Kind.CONTACT:
            del self.fields["page"]
            self.fields["email"].required = True
            self.fields["email"].label = _("Your e-mail address, so that we can answer")

    def clean_message(self):
        message = self.cleaned_data["message"].strip()
        if not message:
            raise forms.ValidationError(_("Please describe your concern."))
        return message
