"""Access that ends when it should: a role changed or an account deactivated ends its sessions
at once; a civic-service volunteer loses their seniors the day after their mission ends."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from ccas_visits.lib.permissions import COORDINATOR, MANAGER, VOLUNTEER
from seniors.models import AccessLog
from tests.conftest import PARIS, client_for
from tests.factories import PairFactory, SeniorFactory, UserFactory, VolunteerFactory
from volunteers.models import Volunteer

pytestmark = pytest.mark.django_db


def admin_change(superuser_client, account, **changes):
    """The admin's user form, as a superuser sends it with `changes`."""
    data = {
        "username": account.username,
        "first_name": account.first_name,
        "last_name": account.last_name,
        "email": account.email,
        "is_active": "on" if account.is_active else "",
        "groups": [str(g.pk) for g in account.groups.all()],
        "last_login_0": "",
        "last_login_1": "",
        "date_joined_0": "13/05/2026",
        "date_joined_1": "10:00:00",
    } | changes
    data = {key: value for key, value in data.items() if value != ""}
    return superuser_client.post(reverse("admin:auth_user_change", args=[account.pk]), data)


@pytest.fixture
def superuser_client(db):
    return client_for(UserFactory(username="admin", is_superuser=True, is_staff=True, role=COORDINATOR))


def sessions_of(user) -> int:
    return sum(s.get_decoded().get("_auth_user_id") == str(user.pk) for s in Session.objects.all())


def test_changing_an_accounts_role_ends_its_sessions_and_is_logged(superuser_client):
    josiane = UserFactory(username="josiane", role=MANAGER)
    desk = client_for(josiane)
    assert desk.get(reverse("manager_home")).status_code == 200
    coordinators = Group.objects.get(name=COORDINATOR)
    response = admin_change(superuser_client, josiane, groups=[str(coordinators.pk)])
    assert response.status_code == 302, response.content.decode()[:2000]
    assert sessions_of(josiane) == 0
    answer = desk.get(reverse("manager_home"))
    assert answer.status_code == 302 and answer.url.startswith(reverse("login"))
    logged = AccessLog.objects.get(action=AccessLog.Action.ROLE_CHANGED)
    assert logged.detail == f"account {josiane.pk}: manager -> coordinator"


def test_an_admin_edit_that_keeps_the_role_keeps_the_sessions(superuser_client):
    josiane = UserFactory(username="josiane", role=MANAGER)
    client_for(josiane)
    assert admin_change(superuser_client, josiane, first_name="Josiane").status_code == 302
    assert sessions_of(josiane) == 1
    assert not AccessLog.objects.filter(action=AccessLog.Action.ROLE_CHANGED).exists()


def test_deactivating_an_account_in_the_admin_ends_its_sessions(superuser_client):
    josiane = UserFactory(username="josiane", role=MANAGER)
    client_for(josiane)
    assert admin_change(superuser_client, josiane, is_active="").status_code == 302
    assert sessions_of(josiane) == 0


def test_deactivating_an_account_deletes_its_sessions_at_once(coordinator_client):
    josiane = UserFactory(username="josiane", role=VOLUNTEER)
    client_for(josiane), client_for(josiane)
    coordinator_client.post(reverse("volunteers:account_toggle_active", args=[josiane.pk]))
    assert sessions_of(josiane) == 0


@pytest.mark.clock
def test_a_civic_service_volunteer_loses_their_seniors_when_the_mission_ends_while_signed_in(
    settings, frozen_clock
):
    settings.SESSION_IDLE_VOLUNTEER = 24 * 60 * 60  # a session kept open across midnight
    today = timezone.localdate()
    user = UserFactory(username="lea", role=VOLUNTEER)
    lea = VolunteerFactory(
        user=user,
        kind=Volunteer.Kind.CIVIC_SERVICE,
        mission_starts_on=today - datetime.timedelta(days=200),
        mission_ends_on=today,
    )
    senior = SeniorFactory(pair=PairFactory(volunteer_a=lea), last_name="Lefèvre-Dupré")
    tablet = client_for(user)
    page = reverse("visits:senior", args=[senior.pk])
    assert tablet.get(page).status_code == 200  # the mission's last day

    next_day = datetime.datetime.combine(today + datetime.timedelta(days=1), datetime.time(0, 5), PARIS)
    frozen_clock.move_to(next_day)
    assert tablet.get(page).status_code == 404
    home = tablet.get(reverse("visits:my_seniors"))
    assert "visits/tablet/outbox_only.html" in [t.name for t in home.templates]
    assert "Lefèvre-Dupré" not in home.content.decode()
