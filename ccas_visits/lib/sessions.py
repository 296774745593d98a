"""Ending a user's open sessions from the server, on every browser at once."""

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.utils import timezone


def close_sessions_of(user) -> int:
    """Delete every open session of `user`: their next page asks them to sign in again.
    Sessions are read one by one (a town's few hundred at most): their owner is in their data."""
    mine = [
        session.pk
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if session.get_decoded().get(SESSION_KEY) == str(user.pk)
    ]
    Session.objects.filter(pk__in=mine).delete()
    return len(mine)
