"""The site's own pages: home, legal pages, feedback, health check, robots.txt and error pages."""

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from .forms import FeedbackForm
from .lib import ratelimit
from .lib.pagecache import cache_for_visitors
from .models import Feedback

log = logging.getLogger(__name__)


@cache_for_visitors("home")
def home(request):
    return render(request, "portal/home.html")


def accessibility(request):
    return _feedback(request, Feedback.Kind.BARRIER, "portal/accessibility.html")


def barrier_report(request):
    return _feedback(request, Feedback.Kind.BARRIER, "portal/barrier_report.html")


def contact(request):
    return _feedback(request, Feedback.Kind.CONTACT, "portal/contact.html")


def _feedback(request, kind, template):
    """Store the message, mail it to the operator, thank the sender. Rate limited per client address."""
    data = request.POST if request.method == "POST" else None
    form = FeedbackForm(data, kind=kind, initial={"page": request.GET.get("page", "")[:500]})
    status = 200
    if form.is_valid():
        if ratelimit.allow(request, "feedback"):
            feedback = form.save(commit=False)
            feedback.language = translation.get_language() or ""
            feedback.save()
            _mail_operator(feedback)
            request.session["feedback_sent"] = feedback.get_kind_display()
            return redirect("portal:feedback_thanks")
        status = 429
        form.add_error(
            None,
            _(
                "You have sent several messages in a short time. Please try again in an hour, "
                "or write to us by e-mail. Your text is still here."
            ),
        )
    return render(request, template, {"form": form}, status=status)


def _mail_operator(feedback):
    with translation.override(settings.LANGUAGE_CODE):
        subject = f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{feedback.get_kind_display()}"
        body = render_to_string("portal/email/feedback.txt", {"feedback": feedback})
    message = EmailMessage(
        subject, body, to=settings.FEEDBACK_RECIPIENTS, reply_to=[feedback.email] if feedback.email else None
    )
    try:
        message.send()
    except OSError:  # stored already; the team sees it in the admin even when the mail server is down
        log.exception("Could not mail feedback %s", feedback.pk)


def feedback_thanks(request):
    kind = request.session.pop("feedback_sent", None)
    return render(request, "portal/feedback_thanks.html", {"kind": kind})


@require_GET
def robots_txt(request):
    lines = ["User-agent: *", f"Disallow: {reverse('admin:index')}"]
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            lines.append(f"Disallow: {reverse('accounts:overview')}")
    lines.append(f"Sitemap: {settings.SITE_URL}{reverse('sitemap')}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def bench_ceiling(request):
    """The benchmark's reference: a trivial template through the whole middleware stack, no database. Its
    throughput is the framework's ceiling on the machine (`manage.py bench`); off unless BENCH_REFERENCE_PAGE."""
    if not settings.BENCH_REFERENCE_PAGE:
        raise Http404
    return render(request, "portal/bench_ceiling.html")


def csrf_failure(request, reason=""):
    return render(request, "403_csrf.html", status=403)
