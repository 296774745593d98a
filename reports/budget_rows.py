"""The budget summary's tables, which every format prints (as reports.rows does for the bilan)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from reports.budget import BudgetSummary
from reports.models import ExpenseLine, Funding
from reports.tables import DATE, DECIMAL, MONEY, PCT, TEXT, Column, Table, share


def budget_tables(summary: BudgetSummary) -> list[Table]:
    budgets = Table(
        key="budgets",
        title=_("Budgets covering the period"),
        columns=[
            Column(_("Budget"), TEXT),
            Column(_("From"), DATE),
            Column(_("Until"), DATE),
            Column(_("Funding (EUR)"), MONEY),
            Column(_("Planned (EUR)"), MONEY),
            Column(_("Spent (EUR)"), MONEY),
            Column(_("Share in the period (%)"), PCT),
        ],
        rows=[
            [
                b.name,
                b.starts_on,
                b.ends_on,
                b.funding,
                b.planned,
                b.spent,
                share(b.days_in_period, b.days),
            ]
            for b in summary.budgets
        ],
    )
    total = summary.funding_total
    fundings = Table(
        key="fundings",
        title=_("Funding by source"),
        columns=[Column(_("Source"), TEXT), Column(_("Amount (EUR)"), MONEY), Column(_("Share (%)"), PCT)],
        rows=[[str(Funding.Source(s).label), amount, share(amount, total)] for s, amount in summary.fundings],
        totals=[[_("Total"), total, share(total, total)]],
    )
    expenses = Table(
        key="expenses",
        title=_("Expense lines"),
        columns=[
            Column(_("Budget"), TEXT),
            Column(_("Category"), TEXT),
            Column(_("Line"), TEXT),
            Column(_("Planned (EUR)"), MONEY),
            Column(_("Spent (EUR)"), MONEY),
            Column(_("Spent out of planned (%)"), PCT),
        ],
        rows=[
            [
                e.budget,
                str(ExpenseLine.Category(e.category).label),
                e.label,
                e.planned,
                e.spent,
                share(e.spent, e.planned),
            ]
            for e in summary.expenses
        ],
        totals=[
            [
                _("Total"),
                "",
                "",
                summary.planned_total,
                summary.spent_total,
                share(summary.spent_total, summary.planned_total),
            ]
        ],
    )
    for_period = Table(
        key="for_period",
        title=_("Cost of the period"),
        columns=[Column(_("Indicator"), TEXT), Column(_("Amount (EUR)"), MONEY)],
        rows=[
            [_("Planned budget, share of the period"), summary.planned_for_period],
            [_("Spending, share of the period"), summary.spent_for_period],
        ],
        note=_(
            "A budget counts in proportion to its days that fall in the period: "
            "about half of a yearly budget for a half-year."
        ),
    )
    units = {
        "visit": _("Per visit done"),
        "senior": _("Per senior followed in the period"),
        "volunteer": _("Per active volunteer"),
    }
    unit_costs = Table(
        key="unit_costs",
        title=_("Unit costs"),
        columns=[
            Column(_("Unit"), TEXT),
            Column(_("Number in the period")),
            Column(_("Cost on the planned budget (EUR)"), MONEY),
            Column(_("Cost on spending (EUR)"), MONEY),
        ],
        rows=[[units[key], count, planned, spent] for key, count, planned, spent in summary.unit_costs()],
    )
    without, with_time = summary.costs_per_visit()
    in_kind = Table(
        key="in_kind",
        title=_("Contributions volontaires en nature (volunteer time valued)"),
        columns=[
            Column(_("Year"), TEXT),
            Column(_("Volunteer hours"), DECIMAL),
            Column(_("Value of an hour (EUR)"), MONEY),
            Column(_("Valued (EUR)"), MONEY),
        ],
        rows=[
            [str(year.year), year.hours.hours, year.hour_value, year.value] for year in summary.valued_hours
        ],
        totals=[
            [
                _("Total"),
                summary.hours_total,
                None,
                summary.valued_total,
            ],
            [_("Spending of the period per visit"), None, None, without],
            [_("Spending of the period and volunteer time valued, per visit"), None, None, with_time],
        ],
        note=_(
            "Volunteer hours as the funders' annex counts them, valued at the year's value of an hour "
            "(Bilans → Objectifs); %(missing)s calls and meetings without a recorded duration add no hours."
        )
        % {"missing": sum(year.hours.without_duration for year in summary.valued_hours)},
    )
    answers = {True: _("yes"), False: _("no, exceeded"), None: _("project's cost not entered")}
    caps = Table(
        key="caps",
        title=_("Funding caps"),
        columns=[
            Column(_("Budget"), TEXT),
            Column(_("Funding"), TEXT),
            Column(_("Amount (EUR)"), MONEY),
            Column(_("Project's cost, planned (EUR)"), MONEY),
            Column(_("Share of the cost (%)"), PCT),
            Column(_("Cap (%)"), PCT),
            Column(_("Cap respected"), TEXT),
        ],
        rows=[
            [
                c.budget,
                c.funding,
                c.amount,
                c.project_cost,
                c.share_pct,
                c.cap_pct,
                str(answers[c.is_respected]),
            ]
            for c in summary.caps
        ],
        note=_(
            "A funding line with a cap (a call for projects often caps its subsidy at 80 per cent of the "
            "project's cost) against its budget's planned expenses."
        ),
    )
    return [budgets, fundings, expenses, for_period, unit_costs, in_kind, caps]
