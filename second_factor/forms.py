"""The codes a person types: an authenticator app's six digits, or a recovery code."""

import math
import re

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_otp.models import Device, VerifyNotAllowed
from django_otp.plugins.otp_static.models import StaticDevice

SEPARATORS = re.compile(r"[\s\-.]")


def throttled_message(extra: dict) -> str:
    seconds = 1
    if extra.get("locked_until"):
        seconds = max(1, math.ceil((extra["locked_until"] - timezone.now()).total_seconds()))
    return ngettext(
        "Too many wrong codes in a row: wait %(seconds)d second before trying again.",
        "Too many wrong codes in a row: wait %(seconds)d seconds before trying again.",
        seconds,
    ) % {"seconds": seconds}


def check_code(device: Device, code: str) -> None:
    """Verify `code` on `device`, locked for the time of the check (two tabs cannot both use one
    code); a wrong code lengthens the wait before the next try (django-otp's throttling)."""
    with transaction.atomic():
        device = type(device).objects.select_for_update().get(pk=device.pk)
        allowed, extra = device.verify_is_allowed()
        is_right = allowed and device.verify_token(code)
    if not allowed:
        if extra and extra.get("reason") == VerifyNotAllowed.N_FAILED_ATTEMPTS:
            raise forms.ValidationError(throttled_message(extra), code="throttled")
        raise forms.ValidationError(_("This code cannot be checked at the moment."), code="throttled")
    if not is_right:
        raise forms.ValidationError(
            _("This code is not the right one. Check that you read it from this account's line in the app."),
            code="wrong",
        )


class AppCodeForm(forms.Form):
    """The six digits an authenticator app shows, checked against one of `devices`."""

    device = forms.ModelChoiceField(
        label=_("Which app"), queryset=None, widget=forms.RadioSelect, empty_label=None
    )
    code = forms.CharField(
        label=_("The 6-digit code shown by the app"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "size": 8}),
    )

    def __init__(self, *args, devices, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["device"].queryset = devices
        self.only_device = devices.first() if len(devices) == 1 else None
        if self.only_device is not None:
            del self.fields["device"]

    def clean_code(self) -> str:
        code = SEPARATORS.sub("", self.cleaned_data["code"])
        if not re.fullmatch(r"[0-9]{6}", code):
            raise forms.ValidationError(_("Type the 6 digits the app shows, for example 123456."))
        return code

    def clean(self) -> dict:
        cleaned = super().clean()
        device = self.only_device or cleaned.get("device")
        if device is not None and "code" in cleaned:
            check_code(device, cleaned["code"])
            self.verified_device = device
        return cleaned

    def is_wrong_code(self) -> bool:
        return self.has_error(NON_FIELD_ERRORS, "wrong")


class RecoveryCodeForm(forms.Form):
    code = forms.CharField(
        label=_("One of your recovery codes"),
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false", "size": 12}),
    )

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_code(self) -> str:
        code = SEPARATORS.sub("", self.cleaned_data["code"]).lower()
        if not re.fullmatch(r"[a-z2-7]{8}", code):
            raise forms.ValidationError(_("A recovery code has 8 letters and digits, for example k4wz7xqa."))
        return code

    def clean(self) -> dict:
        cleaned = super().clean()
        device = StaticDevice.objects.filter(user=self.user, confirmed=True).first()
        if "code" in cleaned:
            if device is None:
                raise forms.ValidationError(_("This account has no recovery codes."), code="wrong")
            check_code(device, cleaned["code"])
            self.verified_device = device
        return cleaned

    def is_wrong_code(self) -> bool:
        return self.has_error(NON_FIELD_ERRORS, "wrong")


class AppEnrolForm(AppCodeForm):
    """Setting up an app: its first code proves it holds the key; a name tells it from another."""

    name = forms.CharField(
        label=_("A name for this app"),
        max_length=64,
        initial=_("Authenticator app"),
        help_text=_("For example “My phone”: it tells this app from another one later."),
    )
    field_order = ["name", "code"]
