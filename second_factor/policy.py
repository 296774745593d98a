"""Who is asked for a second factor, and what they have set up."""

from django.conf import settings
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from ccas_visits.lib.permissions import COORDINATOR, MANAGER, VOLUNTEER, role_of

STAFF_ROLES = (COORDINATOR, MANAGER)


def is_staff_account(user) -> bool:
    """Coordinators, managers, and any account that reaches the Django admin."""
    return user.is_authenticated and (user.is_staff or user.is_superuser or role_of(user) in STAFF_ROLES)


def can_use_second_factor(user) -> bool:
    """Staff always may set one up (in the demo too); volunteers when it is asked of them."""
    if is_staff_account(user):
        return True
    return role_of(user) == VOLUNTEER and settings.VOLUNTEER_SECOND_FACTOR_REQUIRED


def is_required_for(user) -> bool:
    if is_staff_account(user):
        return settings.STAFF_SECOND_FACTOR_REQUIRED
    return role_of(user) == VOLUNTEER and settings.VOLUNTEER_SECOND_FACTOR_REQUIRED


def apps_of(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("created_at", "pk")


def passkeys_of(user):
    return WebAuthnCredential.objects.filter(user=user, confirmed=True).order_by("created_at", "pk")


def recovery_codes_left(user) -> int:
    return (
        StaticDevice.objects.filter(user=user, confirmed=True)
        .values("token_set")
        .exclude(token_set=None)
        .count()
    )


def has_second_factor(user) -> bool:
    """An app or a passkey: recovery codes alone are no second factor."""
    return apps_of(user).exists() or passkeys_of(user).exists()


def sign_in_factor_count(user) -> int:
    return apps_of(user).count() + passkeys_of(user).count()
