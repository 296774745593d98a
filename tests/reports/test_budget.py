import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from reports.budget import budget_summary
from reports.exports import budget_document, to_pdf
from reports.models import Budget, ExpenseLine, Funding
from reports.periods import Period
from tests.factories import BudgetFactory, ExpenseLineFactory, FundingFactory
from tests.reports.dataset import H1_2025, build_known_dataset
from tests.reports.test_exports import pdf_text

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


def test_a_capped_funding_is_checked_against_its_projects_planned_cost(budget_2025):
    """Budget 2025 plans 36,500 €: the CNSA's 5,000 € capped at 80 % holds (13.7 %); the
    commune's 15,000 € capped at 40 % does not (41.1 %); a budget without planned expenses
    cannot say."""
    Funding.objects.filter(source=Funding.Source.CNSA).update(cap_pct=Decimal("80"))
    Funding.objects.filter(source=Funding.Source.COMMUNE).update(cap_pct=Decimal("40"))
    empty = BudgetFactory(name="Budget à préparer")
    FundingFactory(budget=empty, source=Funding.Source.CARSAT, amount=Decimal("1000"), cap_pct=Decimal("50"))
    caps = [(c.budget, c.funding, c.share_pct, c.is_respected) for c in budget_summary(H1_2025).caps]
    assert caps == [
        ("Budget 2025", "Commune", Decimal("41.1"), False),
        ("Budget 2025", "CNSA", Decimal("13.7"), True),
        ("Budget à préparer", "CARSAT", None, None),
    ]
    text = pdf_text(to_pdf(budget_document(H1_2025)))
    assert "Plafonds des financements" in text
    assert "Commune 15 000,00 € 36 500,00 € 41,1 % 40,0 % non, dépassé" in text


@pytest.mark.parametrize(
    ("cap", "message"),
    [
        ("120", "Un plafond est une part du coût, supérieure à 0 et d’au plus 100 %."),
        ("0", "Un plafond est une part du coût, supérieure à 0 et d’au plus 100 %."),
        ("quatre-vingts", "Saisissez un nombre."),
    ],
)
def test_a_cap_outside_0_to_100_is_refused_in_french(coordinator_client, budget_2025, cap, message):
    page = coordinator_client.get(reverse("reports:budget_update", args=[budget_2025.pk]))
    form = page.context["fundings"]
    data = {
        "name": budget_2025.name,
        "starts_on": budget_2025.starts_on.isoformat(),
        "ends_on": budget_2025.ends_on.isoformat(),
        "notes": "",
    }
    for prefix, formset in (("funding", form), ("expense", page.context["expenses"])):
        data |= {
            f"{prefix}-TOTAL_FORMS": str(len(formset.forms)),
            f"{prefix}-INITIAL_FORMS": str(formset.initial_form_count()),
            f"{prefix}-MIN_NUM_FORMS": "0",
            f"{prefix}-MAX_NUM_FORMS": "50",
        }
        for index, sub in enumerate(formset.forms):
            for name, field in sub.fields.items():
                value = sub.initial.get(name, field.initial)
                if value is None or value is False:
                    continue
                data[f"{prefix}-{index}-{name}"] = str(value.pk if hasattr(value, "pk") else value)
    data["funding-0-cap_pct"] = cap
    response = coordinator_client.post(reverse("reports:budget_update", args=[budget_2025.pk]), data)
    assert response.status_code == 400  # the form again, with its messages
    assert message in response.content.decode().replace("\u00a0", " ")
    assert not Funding.objects.filter(cap_pct__isnull=False).exists()
