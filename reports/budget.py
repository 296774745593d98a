"""The budget summary's figures: budgets overlapping a period, funding by source, expense
lines, and the unit costs funders ask for. A fixed number of queries."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db.models import DecimalField, OuterRef, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from reports.models import Budget, ExpenseLine, Funding, VolunteerHourValue
from reports.periods import Period
from seniors.models import Senior
from visits.indicators import VolunteerHours, is_followed_between, volunteer_hours
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


@dataclass(frozen=True)
class ValuedHours:
    """The volunteer hours of the period's part in one calendar year, valued at that year's
    value of an hour (INDICATORS.md, "valued volunteer time")."""

    year: int
    hours: VolunteerHours
    hour_value: Decimal

    @property
    def value(self) -> Decimal:
        # From the minutes, not the rounded hours: 495 min at 20 € are 165.00 €.
        return (Decimal(self.hours.minutes) * self.hour_value / 60).quantize(CENTS)


@dataclass(frozen=True)
class CapRow:
    """A funding line capped at a share of its project's cost (the budget's planned
    expenses), and whether the cap holds."""

    budget: str
    funding: str
    amount: Decimal
    cap_pct: Decimal
    project_cost: Decimal

    @property
    def share_pct(self) -> Decimal | None:
        if not self.project_cost:
            return None
        return (self.amount * 100 / self.project_cost).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

    @property
    def is_respected(self) -> bool | None:
        """None when the project's cost is not entered yet (no planned expense)."""
        if not self.project_cost:
            return None
        return self.amount * 100 <= self.cap_pct * self.project_cost


@dataclass
class BudgetSummary:
    period: Period
    budgets: list[BudgetRow]
    fundings: list[tuple[str, Decimal]]  # (source, amount)
    expenses: list[ExpenseRow]
    visits: int
    seniors_followed: int
    active_volunteers: int
    valued_hours: list[ValuedHours]
    caps: list[CapRow]

    @property
    def hours_total(self) -> Decimal:
        minutes = sum(year.hours.minutes for year in self.valued_hours)
        return (Decimal(minutes) / 60).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

    @property
    def valued_total(self) -> Decimal:
        return sum((year.value for year in self.valued_hours), ZERO)

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

    def costs_per_visit(self) -> tuple[Decimal | None, Decimal | None]:
        """The spending of the period per visit, without and with the valued volunteer time."""
        return per(self.spent_for_period, self.visits), per(
            self.spent_for_period + self.valued_total, self.visits
        )


def valued_hours(period: Period) -> list[ValuedHours]:
    """One query for the years' values, then the hours of each calendar year's part of the
    period (a period covers three years at most)."""
    years = range(period.start.year, period.end.year + 1)
    values = dict(VolunteerHourValue.objects.filter(year__in=years).values_list("year", "value"))
    default = Decimal(settings.VOLUNTEER_HOUR_VALUE)
    return [
        ValuedHours(
            year=year,
            hours=volunteer_hours(
                max(period.start, datetime.date(year, 1, 1)), min(period.end, datetime.date(year, 12, 31))
            ),
            hour_value=values.get(year, default),
        )
        for year in years
    ]


def per(amount: Decimal, count: int) -> Decimal | None:
    if not count:
        return None
    return (amount / count).quantize(CENTS)


def budget_summary(period: Period) -> BudgetSummary:
    """Seven queries, and for the valued volunteer time one, then four per calendar year."""
    overlapping = Budget.objects.filter(starts_on__lte=period.end, ends_on__gte=period.start)
    budgets = list(budget_totals(overlapping).order_by("starts_on", "name"))
    project_costs = {b.pk: b.planned for b in budgets}
    capped = (
        Funding.objects.filter(budget__in=overlapping, cap_pct__isnull=False)
        .select_related("budget")
        .order_by("budget__starts_on", "budget__name", "-amount")
    )
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
        valued_hours=valued_hours(period),
        caps=[
            CapRow(
                budget=f.budget.name,
                funding=str(f),
                amount=f.amount,
                cap_pct=f.cap_pct,
                project_cost=project_costs[f.budget_id],
            )
            for f in capped
        ],
    )


def budget_totals(budgets: QuerySet[Budget]) -> QuerySet[Budget]:
    """Budgets with their funding, planned and spent totals, in the same query."""
    return budgets.annotate(
        funding=_sum_of(Funding, "amount"),
        planned=_sum_of(ExpenseLine, "planned"),
        spent=_sum_of(ExpenseLine, "spent"),
    )
