from django.conf import settings
from django.http import HttpRequest

from second_factor.policy import can_use_second_factor, is_required_for, is_staff_account


def second_factor(request: HttpRequest) -> dict:
    """`second_factor_pending`: the menu stays hidden until the factor is passed;
    `second_factor_off`: the demo's banner, on staff pages when no factor is asked."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    is_staff = is_staff_account(user)
    return {
        "second_factor_pending": is_required_for(user) and not user.is_verified(),
        "second_factor_off": is_staff and not settings.STAFF_SECOND_FACTOR_REQUIRED,
        "can_use_second_factor": can_use_second_factor(user),
    }
