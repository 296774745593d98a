import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core import mail
from django.test import Client
from django.urls import reverse

from ccas_visits.lib.permissions import COORDINATOR, VOLUNTEER, role_of
from tests.conftest import client_for
from tests.factories import UserFactory, VolunteerFactory

pytestmark = [pytest.mark.django_db, pytest.mark.clock]
TEMPLATES = Path(settings.BASE_DIR) / "templates"


def attempt_login(client: Client, username: str, password: str):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_an_account_is_locked_after_repeated_failures_and_a_coordinator_unlocks_it(coordinator_client):
    user = UserFactory(username="josiane", role=VOLUNTEER)
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt_login(client, "josiane", "wrong")
    locked = attempt_login(client, "josiane", "secret-pass-123")
    assert locked.status_code == 429
    assert "Compte verrouillé" in locked.content.decode()

    listing = coordinator_client.get(reverse("volunteers:account_list")).content.decode()
    assert "Verrouillé" in listing
    coordinator_client.post(reverse("volunteers:account_unlock", args=[user.pk]))
    assert attempt_login(Client(), "josiane", "secret-pass-123").status_code == 302


def test_a_lock_on_one_account_leaves_the_others_on_the_same_tablet_alone():
    UserFactory(username="josiane", role=VOLUNTEER)
    UserFactory(username="amadou", role=VOLUNTEER)
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT + 1):
        attempt_login(client, "josiane", "wrong")
    assert attempt_login(client, "amadou", "secret-pass-123").status_code == 302


@pytest.mark.parametrize(("role", "seconds"), [(VOLUNTEER, 30 * 60), (COORDINATOR, 10 * 60 * 60)])
def test_idle_session_length_depends_on_the_role(role, seconds):
    client = Client()
    UserFactory(username="someone", role=role)
    attempt_login(client, "someone", "secret-pass-123")
    client.get(reverse("home"))
    assert client.session.get_expiry_age() == seconds


def test_every_page_sends_a_content_security_policy_without_inline_script(client):
    policy = client.get(reverse("login"))["Content-Security-Policy"]
    script_src = re.search(r"script-src ([^;]*)", policy).group(1)
    assert script_src.strip() == "'self'"
    assert "frame-ancestors 'none'" in policy


def test_no_template_holds_an_inline_script():
    offenders = []
    for template in TEMPLATES.rglob("*.html"):
        for tag in re.findall(r"<script\b[^>]*>", template.read_text()):
            if "src=" not in tag and 'type="application/json"' not in tag:
                offenders.append(f"{template.relative_to(TEMPLATES)}: {tag}")
        if re.search(r"\son[a-z]+=\"", template.read_text()):
            offenders.append(f"{template.relative_to(TEMPLATES)}: inline event handler")
    assert offenders == []


def test_password_reset_sends_a_french_email_with_a_link(client):
    UserFactory(username="claire", email="claire@ccas.example", role=COORDINATOR)
    response = client.post(reverse("password_reset"), {"email": "claire@ccas.example"})
    assert response.status_code == 302
    [message] = mail.outbox
    assert message.subject == "Votre mot de passe pour le programme de visites à domicile"
    assert "/mot-de-passe/nouveau/" in message.body
    assert "claire" in message.body


def test_coordinator_creates_a_volunteer_account_linked_to_the_volunteer(coordinator_client):
    volunteer = VolunteerFactory(first_name="Josiane", last_name="Lefèvre")
    response = coordinator_client.post(
        reverse("volunteers:account_create"),
        {
            "role": VOLUNTEER,
            "volunteer": volunteer.pk,
            "username": "josiane",
            "password": "Tablette-Amiens-2026",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(username="josiane")
    volunteer.refresh_from_db()
    assert volunteer.user == user
    assert role_of(user) == VOLUNTEER and not user.is_staff
    assert user.get_full_name() == "Josiane Lefèvre"


def test_account_form_refuses_a_weak_password_and_a_volunteer_account_without_volunteer(coordinator_client):
    response = coordinator_client.post(
        reverse("volunteers:account_create"), {"role": VOLUNTEER, "username": "x", "password": "1234"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Choisissez le bénévole" in page
    assert "Ce mot de passe est trop court" in page
    assert not User.objects.filter(username="x").exists()


def test_a_password_needs_twelve_characters(coordinator_client):
    volunteer = VolunteerFactory()
    data = {"role": VOLUNTEER, "volunteer": volunteer.pk, "username": "josiane"}
    response = coordinator_client.post(
        reverse("volunteers:account_create"), data | {"password": "Amiens-2026"}
    )
    assert "Il doit contenir au minimum 12 caractères." in response.content.decode()
    assert not User.objects.filter(username="josiane").exists()
    response = coordinator_client.post(
        reverse("volunteers:account_create"), data | {"password": "Amiens-2026!"}
    )
    assert response.status_code == 302


def test_a_new_password_ends_the_accounts_other_sessions(coordinator):
    tablet, desk = client_for(coordinator), client_for(coordinator)
    assert tablet.get(reverse("dashboard")).status_code == 200
    coordinator.set_password("un tout nouveau mot de passe")
    coordinator.save()
    response = tablet.get(reverse("dashboard"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    assert desk.get(reverse("dashboard")).status_code == 302


def test_a_deactivated_account_is_logged_out_at_its_next_request(coordinator_client):
    user = UserFactory(username="josiane", role=VOLUNTEER)
    tablet = client_for(user)
    assert tablet.get(reverse("visits:my_seniors")).status_code == 200
    coordinator_client.post(reverse("volunteers:account_toggle_active", args=[user.pk]))
    response = tablet.get(reverse("visits:my_seniors"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


@pytest.mark.parametrize("name", ["volunteers:account_list", "volunteers:account_create"])
def test_only_coordinators_manage_accounts(manager_client, volunteer_a_client, client, name):
    assert client.get(reverse(name)).status_code == 302
    assert manager_client.get(reverse(name)).status_code == 403
    assert volunteer_a_client.get(reverse(name)).status_code == 403


def test_coordinator_cannot_deactivate_their_own_account(coordinator, coordinator_client):
    coordinator_client.post(reverse("volunteers:account_toggle_active", args=[coordinator.pk]))
    coordinator.refresh_from_db()
    assert coordinator.is_active
