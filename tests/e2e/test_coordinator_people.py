"""A coordinator registers a senior (past a near-duplicate warning), gives them a pair
and pauses the follow-up, mostly from the keyboard; key pages pass axe-core."""

import datetime

import pytest
from playwright.sync_api import Page, expect

from ccas_visits.lib.permissions import COORDINATOR
from tests.factories import PairFactory, SeniorFactory, UserFactory, VolunteerFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def type_into(page: Page, selector: str, text: str) -> None:
    page.focus(selector)
    page.keyboard.type(text)


def test_coordinator_registers_assigns_and_pauses_a_senior(
    accessibility_violations, page, live_server, login, screenshot
):
    page.set_viewport_size({"width": 1280, "height": 800})
    UserFactory(username="claire", first_name="Claire", last_name="Vasseur", role=COORDINATOR)
    pair = PairFactory(name="Saint-Leu")
    VolunteerFactory(first_name="Mireille", last_name="Lefèvre-Caron")
    SeniorFactory(first_name="Odette", last_name="Lefebvre", birth_date=datetime.date(1938, 5, 17))
    login("claire")

    page.goto(f"{live_server.url}/seniors/nouveau/")
    type_into(page, "#id_first_name", "Odette")
    type_into(page, "#id_last_name", "Lefèvre")
    page.fill("#id_birth_date", "1938-05-17")
    type_into(page, "#id_address", "3 rue des Jacobins")
    page.select_option("#id_source", "flyer")
    type_into(page, "#id_source_detail", "Boulangerie de la place")
    page.keyboard.press("Enter")

    warning = page.get_by_role("alert").filter(has_text="Cette personne a peut-être déjà un dossier")
    expect(warning).to_be_visible()
    expect(warning).to_contain_text("Lefebvre Odette")
    screenshot("coordinator-people-duplicate-warning")

    page.focus("#id_confirm_not_duplicate")
    page.keyboard.press("Space")
    page.get_by_role("button", name="Enregistrer").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Odette Lefèvre")

    page.select_option("#assign_pair", label=str(pair))
    page.get_by_role("button", name="Confier").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#assignment")).to_contain_text(f"Suivi par : {pair}")
    expect(page.get_by_role("button", name="Changer de binôme")).to_be_visible()

    page.select_option("#status_status", "paused")
    type_into(page, "#status_reason", "Hospitalisation")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("En pause")
    expect(page.get_by_role("list").filter(has_text="Statut\u00a0: En pause")).to_contain_text(
        "Hospitalisation"
    )
    screenshot("coordinator-people-senior-page")
    assert accessibility_violations(page) == []

    page.goto(f"{live_server.url}/seniors/?q=lefevre")
    expect(page.get_by_role("link", name="Lefèvre Odette")).to_be_visible()
    screenshot("coordinator-people-senior-list")
    assert accessibility_violations(page) == []

    page.goto(f"{live_server.url}/benevoles/?q=lefevre")
    expect(page.get_by_role("link", name="Lefèvre-Caron Mireille")).to_be_visible()
    screenshot("coordinator-people-volunteer-list")
    assert accessibility_violations(page) == []
