"""A heatwave campaign is opened, worked and closed in the browser; the coordinator's pages
pass axe-core without serious or critical violations."""

import datetime

import pytest
from playwright.sync_api import expect

from ccas_visits.lib.permissions import COORDINATOR
from seniors.models import RegisterEntry
from tests.factories import AlertFactory, PairFactory, SeniorFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def assert_accessible(page, accessibility_violations) -> None:
    assert accessibility_violations(page) == []


def open_follow_up(page, name: str) -> None:
    page.get_by_role("button", name="Suivi").click()
    page.get_by_role("link", name=name, exact=True).click()


def on_register(senior) -> None:
    RegisterEntry.objects.create(
        senior=senior,
        basis=RegisterEntry.Basis.AGE_65,
        requested_by=RegisterEntry.RequestedBy.SELF,
        registered_on=datetime.date(2024, 6, 1),
    )


def test_a_heatwave_campaign_is_opened_worked_and_closed(
    accessibility_violations, page, live_server, login, screenshot
):
    page.set_viewport_size({"width": 1280, "height": 800})
    UserFactory(username="claire", first_name="Claire", last_name="Vasseur", role=COORDINATOR)
    pair = PairFactory(name="Saint-Leu")
    for senior in (
        SeniorFactory(pair=pair, first_name="Odette", last_name="Lefèvre"),
        SeniorFactory(pair=None, first_name="Marcel", last_name="Dupuis"),
        SeniorFactory(pair=None, first_name="Yvette", last_name="Caron"),
    ):
        on_register(senior)
    objector = SeniorFactory(pair=None, first_name="Paul", last_name="Refus")
    on_register(objector)
    RegisterEntry.objects.filter(senior=objector).update(objected_on=datetime.date(2024, 7, 1))
    AlertFactory(senior=objector, description="Personne ne répond à la porte")

    login("claire")
    expect(page.get_by_role("heading", name="Tableau de bord")).to_be_visible()
    assert_accessible(page, accessibility_violations)
    screenshot("dashboard")

    open_follow_up(page, "Alertes")
    expect(page.get_by_role("heading", name="Alertes urgentes")).to_be_visible()
    assert_accessible(page, accessibility_violations)
    screenshot("alert-list")

    open_follow_up(page, "Campagnes")
    page.get_by_role("link", name="Ouvrir une campagne").click()
    page.get_by_label("Nom").fill("Canicule juillet")
    page.get_by_label("Type").select_option("heatwave")
    expect(page.get_by_label("Paul Refus")).to_have_count(0)  # objected: never offered
    expect(page.get_by_label("Odette Lefèvre")).to_be_checked()
    screenshot("campaign-open")
    page.get_by_role("button", name="Ouvrir la campagne et constituer les listes d’appel").click()

    expect(page.get_by_role("heading", name="Canicule juillet")).to_be_visible()
    to_call = page.locator('[data-count="to_call"]')
    expect(to_call).to_have_text("3")
    expect(page.get_by_role("heading", name=f"Liste d’appel de {pair}")).to_be_visible()
    assert_accessible(page, accessibility_violations)
    screenshot("campaign-page")

    # By keyboard: focus the line's link, open it, choose the result, save.
    page.get_by_role("link", name="Enregistrer l’appel — Marcel Dupuis").focus()
    page.keyboard.press("Enter")
    page.get_by_label("Joint, a besoin d’aide").check()
    page.get_by_label("Note").fill("Plus d’eau à la maison")
    page.get_by_label("Note").press("Enter")
    expect(page.get_by_role("status")).to_contain_text("L’appel à Marcel Dupuis a été enregistré.")
    expect(to_call).to_have_text("2")
    expect(page.locator('[data-count="needs_help"]')).to_have_text("1")
    screenshot("campaign-worked")

    # A senior who phoned the CCAS during the heatwave joins the lists; Yvette goes to the staff.
    SeniorFactory(pair=None, first_name="Gisèle", last_name="Vasseur")
    page.get_by_role("link", name="Ajouter un senior aux listes d’appel").click()
    page.get_by_label("Trouver le senior par son nom").fill("vasseur")
    page.get_by_label("Trouver le senior par son nom").press("Enter")
    page.get_by_role("button", name="Ajouter — Gisèle Vasseur").click()
    expect(page.get_by_role("status")).to_contain_text("Gisèle Vasseur a été ajouté(e) à la liste d’appel")
    expect(to_call).to_have_text("3")
    page.get_by_role("link", name="Enregistrer l’appel — Yvette Caron").click()
    page.get_by_label("Passer sur la liste d’appel de").select_option(label="Équipe du CCAS")
    screenshot("campaign-move")
    assert_accessible(page, accessibility_violations)
    page.get_by_role("button", name="Passer sur cette liste").click()
    expect(page.get_by_role("status")).to_contain_text("Yvette Caron est maintenant sur la liste d’appel de")
    staff_list = page.locator("#list-staff")
    expect(staff_list).to_contain_text("Yvette Caron")

    page.get_by_role("button", name="Clore la campagne").click()
    expect(page.get_by_text("close le")).to_be_visible()
    expect(page.get_by_role("link", name="Enregistrer l’appel — Odette Lefèvre")).to_have_count(0)

    open_follow_up(page, "Appels et visites")
    expect(page.get_by_role("cell", name="Marcel Dupuis")).to_be_visible()
    expect(page.get_by_text("1 appel", exact=True)).to_be_visible()
    screenshot("calls-list")
