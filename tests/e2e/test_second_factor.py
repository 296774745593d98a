"""A coordinator sets up a passkey at first sign-in and signs in with it the next time, in
Chromium, with the DevTools protocol's virtual authenticator standing for the computer's
fingerprint reader; and sets up an authenticator app from the QR code page."""

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from ccas_visits.lib.permissions import COORDINATOR
from seniors.models import AccessLog
from tests.factories import UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def second_factor_required(settings, live_server):
    settings.STAFF_SECOND_FACTOR_REQUIRED = True
    settings.OTP_WEBAUTHN_RP_ID = "localhost"
    settings.OTP_WEBAUTHN_ALLOWED_ORIGINS = [live_server.url]


@pytest.fixture
def authenticator(page):
    """A platform authenticator with user verification, as a laptop's fingerprint reader."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    options = {
        "protocol": "ctap2",
        "transport": "internal",
        "hasResidentKey": True,
        "hasUserVerification": True,
        "isUserVerified": True,
    }
    authenticator_id = cdp.send("WebAuthn.addVirtualAuthenticator", {"options": options})["authenticatorId"]
    return cdp, authenticator_id


def test_a_coordinator_registers_a_passkey_then_signs_in_with_it(
    page, live_server, login, second_factor_required, authenticator, screenshot
):
    user = UserFactory(
        username="claire", first_name="Claire", last_name="Vasseur", role=COORDINATOR, is_staff=True
    )
    login("claire")
    expect(page.get_by_role("heading", name="Mettre en place votre second facteur")).to_be_visible()
    page.get_by_role("link", name="Utiliser une clé d’accès ou une clé de sécurité").click()
    page.get_by_role("button", name="Créer une clé d’accès").click()
    expect(page.get_by_role("heading", name="Codes de secours")).to_be_visible()
    page.get_by_role("button", name="Créer mes codes de secours").click()
    expect(page.get_by_role("heading", name="Vos codes de secours")).to_be_visible()
    expect(page.locator(".recovery-codes li")).to_have_count(10)
    screenshot("second-factor-recovery-codes")
    page.get_by_role("link", name="J’ai noté mes codes, continuer").click()
    expect(page.get_by_role("heading", name="Tableau de bord")).to_be_visible()
    cdp, authenticator_id = authenticator
    assert len(cdp.send("WebAuthn.getCredentials", {"authenticatorId": authenticator_id})["credentials"]) == 1

    page.get_by_role("button", name="Se déconnecter").click()
    login("claire")
    expect(page.get_by_role("heading", name="Prouvez que c’est bien vous")).to_be_visible()
    screenshot("second-factor-verify-passkey")
    page.get_by_role("button", name="Utiliser ma clé d’accès ou clé de sécurité").click()
    expect(page.get_by_role("heading", name="Tableau de bord")).to_be_visible()
    page.goto(f"{live_server.url}/admin/")
    expect(page.get_by_role("link", name="Administration de Django")).to_be_visible()
    events = list(
        AccessLog.objects.filter(user=user, action__startswith="mfa_")
        .order_by("id")
        .values_list("action", "detail")
    )
    assert events == [
        ("mfa_enrolled", "webauthn"),
        ("mfa_codes_renewed", ""),
        ("mfa_verified", "webauthn"),
    ]


def test_a_coordinator_sets_up_an_app_from_the_qr_code_page(
    page, live_server, login, second_factor_required, screenshot
):
    UserFactory(username="claire", role=COORDINATOR)
    login("claire")
    page.get_by_role("link", name="Utiliser une application sur mon téléphone").click()
    expect(page.get_by_role("img", name="Code QR à scanner avec l’application")).to_be_visible()
    screenshot("second-factor-app-qr-code")
    device = TOTPDevice.objects.get(user__username="claire", confirmed=False)
    page.get_by_label("Le code à 6 chiffres affiché par l’application").fill(f"{totp(device.bin_key):06d}")
    page.get_by_role("button", name="Vérifier le code").click()
    expect(page.get_by_text("L’application est en place.")).to_be_visible()
