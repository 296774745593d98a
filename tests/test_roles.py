"""Each role reaches its own pages and nothing else."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from ccas_visits.lib.permissions import COORDINATOR, MANAGER, ROLES, VOLUNTEER, role_permissions, sync_roles
from tests.conftest import client_for
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PAGES = ["home", "dashboard", "manager_home", "visits:my_seniors"]


def codenames(group: Group) -> set[str]:
    return set(group.permissions.values_list("content_type__app_label", "codename"))


def test_each_roles_group_holds_exactly_the_permissions_of_its_role():
    for role in ROLES:
        group = Group.objects.get(name=role)
        assert set(group.permissions.all()) == set(role_permissions(role)), role
    coordinator = codenames(Group.objects.get(name=COORDINATOR))
    assert ("seniors", "change_senior") in coordinator and ("visits", "view_campaign") in coordinator
    # Rows the application alone writes are edited by no one.
    assert ("seniors", "add_accesslog") not in coordinator
    assert not {codename for _app, codename in coordinator if "historical" in codename}
    # Volunteers and managers never reach the admin: their pages check the role.
    assert codenames(Group.objects.get(name=VOLUNTEER)) == codenames(Group.objects.get(name=MANAGER)) == set()


def test_a_permission_granted_by_hand_does_not_outlive_the_next_migrate():
    volunteer = Group.objects.get(name=VOLUNTEER)
    volunteer.permissions.add(Permission.objects.get(codename="change_senior"))
    coordinator = Group.objects.get(name=COORDINATOR)
    coordinator.permissions.remove(Permission.objects.get(codename="change_senior"))
    sync_roles()
    assert not volunteer.permissions.exists()
    assert coordinator.permissions.filter(codename="change_senior").exists()


def test_the_admin_is_protected_by_the_coordinators_permissions(coordinator_client, coordinator):
    assert coordinator_client.get("/admin/seniors/senior/").status_code == 200
    Group.objects.get(name=COORDINATOR).permissions.remove(Permission.objects.get(codename="view_senior"))
    Group.objects.get(name=COORDINATOR).permissions.remove(Permission.objects.get(codename="change_senior"))
    assert coordinator_client.get("/admin/seniors/senior/").status_code == 403


@pytest.mark.parametrize("name", PAGES)
def test_anonymous_visitor_is_sent_to_the_login_page(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_login_page_is_in_french(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert "Se connecter" in response.content.decode()
    assert '<html lang="fr">' in response.content.decode()


@pytest.mark.parametrize(
    ("fixture", "landing"),
    [("coordinator", "dashboard"), ("volunteer_a", "visits:my_seniors"), ("manager", "manager_home")],
)
def test_each_role_lands_on_its_own_home_page(request, fixture, landing):
    response = client_for(request.getfixturevalue(fixture)).get(reverse("home"))
    assert response.status_code == 302
    assert response.url == reverse(landing)


@pytest.mark.parametrize(
    ("fixture", "allowed"),
    [
        ("coordinator", {"dashboard", "manager_home"}),
        ("volunteer_a", {"visits:my_seniors"}),
        ("manager", {"manager_home"}),
    ],
)
def test_each_role_reaches_its_pages_and_no_other(request, fixture, allowed):
    client = client_for(request.getfixturevalue(fixture))
    for name in ["dashboard", "manager_home", "visits:my_seniors"]:
        expected = 200 if name in allowed else 403
        assert client.get(reverse(name)).status_code == expected, name


def test_an_account_without_a_role_is_told_to_ask_a_coordinator(db):
    response = client_for(UserFactory()).get(reverse("home"))
    assert response.status_code == 403
    assert "coordinateur" in response.content.decode()


def test_volunteer_home_lists_their_seniors_and_not_another_pairs(
    volunteer_a_client, senior_of_a, senior_of_b
):
    page = volunteer_a_client.get(reverse("visits:my_seniors")).content.decode()
    assert "Lucienne Lefèvre-Dupré" in page
    assert "N&#x27;Diaye" not in page and "N'Diaye" not in page
    assert 'href="tel:+33612345678"' in page


def test_only_coordinators_reach_the_admin(coordinator_client, manager_client, volunteer_a_client):
    assert coordinator_client.get("/admin/seniors/senior/").status_code == 200
    assert manager_client.get("/admin/seniors/senior/").status_code == 302
    assert volunteer_a_client.get("/admin/seniors/senior/").status_code == 302
