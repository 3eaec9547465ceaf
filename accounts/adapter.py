"""allauth's adapters, extended: log-out ends the person's sessions everywhere unless they ask for this device only,
and every ended session is audited."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context
from allauth.usersessions.adapter import DefaultUserSessionsAdapter

from . import audit, sessions


class AccountAdapter(DefaultAccountAdapter):
    def logout(self, request):
        # A log-out ends the person's other sessions too, server-side (a forgotten session on a shared computer ends
        # with it); the log-out page's second button posts only_here=1 for this device alone.
        if request.method == "POST" and not request.POST.get("only_here") and request.user.is_authenticated:
            sessions.end_other_sessions(request, request.user)
        sessions.forget_this_session(request)
        super().logout(request)


class UserSessionsAdapter(DefaultUserSessionsAdapter):
    def end_sessions(self, sessions):
        sessions = list(sessions)
        super().end_sessions(sessions)
        request = context.request  # the person themselves, or staff in the admin; nobody after a password reset
        actor = request.user if request is not None and request.user.is_authenticated else None
        for user in {session.user for session in sessions}:
            count = sum(session.user_id == user.pk for session in sessions)
            audit.record(audit.Kind.SESSIONS_ENDED, actor=actor, target=user, request=request, count=count)
