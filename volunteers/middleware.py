"""Idle sessions end by role: 30 minutes on a shared tablet, a working day for staff."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from volunteers.roles import VOLUNTEER, role_of


class IdleSessionMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            idle = (
                settings.SESSION_IDLE_VOLUNTEER
                if role_of(request.user) == VOLUNTEER
                else settings.SESSION_IDLE_STAFF
            )
            # With SESSION_SAVE_EVERY_REQUEST the expiry moves on at each request.
            request.session.set_expiry(idle)
        return self.get_response(request)
