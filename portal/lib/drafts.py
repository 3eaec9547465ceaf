"""Drafts of long or multi-step forms, kept in the session: what was typed but not (validly) sent is there again
after the browser was closed, since the session cookie outlives the browser (SESSION_EXPIRE_AT_BROWSER_CLOSE off).

A form marked data-draft is saved while typing by static/js/draft.js: it posts the form with draft=1, which the
view answers with 204 after keep(). Without JavaScript a view keeps the draft when the form is sent with errors.
Passwords never belong in a draft: only the form's own fields are kept, and no form with a password is marked.
"""

from django import forms

MAX_VALUES = 50  # per field: a draft cannot bloat the session
MAX_CHARS = 10_000  # per value, unless the field allows fewer


def saving(request):
    """Whether the request is the script saving a draft (not the form being sent)."""
    return request.method == "POST" and request.POST.get("draft") == "1"


def of(form, data):
    """The draft of form from the posted data: its own fields only, each value cut to what the field takes."""
    return {
        name: [value[: getattr(field, "max_length", None) or MAX_CHARS] for value in data.getlist(name)[:MAX_VALUES]]
        for name, field in form.fields.items()
    }


def fill(form, draft):
    """Shows draft in an unbound form, over its initial values."""
    for name, values in (draft or {}).items():
        if name in form.fields:
            multiple = isinstance(form.fields[name], (forms.MultipleChoiceField, forms.ModelMultipleChoiceField))
            form.initial[name] = values if multiple else next(iter(values), "")
