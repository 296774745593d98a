"""Setting up, passing and managing the second factor; a coordinator's reset of another account's."""

from base64 import b32encode

import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from ccas_visits.lib.permissions import COORDINATOR, ROLES, role_required
from second_factor import services
from second_factor.forms import AppCodeForm, AppEnrolForm, RecoveryCodeForm
from second_factor.policy import (
    apps_of,
    can_use_second_factor,
    has_second_factor,
    is_required_for,
    passkeys_of,
    recovery_codes_left,
    sign_in_factor_count,
)


def next_url(request: HttpRequest) -> str:
    """Where the person was going before the second factor, if it is one of this site's pages."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return target
    return resolve_url("home")


def keeping_query(request: HttpRequest, view_name: str) -> str:
    """The URL of `view_name` with this request's query (its "next")."""
    return resolve_url(view_name) + (f"?{request.GET.urlencode()}" if request.GET else "")


def allowed_only(request: HttpRequest) -> None:
    if not can_use_second_factor(request.user):
        raise PermissionDenied


def must_pass_first(request: HttpRequest) -> bool:
    """An account with a factor sets up another only once it has passed one."""
    return has_second_factor(request.user) and not request.user.is_verified()


@never_cache
def enrol(request: HttpRequest) -> HttpResponse:
    allowed_only(request)
    if must_pass_first(request):
        return redirect(keeping_query(request, "second_factor:verify"))
    return render(request, "second_factor/enrol.html", {"next": request.GET.get("next", "")})


@never_cache
def enrol_app(request: HttpRequest) -> HttpResponse:
    allowed_only(request)
    if must_pass_first(request):
        return redirect(keeping_query(request, "second_factor:verify"))
    device = services.pending_app(request.user)
    form = AppEnrolForm(request.POST or None, devices=TOTPDevice.objects.filter(pk=device.pk))
    if request.method == "POST" and form.is_valid():
        services.confirm_app(request, device, name=form.cleaned_data["name"])
        messages.success(request, _("The app is set up. Last step: your recovery codes."))
        return redirect(keeping_query(request, "second_factor:recovery_codes"))
    if form.is_bound and form.is_wrong_code():
        services.record_failure(request.user, services.APP)
    qr = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    key = b32encode(device.bin_key).decode()
    context = {
        "form": form,
        "qr_svg": mark_safe(qr.to_string(encoding="unicode")),  # noqa: S308 - made here from our own data
        "key_groups": [key[i : i + 4] for i in range(0, len(key), 4)],
    }
    return render(request, "second_factor/enrol_app.html", context)


@never_cache
def enrol_passkey(request: HttpRequest) -> HttpResponse:
    allowed_only(request)
    if must_pass_first(request):
        return redirect(keeping_query(request, "second_factor:verify"))
    after = keeping_query(request, "second_factor:recovery_codes")
    if has_second_factor(request.user):
        after = resolve_url("second_factor:devices")
    return render(request, "second_factor/enrol_passkey.html", {"after": after})


@never_cache
def verify(request: HttpRequest) -> HttpResponse:
    allowed_only(request)
    if not has_second_factor(request.user):
        return redirect(keeping_query(request, "second_factor:enrol"))
    apps = apps_of(request.user)
    form = AppCodeForm(request.POST or None, devices=apps) if apps else None
    if form is not None and request.method == "POST" and form.is_valid():
        services.pass_second_factor(request, form.verified_device)
        return redirect(next_url(request))
    if form is not None and form.is_bound and form.is_wrong_code():
        services.record_failure(request.user, services.APP)
    context = {
        "form": form,
        "has_passkey": passkeys_of(request.user).exists(),
        "has_recovery_codes": recovery_codes_left(request.user) > 0,
        "next": next_url(request),
    }
    return render(request, "second_factor/verify.html", context)


@never_cache
def recovery(request: HttpRequest) -> HttpResponse:
    allowed_only(request)
    if not has_second_factor(request.user):
        return redirect("second_factor:enrol")
    form = RecoveryCodeForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        services.pass_second_factor(request, form.verified_device)
        left = recovery_codes_left(request.user)
        messages.warning(
            request,
            _(
                "Recovery code accepted; it will not work again. Codes left: %(left)d. "
                "Create new ones under “Second factor” if you are running out."
            )
            % {"left": left},
        )
        return redirect(next_url(request))
    if form.is_bound and form.is_wrong_code():
        services.record_failure(request.user, services.RECOVERY)
    return render(request, "second_factor/recovery.html", {"form": form, "next": next_url(request)})


@never_cache
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """GET: what the codes are for; POST: ten new codes, shown on this answer only."""
    allowed_only(request)
    if not has_second_factor(request.user):
        return redirect("second_factor:enrol")
    if request.method == "POST":
        codes = services.issue_recovery_codes(request.user)
        return render(
            request, "second_factor/recovery_codes_new.html", {"codes": codes, "next": next_url(request)}
        )
    context = {"left": recovery_codes_left(request.user), "next": request.GET.get("next", "")}
    return render(request, "second_factor/recovery_codes.html", context)


@never_cache
def devices(request: HttpRequest) -> HttpResponse:
    allowed_only(request)
    context = {
        "apps": apps_of(request.user),
        "passkeys": passkeys_of(request.user),
        "left": recovery_codes_left(request.user),
        "is_required": is_required_for(request.user),
    }
    return render(request, "second_factor/devices.html", context)


@require_POST
def device_remove(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    allowed_only(request)
    mine = {services.APP: apps_of, services.PASSKEY: passkeys_of}
    if kind not in mine:
        raise Http404
    device = get_object_or_404(mine[kind](request.user), pk=pk)
    if is_required_for(request.user) and sign_in_factor_count(request.user) == 1:
        messages.error(
            request, _("This is your only second factor: add another one before removing this one.")
        )
        return redirect("second_factor:devices")
    services.remove_factor(request.user, device)
    messages.success(request, _("“%(name)s” removed.") % {"name": device.name or _("Passkey")})
    return redirect("second_factor:devices")


def accounts_with_factor():
    return (
        User.objects.filter(groups__name__in=ROLES)
        .annotate(
            has_app=Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)),
            has_passkey=Exists(WebAuthnCredential.objects.filter(user=OuterRef("pk"), confirmed=True)),
        )
        .distinct()
    )


@role_required(COORDINATOR)
def team(request: HttpRequest) -> HttpResponse:
    accounts = accounts_with_factor().filter(is_active=True).prefetch_related("groups")
    rows = [(account, account.groups.all()[0].name) for account in accounts.order_by("last_name", "username")]
    return render(request, "second_factor/team.html", {"rows": rows})


@require_POST
@role_required(COORDINATOR)
def reset(request: HttpRequest, pk: int) -> HttpResponse:
    account = get_object_or_404(accounts_with_factor().exclude(pk=request.user.pk), pk=pk)
    services.reset_second_factor(account, by=request.user)
    messages.success(
        request,
        _("Second factor of “%(username)s” reset: they set up a new one at their next sign-in.")
        % {"username": account.username},
    )
    return redirect("second_factor:team")
