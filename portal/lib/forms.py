from django import forms
from django.core.exceptions import ValidationError
from django.forms.renderers import TemplatesSetting


class FormRenderer(TemplatesSetting):
    """Every form renders with an error summary and labelled, described fields (templates/forms/)."""

    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Django's, except that an id beyond the database's 64-bit range is an invalid choice: Django checks such
    ids in one `pk__in` query, which SQLite cannot even run (OverflowError, a server error)."""

    def _check_values(self, value):
        if self.to_field_name is None:
            for pk in value:
                try:
                    number = int(str(pk))
                except (TypeError, ValueError):
                    continue  # not a number at all: Django's own check refuses it
                if not -(2**63) <= number < 2**63:
                    raise ValidationError(
                        self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": str(pk)[:20]}
                    )
        return super()._check_values(value)
