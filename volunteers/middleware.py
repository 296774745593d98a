"""Idle sessions end by role: 30 minutes on a shared tablet, a working day for staff."""

import time
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from ccas_visits.lib.permissions import VOLUNTEER, role_of
from ccas_visits.lib.sessions import STAMP_KEY, remember_device

# The idle clock restarts at most once a minute: a session write on every request would
# cost three queries on every page for a precision nobody needs.
REFRESH_SECONDS = 60


def idle_limit(user) -> int:
    """How many seconds without a request end this user's session."""
    return settings.SESSION_IDLE_VOLUNTEER if role_of(user) == VOLUNTEER else settings.SESSION_IDLE_STAFF


def start_idle_clock(request: HttpRequest, user) -> None:
    """Also the session's last activity, shown on "Mes connexions"."""
    request.session[STAMP_KEY] = int(time.time())
    request.session.set_expiry(idle_limit(user))


def start_idle_clock_on_login(sender, request: HttpRequest, user, **kwargs) -> None:
    """Connected to user_logged_in: the session starts with its idle limit already set, and
    says which browser it is on."""
    start_idle_clock(request, user)
    remember_device(request)


class IdleSessionMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = int(time.time())
            if now - request.session.get(STAMP_KEY, 0) >= REFRESH_SECONDS:
                start_idle_clock(request, request.user)
        return self.get_response(request)
