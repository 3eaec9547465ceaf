from django.forms.renderers import TemplatesSetting


class FormRenderer(TemplatesSetting):
    """Every form renders with an error summary and labelled, described fields (templates/forms/)."""

    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"
