"""Idle sessions end by role: 30 minutes on a shared tablet, a working day for staff."""

import time
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from ccas_visits.lib.permissions import VOLUNTEER, role_of

# The idle clock restarts at most once a minute: a session write on every request would
# cost three queries on every page for a precision nobody needs.
REFRESH_SECONDS = 60


def start_idle_clock(request: HttpRequest, user) -> None:
    idle = settings.SESSION_IDLE_VOLUNTEER if role_of(user) == VOLUNTEER else settings.SESSION_IDLE_STAFF
    request.session["idle_stamp"] = int(time.time())
    request.session.set_expiry(idle)


def start_idle_clock_on_login(sender, request: HttpRequest, user, **kwargs) -> None:
    """Connected to user_logged_in: the session starts with its idle limit already set."""
    start_idle_clock(request, user)


class IdleSessionMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = int(time.time())
            if now - request.session.get("idle_stamp", 0) >= REFRESH_SECONDS:
                start_idle_clock(request, request.user)
        return self.get_response(request)
