"""The budget summary's figures: budgets overlapping a period, funding by source, expense
lines, and the unit costs funders ask for. A fixed number of queries."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import DecimalField, OuterRef, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from reports.models import Budget, ExpenseLine, Funding
from reports.periods import Period
from seniors.models import Senior
from visits.indicators import is_followed_between
from visits.models import Visit
from volunteers.models import Volunteer

ZERO = Decimal("0")
CENTS = Decimal("0.01")


def _sum_of(model, field_name: str) -> Coalesce:
    """The sum of a child table's amounts per budget, as a subquery (no join fan-out)."""
    rows = (
        model.objects.filter(budget=OuterRef("pk"))
        .order_by()
        .values("budget")
        .annotate(total=Sum(field_name))
        .values("total")
    )
    money = DecimalField(max_digits=14, decimal_places=2)
    return Coalesce(Subquery(rows, output_field=money), Value(ZERO), output_field=money)


@dataclass
class BudgetRow:
    name: str
    starts_on: datetime.date
    ends_on: datetime.date
    funding: Decimal
    planned: Decimal
    spent: Decimal
    days_in_period: int

    @property
    def days(self) -> int:
        return (self.ends_on - self.starts_on).days + 1

    @property
    def fraction_in_period(self) -> Decimal:
        return Decimal(self.days_in_period) / Decimal(self.days)


@dataclass
class ExpenseRow:
    budget: str
    category: str
    label: str
    planned: Decimal
    spent: Decimal


@dataclass
class BudgetSummary:
    period: Period
    budgets: list[BudgetRow]
    fundings: list[tuple[str, Decimal]]  # (source, amount)
    expenses: list[ExpenseRow]
    visits: int
    seniors_followed: int
    active_volunteers: int

    @property
    def funding_total(self) -> Decimal:
        return sum((amount for _, amount in self.fundings), ZERO)

    @property
    def planned_total(self) -> Decimal:
        return sum((e.planned for e in self.expenses), ZERO)

    @property
    def spent_total(self) -> Decimal:
        return sum((e.spent for e in self.expenses), ZERO)

    @property
    def planned_for_period(self) -> Decimal:
        """Each budget's planned total in the share of its days that fall in the period:
        a yearly budget counts for half in a half-year."""
        total = sum((b.planned * b.fraction_in_period for b in self.budgets), ZERO)
        return total.quantize(CENTS)

    @property
    def spent_for_period(self) -> Decimal:
        total = sum((b.spent * b.fraction_in_period for b in self.budgets), ZERO)
        return total.quantize(CENTS)

    def unit_costs(self) -> list[tuple[str, int, Decimal | None, Decimal | None]]:
        """(what, how many, cost on the planned budget, cost on spending) per unit."""
        return [
            (key, count, per(self.planned_for_period, count), per(self.spent_for_period, count))
            for key, count in (
                ("visit", self.visits),
                ("senior", self.seniors_followed),
                ("volunteer", self.active_volunteers),
            )
        ]


def per(amount: Decimal, count: int) -> Decimal | None:
    if not count:
        return None
    return (amount / count).quantize(CENTS)


def budget_summary(period: Period) -> BudgetSummary:
    """Six queries."""
    overlapping = Budget.objects.filter(starts_on__lte=period.end, ends_on__gte=period.start)
    budgets = budget_totals(overlapping).order_by("starts_on", "name")
    fundings = (
        Funding.objects.filter(budget__in=overlapping)
        .values("source")
        .annotate(amount=Sum("amount"))
        .order_by("-amount", "source")
    )
    expenses = (
        ExpenseLine.objects.filter(budget__in=overlapping)
        .select_related("budget")
        .order_by("budget__starts_on", "category", "label")
    )
    visits = Visit.objects.between(period.start, period.end).count()
    followed = Senior.objects.filter(is_followed_between(period.start, period.end)).count()
    active = Volunteer.objects.active_between(period.start, period.end).count()
    return BudgetSummary(
        period=period,
        budgets=[
            BudgetRow(
                name=b.name,
                starts_on=b.starts_on,
                ends_on=b.ends_on,
                funding=b.funding,
                planned=b.planned,
                spent=b.spent,
                days_in_period=(min(b.ends_on, period.end) - max(b.starts_on, period.start)).days + 1,
            )
            for b in budgets
        ],
        fundings=[(f["source"], f["amount"]) for f in fundings],
        expenses=[
            ExpenseRow(
                budget=e.budget.name,
                category=e.category,
                label=e.label,
                planned=e.planned,
                spent=e.spent,
            )
            for e in expenses
        ],
        visits=visits,
        seniors_followed=followed,
        active_volunteers=active,
    )


def budget_totals(budgets: QuerySet[Budget]) -> QuerySet[Budget]:
    """Budgets with their funding, planned and spent totals, in the same query."""
    return budgets.annotate(
        funding=_sum_of(Funding, "amount"),
        planned=_sum_of(ExpenseLine, "planned"),
        spent=_sum_of(ExpenseLine, "spent"),
    )
