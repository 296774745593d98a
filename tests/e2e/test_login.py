import pytest
from playwright.sync_api import expect

from ccas_visits.lib.permissions import COORDINATOR
from tests.factories import SeniorFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_coordinator_logs_in_and_sees_the_french_dashboard(page, login, screenshot):
    UserFactory(username="claire", first_name="Claire", last_name="Vasseur", role=COORDINATOR)
    SeniorFactory(pair=None, status="identified")
    login("claire")
    expect(page.get_by_role("heading", name="Tableau de bord")).to_be_visible()
    expect(page.get_by_text("1 senior attend un binôme.")).to_be_visible()
    expect(page.get_by_role("navigation", name="Navigation principale")).to_contain_text("Claire Vasseur")
    screenshot("coordinator-dashboard")


def test_wrong_password_gives_a_french_message(page, login):
    UserFactory(username="claire", role=COORDINATOR)
    login("claire", password="wrong")
    expect(page.get_by_role("alert")).to_contain_text("ne correspondent pas")


def test_login_page_has_no_serious_accessibility_violation(page, live_server, accessibility_violations):
    page.goto(f"{live_server.url}/connexion/")
    assert accessibility_violations(page) == []
