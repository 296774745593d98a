"""Second factors are set up, removed and reset from the application's pages, which write each
change to the access log: the libraries' admin pages (which could change them unlogged) are off."""

from django.contrib import admin
from django.contrib.admin.exceptions import NotRegistered
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnAttestation, WebAuthnCredential

for model in (TOTPDevice, StaticDevice, WebAuthnCredential, WebAuthnAttestation):
    try:
        admin.site.unregister(model)
    except NotRegistered:
        pass
