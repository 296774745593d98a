import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from reports.budget import budget_summary
from reports.models import Budget, ExpenseLine, Funding
from reports.periods import Period
from tests.factories import BudgetFactory, ExpenseLineFactory, FundingFactory
from tests.reports.dataset import H1_2025, build_known_dataset

pytestmark = pytest.mark.django_db


@pytest.fixture
def budget_2025():
    budget = BudgetFactory(name="Budget 2025")
    FundingFactory(budget=budget, source=Funding.Source.CCAS, amount=Decimal("30000"))
    FundingFactory(budget=budget, source=Funding.Source.COMMUNE, amount=Decimal("15000"))
    FundingFactory(budget=budget, source=Funding.Source.CNSA, amount=Decimal("5000"))
    ExpenseLineFactory(budget=budget, label="Animatrice", planned=Decimal("36500"), spent=Decimal("18250"))
    ExpenseLineFactory(
        budget=budget,
        category=ExpenseLine.Category.TRAINING,
        label="Séminaire",
        planned=Decimal("0"),
        spent=Decimal("0"),
    )
    BudgetFactory(
        name="Budget 2023", starts_on=datetime.date(2023, 1, 1), ends_on=datetime.date(2023, 12, 31)
    )
    return budget


def test_budget_summary_sets_funding_expenses_and_unit_costs(budget_2025):
    build_known_dataset()
    summary = budget_summary(H1_2025)
    assert [b.name for b in summary.budgets] == ["Budget 2025"]
    assert summary.fundings == [
        ("ccas", Decimal("30000")),
        ("commune", Decimal("15000")),
        ("cnsa", Decimal("5000")),
    ]
    assert summary.funding_total == Decimal("50000")
    assert (summary.planned_total, summary.spent_total) == (Decimal("36500"), Decimal("18250"))
    # 181 of 365 days: 36 500 € planned → 18 100 € for the half-year.
    assert summary.planned_for_period == Decimal("18100.00")
    assert summary.spent_for_period == Decimal("9050.00")
    assert (summary.visits, summary.seniors_followed, summary.active_volunteers) == (6, 3, 7)
    costs = {key: (count, planned, spent) for key, count, planned, spent in summary.unit_costs()}
    assert costs["visit"] == (6, Decimal("3016.67"), Decimal("1508.33"))
    # Per senior followed in the period (s1, s2, s3), no longer per senior visited.
    assert costs["senior"] == (3, Decimal("6033.33"), Decimal("3016.67"))
    assert costs["volunteer"] == (7, Decimal("2585.71"), Decimal("1292.86"))


def test_budget_summary_of_a_period_without_budget_or_visits_gives_no_unit_cost():
    summary = budget_summary(Period(datetime.date(2030, 1, 1), datetime.date(2030, 6, 30)))
    assert summary.budgets == [] and summary.funding_total == 0
    assert [c[2] for c in summary.unit_costs()] == [None, None, None]


def test_a_budget_entered_by_mistake_is_deleted_after_confirmation(coordinator_client, budget_2025):
    url = reverse("reports:budget_delete", args=[budget_2025.pk])
    edit_page = coordinator_client.get(reverse("reports:budget_update", args=[budget_2025.pk]))
    assert url in edit_page.content.decode()
    page = coordinator_client.get(url).content.decode()
    assert "avec ses lignes de financement (3) et de dépenses (2)" in page
    assert Budget.objects.filter(pk=budget_2025.pk).exists()  # asking is not deleting

    response = coordinator_client.post(url, follow=True)
    assert "Le budget « Budget 2025 » est supprimé." in response.content.decode()
    assert list(Budget.objects.values_list("name", flat=True)) == ["Budget 2023"]
    assert not Funding.objects.filter(budget_id=budget_2025.pk).exists()
    assert not ExpenseLine.objects.filter(budget_id=budget_2025.pk).exists()
    assert Budget.history.filter(id=budget_2025.pk, history_type="-").exists()
