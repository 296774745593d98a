"""The second factor's workflows: each writes its event to the access log, with identifiers only
(the account, the kind of factor, who reset it), never a code or a key."""

from django.contrib.auth.models import User
from django.db import transaction
from django.http import HttpRequest
from django_otp import login as otp_login
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from ccas_visits.lib.sessions import close_sessions_of
from seniors.models import AccessLog

RECOVERY_CODE_COUNT = 10
APP, PASSKEY, RECOVERY = "totp", "webauthn", "recovery"


def kind_of(device: Device) -> str:
    if isinstance(device, TOTPDevice):
        return APP
    if isinstance(device, WebAuthnCredential):
        return PASSKEY
    return RECOVERY


def log_event(user: User, action: str, detail: str = "") -> None:
    AccessLog.objects.create(user=user, action=action, detail=detail)


def pending_app(user: User) -> TOTPDevice:
    """The app being set up: the same key (and QR code) until its first code is typed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    return device or TOTPDevice.objects.create(user=user, confirmed=False, name="")


def mark_verified(request: HttpRequest, device: Device) -> None:
    """The session passed the second factor: a new session key, then the factor recorded in it."""
    request.session.cycle_key()
    otp_login(request, device)


@transaction.atomic
def confirm_app(request: HttpRequest, device: TOTPDevice, *, name: str) -> None:
    """The app's first code was right: it becomes one of the account's factors."""
    device.confirmed = True
    device.name = name
    device.save(update_fields=["confirmed", "name"])
    log_event(request.user, AccessLog.Action.SECOND_FACTOR_ENROLLED, APP)
    if not request.user.is_verified():
        mark_verified(request, device)


def record_passkey_added(request: HttpRequest) -> None:
    log_event(request.user, AccessLog.Action.SECOND_FACTOR_ENROLLED, PASSKEY)


def record_verified(request: HttpRequest, device: Device) -> None:
    user = request.user
    if isinstance(device, StaticDevice):
        left = StaticToken.objects.filter(device=device).count()
        log_event(user, AccessLog.Action.RECOVERY_CODE_USED, f"left={left}")
    else:
        log_event(user, AccessLog.Action.SECOND_FACTOR_VERIFIED, kind_of(device))


def pass_second_factor(request: HttpRequest, device: Device) -> None:
    record_verified(request, device)
    mark_verified(request, device)


def record_failure(user: User, kind: str) -> None:
    log_event(user, AccessLog.Action.SECOND_FACTOR_FAILED, kind)


@transaction.atomic
def issue_recovery_codes(user: User) -> list[str]:
    """Ten new one-time codes; the previous ones stop working. Shown once, never again."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="recovery", confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    log_event(user, AccessLog.Action.RECOVERY_CODES_RENEWED)
    return codes


@transaction.atomic
def remove_factor(user: User, device: TOTPDevice | WebAuthnCredential) -> None:
    kind = kind_of(device)
    device.delete()
    log_event(user, AccessLog.Action.SECOND_FACTOR_REMOVED, kind)


@transaction.atomic
def reset_second_factor(account: User, *, by: User) -> int:
    """A coordinator resets another account's second factor (a lost phone): every factor and
    recovery code goes, every open session of the account ends, and at its next sign-in the
    account sets up a new factor. Returns the sessions closed."""
    for model in (TOTPDevice, WebAuthnCredential, StaticDevice):
        model.objects.filter(user=account).delete()
    log_event(account, AccessLog.Action.SECOND_FACTOR_RESET, f"by={by.pk}")
    return close_sessions_of(account)
