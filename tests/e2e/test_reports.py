import pytest
from playwright.sync_api import expect

from ccas_visits.lib.permissions import COORDINATOR, MANAGER
from tests.factories import CallFactory, UserFactory, VisitFactory
from tests.reports.dataset import paris

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_manager_opens_the_half_year_report_from_the_reports_page(
    accessibility_violations, page, login, screenshot
):
    UserFactory(username="direction", role=MANAGER)
    visit = VisitFactory(visited_at=paris(2025, 6, 30, 23, 30))
    CallFactory(senior=visit.senior, pair=visit.pair, called_at=paris(2025, 1, 1, 0, 30))
    login("direction")
    expect(page.get_by_role("heading", name="Bilans", exact=True)).to_be_visible()
    row = page.get_by_role("row", name="janvier–juin 2025")
    expect(row.get_by_role("link", name="PDF").first).to_be_visible()
    assert accessibility_violations(page) == []
    screenshot("reports-index")
    row.get_by_role("link", name="Aperçu").first.click()
    expect(page.get_by_role("heading", name="Bilan semestriel — janvier–juin 2025")).to_be_visible()
    tally = "Appels passés et visites effectuées, par binôme et par mois"
    expect(page.get_by_role("heading", name=tally)).to_be_visible()
    assert accessibility_violations(page) == []
    screenshot("reports-bilan-preview")


def test_coordinator_enters_a_budget(accessibility_violations, page, login, screenshot):
    UserFactory(username="claire", role=COORDINATOR)
    login("claire")
    page.goto(page.url.split("/tableau")[0] + "/rapports/budgets/nouveau/")
    page.locator("#id_name").fill("Budget 2026")
    page.locator("#id_starts_on").fill("2026-01-01")
    page.locator("#id_ends_on").fill("2026-12-31")
    assert accessibility_violations(page) == []
    screenshot("reports-budget-form")
    page.get_by_role("button", name="Enregistrer le budget").click()
    expect(page.get_by_role("heading", name="Budgets du dispositif")).to_be_visible()
    expect(page.get_by_role("link", name="Budget 2026")).to_be_visible()
