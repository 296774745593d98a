"""The second factor: with it required, a staff sign-in reaches nothing but setting it up or
passing it; an app's codes (computed here from the device's key at the frozen time), recovery
codes used once, throttled wrong codes, and a coordinator's reset."""

import datetime

import pytest
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from ccas_visits.lib.permissions import COORDINATOR, MANAGER, VOLUNTEER
from second_factor import services
from seniors.models import AccessLog
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ENROL = reverse("second_factor:enrol")
VERIFY = reverse("second_factor:verify")


@pytest.fixture(autouse=True)
def required(settings):
    settings.STAFF_SECOND_FACTOR_REQUIRED = True


def signed_in(username: str) -> Client:
    client = Client()
    response = client.post(reverse("login"), {"username": username, "password": "secret-pass-123"})
    assert response.status_code == 302
    return client


def code_of(device: TOTPDevice, shift: int = 0) -> str:
    # The app's code now (time.time() is the frozen clock), or `shift` 30-second steps away.
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=6, drift=shift):06d}"


def with_app(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="Mon téléphone", confirmed=True)


def actions_of(user) -> list[str]:
    return list(AccessLog.objects.filter(user=user).order_by("id").values_list("action", flat=True))


STAFF_URLS = [
    reverse("home"),
    reverse("dashboard"),
    reverse("seniors:senior_list"),
    reverse("volunteers:account_list"),
    reverse("second_factor:team"),
    reverse("second_factor:devices"),
    reverse("reports:bilan_file", kwargs={"fmt": "pdf"}) + "?start=2025-01-01&end=2025-06-30",
    "/admin/",
    "/admin/seniors/senior/",
]


@pytest.mark.parametrize("url", STAFF_URLS)
def test_a_coordinator_without_a_second_factor_reaches_only_the_setting_up(coordinator, url):
    client = signed_in(coordinator.username)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(ENROL + "?next=")


@pytest.mark.parametrize("url", [reverse("manager_home"), STAFF_URLS[-3]])
def test_a_manager_without_a_second_factor_reaches_only_the_setting_up(manager, url):
    response = signed_in(manager.username).get(url)
    assert response["Location"].startswith(ENROL)


def test_the_setting_up_page_explains_in_french_and_hides_the_menu(coordinator):
    page = signed_in(coordinator.username).get(ENROL).content.decode()
    assert "Mettre en place votre second facteur" in page
    assert "Utiliser une application sur mon téléphone" in page
    assert reverse("seniors:senior_list") not in page  # no menu yet
    assert reverse("logout") in page


def test_a_coordinator_with_an_app_reaches_only_the_code_step(coordinator):
    with_app(coordinator)
    client = signed_in(coordinator.username)
    for url in STAFF_URLS + [ENROL, reverse("second_factor:enrol_app")]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(VERIFY), url


def test_setting_up_an_app_with_its_first_code_opens_the_pages(coordinator, frozen_clock):
    client = signed_in(coordinator.username)
    page = client.get(reverse("second_factor:enrol_app")).content.decode()
    assert "<svg" in page and "Play Store" in page
    device = TOTPDevice.objects.get(user=coordinator, confirmed=False)

    wrong = client.post(reverse("second_factor:enrol_app"), {"name": "Mon téléphone", "code": "000000"})
    assert "Ce code n’est pas le bon" in wrong.content.decode()
    # The frozen clock does not move: the next try comes before the throttle's second is over.
    throttled = client.post(
        reverse("second_factor:enrol_app"), {"name": "Mon téléphone", "code": code_of(device)}
    )
    assert "Trop de codes erronés" in throttled.content.decode()

    frozen_clock.shift(datetime.timedelta(seconds=2))
    right = client.post(
        reverse("second_factor:enrol_app"), {"name": "Mon téléphone", "code": code_of(device)}
    )
    assert right.status_code == 302
    device.refresh_from_db()
    assert device.confirmed and device.name == "Mon téléphone"
    assert client.get(reverse("seniors:senior_list")).status_code == 200
    assert actions_of(coordinator) == ["sign_in", "mfa_failed", "mfa_enrolled"]


def test_a_code_is_asked_after_the_password_and_leads_where_the_person_was_going(coordinator):
    device = with_app(coordinator)
    client = signed_in(coordinator.username)
    target = reverse("seniors:senior_list")
    step = client.get(target)
    assert step["Location"] == f"{VERIFY}?next={target.replace('/', '%2F')}"
    answer = client.post(VERIFY, {"code": code_of(device), "next": target})
    assert answer["Location"] == target
    assert client.get(target).status_code == 200
    assert client.get("/admin/").status_code == 200
    assert actions_of(coordinator)[-1] == "mfa_verified"


def test_a_wrong_code_is_refused_in_french_and_logged(coordinator):
    with_app(coordinator)
    client = signed_in(coordinator.username)
    page = client.post(VERIFY, {"code": "123456"}).content.decode()
    assert "Ce code n’est pas le bon" in page
    assert client.get(reverse("dashboard"))["Location"].startswith(VERIFY)
    assert actions_of(coordinator)[-1] == "mfa_failed"


def test_wrong_codes_in_a_row_make_the_next_try_wait(coordinator, frozen_clock):
    device = with_app(coordinator)
    client = signed_in(coordinator.username)
    client.post(VERIFY, {"code": "123456"})
    page = client.post(VERIFY, {"code": code_of(device)}).content.decode()
    assert "Trop de codes erronés à la suite : attendez 1 seconde avant de réessayer." in page
    frozen_clock.shift(datetime.timedelta(seconds=2))
    assert client.post(VERIFY, {"code": code_of(device)}).status_code == 302


def test_a_code_already_used_is_refused(coordinator):
    device = with_app(coordinator)
    code = code_of(device)
    assert signed_in(coordinator.username).post(VERIFY, {"code": code}).status_code == 302
    again = signed_in(coordinator.username).post(VERIFY, {"code": code})
    assert again.status_code == 200


def test_a_code_typed_with_letters_is_refused_in_french(coordinator):
    with_app(coordinator)
    page = signed_in(coordinator.username).post(VERIFY, {"code": "abc"}).content.decode()
    assert "Tapez les 6 chiffres" in page


def test_recovery_codes_are_shown_once_and_each_works_once(coordinator):
    device = with_app(coordinator)
    client = signed_in(coordinator.username)
    client.post(VERIFY, {"code": code_of(device)})
    page = client.post(reverse("second_factor:recovery_codes")).content.decode()
    codes = list(StaticToken.objects.filter(device__user=coordinator).values_list("token", flat=True))
    assert len(codes) == 10
    assert f"{codes[0][:4]} {codes[0][4:]}" in page
    assert "une seule fois" in client.get(reverse("second_factor:recovery_codes")).content.decode()
    assert codes[0] not in client.get(reverse("second_factor:recovery_codes")).content.decode()

    first = signed_in(coordinator.username)
    typed = f"{codes[0][:4].upper()} {codes[0][4:]}"
    assert first.post(reverse("second_factor:recovery"), {"code": typed})["Location"] == reverse("home")
    assert first.get(reverse("dashboard")).status_code == 200
    assert actions_of(coordinator)[-1] == "mfa_recovery_used"
    assert AccessLog.objects.filter(user=coordinator).order_by("-id").first().detail == "left=9"

    second = signed_in(coordinator.username)
    page = second.post(reverse("second_factor:recovery"), {"code": codes[0]}).content.decode()
    assert "Ce code n’est pas le bon" in page
    assert second.get(reverse("dashboard"))["Location"].startswith(VERIFY)


def test_new_recovery_codes_replace_the_old_ones(coordinator, frozen_clock):
    with_app(coordinator)
    old = services.issue_recovery_codes(coordinator)
    new = services.issue_recovery_codes(coordinator)
    client = signed_in(coordinator.username)
    assert client.post(reverse("second_factor:recovery"), {"code": old[0]}).status_code == 200
    frozen_clock.shift(datetime.timedelta(seconds=2))  # past the wait a wrong code brings
    assert client.post(reverse("second_factor:recovery"), {"code": new[0]}).status_code == 302


def test_a_coordinator_resets_a_managers_factor_which_ends_their_sessions(coordinator, manager):
    device = with_app(manager)
    services.issue_recovery_codes(manager)
    theirs = signed_in(manager.username)
    theirs.post(VERIFY, {"code": code_of(device)})
    assert theirs.get(reverse("manager_home")).status_code == 200
    with_app(coordinator)
    mine = Client()
    mine.force_login(coordinator)
    session = mine.session
    session["otp_device_id"] = TOTPDevice.objects.get(user=coordinator).persistent_id
    session.save()

    assert "Second facteur" in mine.get(reverse("second_factor:team")).content.decode()
    answer = mine.post(reverse("second_factor:reset", args=[manager.pk]))
    assert answer["Location"] == reverse("second_factor:team")

    assert not TOTPDevice.objects.filter(user=manager).exists()
    assert not StaticToken.objects.filter(device__user=manager).exists()
    assert theirs.get(reverse("manager_home"))["Location"].startswith(reverse("login"))
    assert not [s for s in Session.objects.all() if s.get_decoded().get(SESSION_KEY) == str(manager.pk)]
    entry = AccessLog.objects.filter(user=manager).order_by("-id").first()
    assert (entry.action, entry.detail) == ("mfa_reset", f"by={coordinator.pk}")
    assert signed_in(manager.username).get(reverse("manager_home"))["Location"].startswith(ENROL)


def test_a_manager_cannot_reset_anyones_factor(settings, manager, coordinator):
    settings.STAFF_SECOND_FACTOR_REQUIRED = False
    with_app(coordinator)
    client = Client()
    client.force_login(manager)
    assert client.post(reverse("second_factor:reset", args=[coordinator.pk])).status_code == 403
    assert TOTPDevice.objects.filter(user=coordinator).exists()


def test_an_unknown_account_or_ones_own_is_not_found_for_a_reset(settings, coordinator_client, coordinator):
    settings.STAFF_SECOND_FACTOR_REQUIRED = False
    with_app(coordinator)
    no_role = UserFactory(username="sans_role")
    with_app(no_role)
    for pk in (coordinator.pk, no_role.pk, 999_999):
        assert coordinator_client.post(reverse("second_factor:reset", args=[pk])).status_code == 404
    assert TOTPDevice.objects.filter(user=coordinator).exists()


def test_the_last_factor_cannot_be_removed_while_required_but_a_second_one_can(coordinator):
    first = with_app(coordinator)
    second = TOTPDevice.objects.create(user=coordinator, name="Tablette", confirmed=True)
    client = signed_in(coordinator.username)
    client.post(VERIFY, {"device": first.pk, "code": code_of(first)})
    client.post(reverse("second_factor:device_remove", args=["totp", second.pk]))
    page = client.post(reverse("second_factor:device_remove", args=["totp", first.pk]), follow=True)
    assert "votre seul second facteur" in page.content.decode()
    assert list(TOTPDevice.objects.filter(user=coordinator)) == [first]
    assert actions_of(coordinator)[-1] == "mfa_removed"


def test_another_accounts_factor_cannot_be_removed(coordinator, manager):
    theirs = with_app(manager)
    mine = with_app(coordinator)
    client = signed_in(coordinator.username)
    client.post(VERIFY, {"code": code_of(mine)})
    assert client.post(reverse("second_factor:device_remove", args=["totp", theirs.pk])).status_code == 404


def test_volunteers_are_not_asked_by_default(volunteer_a):
    assert signed_in(volunteer_a.username).get(reverse("visits:my_seniors")).status_code == 200


def test_volunteers_are_asked_when_the_setting_says_so(settings, volunteer_a):
    settings.VOLUNTEER_SECOND_FACTOR_REQUIRED = True
    response = signed_in(volunteer_a.username).get(reverse("visits:my_seniors"))
    assert response["Location"].startswith(ENROL)


def test_with_the_setting_off_staff_see_the_demo_banner(settings, coordinator):
    settings.STAFF_SECOND_FACTOR_REQUIRED = False
    page = signed_in(coordinator.username).get(reverse("dashboard")).content.decode()
    assert "Second facteur désactivé" in page


def test_the_admin_login_goes_through_the_applications_login():
    response = Client().get("/admin/login/?next=/admin/")
    assert response["Location"] == reverse("login") + "?next=%2Fadmin%2F"


def test_the_admin_login_refuses_a_signed_in_account_without_the_admin(settings, manager_client):
    settings.STAFF_SECOND_FACTOR_REQUIRED = False
    assert manager_client.get("/admin/login/?next=/admin/").status_code == 403


@pytest.mark.parametrize("role", [COORDINATOR, MANAGER, VOLUNTEER])
def test_sign_in_is_unchanged_when_not_required(settings, role):
    settings.STAFF_SECOND_FACTOR_REQUIRED = False
    user = UserFactory(username=f"x_{role}", role=role)
    assert signed_in(user.username).get(reverse("home")).status_code == 302


def test_a_passkey_cannot_be_added_before_passing_the_factor_already_set_up(coordinator):
    with_app(coordinator)
    client = signed_in(coordinator.username)
    answer = client.post(reverse("otp_webauthn:credential-registration-begin"))
    assert answer.status_code == 403
    assert "Prouvez que c’est bien vous" in answer.json()["detail"]


def test_a_volunteer_cannot_register_a_passkey_by_default(volunteer_a):
    answer = signed_in(volunteer_a.username).post(reverse("otp_webauthn:credential-registration-begin"))
    assert answer.status_code == 403
    assert answer.json()["detail"] == "Ce compte n’utilise pas de second facteur."


def test_the_passkey_scripts_speak_french(coordinator):
    client = signed_in(coordinator.username)
    catalogue = client.get(reverse("otp_webauthn:js-i18n-catalog")).content.decode()
    # json.dumps escapes every non-ASCII character: "Clé d’accès enregistrée."
    assert '"Registration successful!": "Cl\\u00e9 d\\u2019acc\\u00e8s enregistr\\u00e9e."' in catalogue
