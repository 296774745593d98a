from django.conf import settings
from django.http import HttpRequest

from ccas_visits.lib.permissions import COORDINATOR, MANAGER, VOLUNTEER, role_of


def roles(request: HttpRequest) -> dict:
    role = role_of(request.user) if hasattr(request, "user") else None
    return {
        "role": role,
        "is_coordinator": role == COORDINATOR,
        "is_volunteer": role == VOLUNTEER,
        "is_manager": role == MANAGER,
        "CCAS_NAME": settings.CCAS_NAME,
    }
