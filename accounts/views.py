import json
import logging

from allauth.account.decorators import reauthentication_required
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from . import audit, personal_data
from .forms import AccountDeletionForm, ProfileForm

log = logging.getLogger(__name__)


@login_required
def overview(request):
    form = ProfileForm(request.POST if request.method == "POST" else None, instance=request.user)
    if form.is_valid():
        form.save()
        messages.success(request, _("Your name was saved."))
        return redirect("accounts:overview")
    return render(request, "accounts/overview.html", {"form": form})


@login_required
def your_data(request):
    """GET explains what the file holds; POST (the button) returns it."""
    if request.method != "POST":
        return render(request, "accounts/user_export.html", {"descriptions": personal_data.export_descriptions()})
    data = json.dumps(personal_data.export(request.user), ensure_ascii=False, indent=2)
    response = HttpResponse(data.encode(), content_type="application/json")
    filename = f"brueckenschlag-daten-{timezone.localdate().isoformat()}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@reauthentication_required
def delete(request):
    user = request.user
    form = AccountDeletionForm(user, request.POST if request.method == "POST" else None)
    if form.is_valid():
        email = user.email
        try:
            with transaction.atomic():  # the event goes with the deletion if that is refused
                audit.record(audit.Kind.ACCOUNT_DELETED, actor=user, target=user, request=request)
                personal_data.delete_account(user, form.choices())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            logout(request)
            _mail_deletion(email)
            messages.success(request, _("Your account and your personal data have been deleted. Goodbye!"))
            return redirect("portal:home")
    notes = personal_data.deletion_notes(user)
    return render(request, "accounts/user_delete.html", {"form": form, "notes": notes})


def _mail_deletion(email):
    """Tell the old address, in the language of the request, that the account is gone."""
    subject = settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + _("Your account has been deleted")
    body = render_to_string("accounts/email/account_deleted.txt", {"email": email, "operator": settings.OPERATOR})
    try:
        EmailMessage(subject, body, to=[email]).send()
    except OSError:  # the account is gone either way; a mail server outage must not turn that into an error page
        log.exception("Could not send the deletion confirmation")
