import time

from django.conf import settings
from django.http import HttpRequest

from ccas_visits.lib.permissions import COORDINATOR, MANAGER, VOLUNTEER, role_of
from ccas_visits.lib.sessions import STAMP_KEY
from volunteers.middleware import idle_limit


def roles(request: HttpRequest) -> dict:
    role = role_of(request.user) if hasattr(request, "user") else None
    return {
        "role": role,
        "is_coordinator": role == COORDINATOR,
        "is_volunteer": role == VOLUNTEER,
        "is_manager": role == MANAGER,
        "CCAS_NAME": settings.CCAS_NAME,
    }


def session_time_left(request: HttpRequest) -> dict:
    """Seconds before the session ends if the user does nothing (the page warns before)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not hasattr(request, "session"):
        return {}
    now = int(time.time())
    left = idle_limit(user) - (now - request.session.get(STAMP_KEY, now))
    warning = settings.SESSION_WARNING_SECONDS
    return {
        "session_seconds_left": max(left, 0),
        "session_warning_seconds": warning,
        "session_warning_minutes": max(1, round(warning / 60)),
    }
