"""Who may open the reports and the budget pages, and what they get."""

import datetime
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from reports.models import Budget, Funding, Target, ThreeYearTarget, VolunteerHourValue
from reports.periods import Period
from tests.conftest import client_for
from tests.factories import BudgetFactory, ExpenseLineFactory, FundingFactory, VisitFactory
from tests.reports.dataset import paris

pytestmark = pytest.mark.django_db

PERIOD = "?start=2025-01-01&end=2025-06-30"
REPORT_URLS = [
    reverse("manager_home"),
    reverse("reports:bilan") + PERIOD,
    reverse("reports:budget") + PERIOD,
    *[reverse("reports:bilan_file", args=[fmt]) + PERIOD for fmt in ("pdf", "xlsx", "csv")],
    *[reverse("reports:budget_file", args=[fmt]) + PERIOD for fmt in ("pdf", "xlsx", "csv")],
]
BUDGET_URLS = [
    reverse("reports:budget_list"),
    reverse("reports:budget_create"),
    reverse("reports:targets"),
]


@pytest.mark.parametrize("url", REPORT_URLS + BUDGET_URLS)
def test_anonymous_is_sent_to_login(url):
    response = Client().get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("url", REPORT_URLS + BUDGET_URLS)
def test_volunteer_cannot_open_reports_or_budgets(volunteer_a_client, url):
    assert volunteer_a_client.get(url).status_code == 403


@pytest.mark.parametrize("url", REPORT_URLS)
def test_manager_and_coordinator_get_the_reports(manager_client, coordinator_client, url):
    assert manager_client.get(url).status_code == 200
    assert coordinator_client.get(url).status_code == 200


@pytest.mark.parametrize("url", BUDGET_URLS)
def test_only_coordinators_edit_budgets_and_targets(manager_client, coordinator_client, url):
    assert manager_client.get(url).status_code == 403
    assert coordinator_client.get(url).status_code == 200


def test_manager_cannot_edit_a_budget_and_unknown_budget_is_404(manager_client, coordinator_client):
    budget = BudgetFactory()
    assert manager_client.get(reverse("reports:budget_update", args=[budget.pk])).status_code == 403
    assert coordinator_client.get(reverse("reports:budget_update", args=[budget.pk + 1])).status_code == 404


def test_files_are_downloads_named_after_the_period(manager_client):
    response = manager_client.get(reverse("reports:bilan_file", args=["pdf"]) + PERIOD)
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert 'filename="bilan-2025-01-01-2025-06-30.pdf"' in response["Content-Disposition"]
    response = manager_client.get(reverse("reports:budget_file", args=["csv"]) + PERIOD)
    assert response.content.decode("utf-8-sig").startswith("Synthèse budgétaire;janvier–juin 2025")


def test_unknown_format_is_404(manager_client):
    assert manager_client.get(reverse("reports:bilan_file", args=["docx"]) + PERIOD).status_code == 404


@pytest.mark.clock
def test_a_report_address_without_dates_shows_the_current_half_year(manager_client):
    response = manager_client.get(reverse("reports:bilan"))
    assert response.status_code == 200
    assert Period.half_year_of(timezone.localdate()).label in response.content.decode()
    assert manager_client.get(reverse("reports:bilan_file", args=["pdf"])).status_code == 200


def test_a_period_ending_before_it_starts_gets_a_french_message(manager_client):
    response = manager_client.get(reverse("reports:bilan") + "?start=2025-06-30&end=2025-01-01")
    assert response.status_code == 400
    assert "La fin de la période est avant son début." in response.content.decode()


def test_preview_shows_the_figures_and_download_links(manager_client):
    VisitFactory(visited_at=paris(2025, 6, 30, 23, 30))
    page = manager_client.get(reverse("reports:bilan") + PERIOD).content.decode()
    assert "Bilan semestriel — janvier–juin 2025" in page
    assert "<svg" in page  # the same chart as in the PDF
    assert reverse("reports:bilan_file", args=["pdf"]) + PERIOD.replace("&", "&amp;") in page


def test_reports_page_lists_the_half_years_from_the_first_contact_to_the_last_newest_first(
    manager_client,
):
    VisitFactory(visited_at=paris(2024, 12, 31, 23, 30))
    VisitFactory(visited_at=paris(2025, 7, 1, 0, 30))
    listed = manager_client.get(reverse("manager_home")).content.decode().split("Autre période")[0]
    # A half-year without any contact in between still has its (empty) bilan.
    assert listed.index("juillet–décembre 2025") < listed.index("janvier–juin 2025")
    assert listed.index("janvier–juin 2025") < listed.index("juillet–décembre 2024")
    assert "janvier–juin 2024" not in listed and "2026" not in listed


def test_reports_page_query_count_does_not_grow_with_half_years(manager, django_assert_num_queries):
    client = client_for(manager)
    for year in range(2015, 2026):
        VisitFactory(visited_at=paris(year, 3, 1, 10))
        VisitFactory(visited_at=paris(year, 9, 1, 10))
    # session, user, the user's groups, months with calls, months with visits, issued bilans
    with django_assert_num_queries(6):
        response = client.get(reverse("manager_home"))
    # Each half-year: the bilan, the funders' annex and the budget summary.
    assert response.content.decode().count("Aperçu<span") == 22 * 3


def budget_post(**overrides) -> dict:
    data = {
        "name": "Budget 2026",
        "starts_on": "2026-01-01",
        "ends_on": "2026-12-31",
        "notes": "",
        "funding-TOTAL_FORMS": "1",
        "funding-INITIAL_FORMS": "0",
        "funding-MIN_NUM_FORMS": "0",
        "funding-MAX_NUM_FORMS": "1000",
        "funding-0-source": "commune",
        "funding-0-label": "",
        "funding-0-amount": "15000",
        "funding-0-is_confirmed": "on",
        "expense-TOTAL_FORMS": "1",
        "expense-INITIAL_FORMS": "0",
        "expense-MIN_NUM_FORMS": "0",
        "expense-MAX_NUM_FORMS": "1000",
        "expense-0-category": "staff",
        "expense-0-label": "Animatrice",
        "expense-0-planned": "38000",
        "expense-0-spent": "0",
    }
    return {**data, **overrides}


def test_coordinator_enters_a_budget_with_funding_and_expense_lines(coordinator_client):
    response = coordinator_client.post(reverse("reports:budget_create"), budget_post())
    assert response.status_code == 302
    budget = Budget.objects.get(name="Budget 2026")
    assert budget.total_funding() == Decimal("15000")
    assert budget.expense_lines.get().planned == Decimal("38000")


def test_a_refused_budget_saves_nothing(coordinator_client):
    response = coordinator_client.post(
        reverse("reports:budget_create"), budget_post(**{"expense-0-planned": "-5"})
    )
    assert response.status_code == 400
    assert "Rien n’a été enregistré" in response.content.decode()
    assert not Budget.objects.exists() and not Funding.objects.exists()


def test_coordinator_edits_a_budget_and_deletes_a_line(coordinator_client):
    budget = BudgetFactory()
    funding = FundingFactory(budget=budget)
    line = ExpenseLineFactory(budget=budget)
    data = budget_post(
        name="Budget 2025 révisé",
        **{
            "funding-TOTAL_FORMS": "1",
            "funding-INITIAL_FORMS": "1",
            "funding-0-id": str(funding.pk),
            "funding-0-DELETE": "on",
            "expense-INITIAL_FORMS": "1",
            "expense-0-id": str(line.pk),
            "expense-0-spent": "12000",
        },
    )
    response = coordinator_client.post(reverse("reports:budget_update", args=[budget.pk]), data)
    assert response.status_code == 302
    budget.refresh_from_db()
    assert budget.name == "Budget 2025 révisé"
    assert not budget.fundings.exists()
    assert budget.expense_lines.get().spent == Decimal("12000")


def test_budget_list_query_count_is_the_same_for_one_and_many(coordinator, django_assert_num_queries):
    client = client_for(coordinator)
    for year in range(2000, 2030):
        start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
        FundingFactory(budget=BudgetFactory(name=f"Budget {year}", starts_on=start, ends_on=end))
    # session, user, the user's groups, the budgets with their three totals
    with django_assert_num_queries(4):
        response = client.get(reverse("reports:budget_list"))
    assert response.content.decode().count("60\u00a0000,00\u00a0€") == 30


def targets_data(yearly: list[dict], plans: list[dict], hour_values: list[dict] = ()) -> dict:
    data = {}
    for prefix, rows in (("form", yearly), ("plan", plans), ("hour", hour_values)):
        data |= {f"{prefix}-TOTAL_FORMS": str(len(rows)), f"{prefix}-INITIAL_FORMS": "0"}
        data |= {f"{prefix}-{i}-{name}": value for i, row in enumerate(rows) for name, value in row.items()}
    return data


def test_coordinator_sets_a_yearly_and_a_three_year_target(coordinator_client):
    data = targets_data(
        [{"year": "2026", "volunteers_growth_pct": "15", "seniors_growth_pct": "10"}],
        [{"first_year": "2025", "volunteers_growth_pct": "40", "seniors_growth_pct": "60"}],
    )
    response = coordinator_client.post(reverse("reports:targets"), data)
    assert response.status_code == 302
    assert Target.objects.get(year=2026).volunteers_growth_pct == Decimal("15")
    assert ThreeYearTarget.objects.get(first_year=2025).seniors_growth_pct == Decimal("60")


def test_coordinator_sets_the_value_of_a_volunteer_hour_for_a_year(coordinator_client):
    data = targets_data([], [], [{"year": "2025", "value": "17.50"}])
    assert coordinator_client.post(reverse("reports:targets"), data).status_code == 302
    assert VolunteerHourValue.objects.get(year=2025).value == Decimal("17.50")
    refused = targets_data(
        [{"year": "2026", "volunteers_growth_pct": "15", "seniors_growth_pct": "10"}],
        [],
        [{"year": "2026", "value": "0"}],
    )
    response = coordinator_client.post(reverse("reports:targets"), refused)
    assert response.status_code == 400
    assert "Rien n’a été enregistré" in response.content.decode()
    assert not Target.objects.exists() and not VolunteerHourValue.objects.filter(year=2026).exists()


def test_a_wrong_three_year_line_saves_neither_table(coordinator_client):
    data = targets_data(
        [{"year": "2026", "volunteers_growth_pct": "15", "seniors_growth_pct": "10"}],
        [{"first_year": "20255", "volunteers_growth_pct": "-400", "seniors_growth_pct": "60"}],
    )
    response = coordinator_client.post(reverse("reports:targets"), data)
    assert response.status_code == 400
    assert "Rien n’a été enregistré" in response.content.decode()
    assert not Target.objects.exists() and not ThreeYearTarget.objects.exists()
