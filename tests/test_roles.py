"""Each role reaches its own pages and nothing else."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from tests.conftest import client_for
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PAGES = ["home", "dashboard", "manager_home", "visits:my_seniors"]


def test_migration_creates_the_three_roles_with_permissions():
    roles = {g.name: set(g.permissions.values_list("codename", flat=True)) for g in Group.objects.all()}
    assert {"coordinator", "volunteer", "manager"} <= set(roles)
    assert "change_senior" in roles["coordinator"]
    assert "add_visit" in roles["volunteer"] and "change_senior" not in roles["volunteer"]
    assert roles["manager"] == {"view_budget", "view_funding", "view_expenseline", "view_target"}


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
    assert 'href="tel:0612345678"' in page


def test_only_coordinators_reach_the_admin(coordinator_client, manager_client, volunteer_a_client):
    assert coordinator_client.get("/admin/seniors/senior/").status_code == 200
    assert manager_client.get("/admin/seniors/senior/").status_code == 302
    assert volunteer_a_client.get("/admin/seniors/senior/").status_code == 302
