"""Ending a person's sessions on the server: the session data is deleted, not just forgotten by one browser.

allauth's usersessions app lists every session started by a log-in (UserSession); ending one deletes it from
the session store, whatever SESSION_ENGINE keeps it in (and writes an audit event, accounts/adapter.py). Sessions
also fail Django's own check once the password changes (the session hash); this deletes them right away.
"""

from allauth.usersessions.adapter import get_adapter
from allauth.usersessions.models import UserSession


def end_other_sessions(request, user):
    """End every session of `user` except the one of this request."""
    others = UserSession.objects.filter(user_id=user.pk).exclude(session_key=request.session.session_key or "")
    # A session whose data is gone already (the key this request had before a password change renewed it) is
    # only forgotten; the others are ended.
    live = []
    for session in others.select_related("user"):
        if session.exists():
            live.append(session)
        else:
            session.delete()
    if live:
        get_adapter().end_sessions(live)


def forget_this_session(request):
    """Drop this session from the list before Django deletes its data at log-out (allauth would only notice later)."""
    if request.session.session_key:
        UserSession.objects.filter(session_key=request.session.session_key).delete()
