"""The reports run the same number of queries for one pair and one visit as for many
pairs, months and visits: every figure is aggregated by the database."""

import datetime

import pytest

from reports.bilan import build_bilan
from reports.budget import budget_summary
from reports.periods import Period
from tests.factories import (
    BudgetFactory,
    CallFactory,
    ExpenseLineFactory,
    FundingFactory,
    PairFactory,
    SeniorFactory,
    VisitFactory,
)
from tests.reports.dataset import paris

pytestmark = pytest.mark.django_db

YEAR_2025 = Period(datetime.date(2025, 1, 1), datetime.date(2025, 12, 31))
TODAY = datetime.date(2026, 1, 15)

# build_bilan:
#  tally: calls per pair and month, visits per pair and month, the pairs (with members), their
#         memberships and the memberships' volunteers (a member replaced shows with dates) = 5
#  seniors: reached/visited/new/followed/awaiting/declined aggregate, the seniors reached
#           by age band × sex, by source, closed changes, first-visit dates = 5
#  volunteers: one aggregate, meetings by kind, pairs aggregate, visits by kind of volunteer
#              and by partner association = 5
#  offers: services presented, proposals by activity, orientations = 3
#  needs: needs by kind, alerts by kind = 2
#  key figures of the period, the previous period and the same period last year, 5 each
#            (calls, visits, seniors aggregate, active volunteers, active pairs) = 15
#  targets: the Target row, volunteers and seniors followed on the day before the year = 3
#  three-year targets: the plan's row, the same two stocks before the plan's first year = 3
#  pipeline by source: the stages by source, the first contacts of the approached = 2
#  funders' annex: the seniors by group × sex × band and by GIR, the participations by
#                  senior, volunteers by kind, by association, visits, calls, sessions held,
#                  volunteer hours (visits' presences, pairs' visits with nobody present,
#                  volunteers' calls, meetings' attendances) = 11
#  loneliness: the first and latest scores by senior, grouped (one query); reviews made,
#              reviews late on the stock day, questions declined = 4
BILAN_QUERIES = 58
# budget_summary: budgets with totals, funding by source, capped funding lines, expense
# lines, visits, seniors followed, active volunteers = 7; the values of an hour, and the
# volunteer hours of the half-year's one calendar year (4) = 5
BUDGET_QUERIES = 12


def make_data(pairs: int, visits_per_pair: int) -> None:
    BudgetFactory(starts_on=datetime.date(2025, 1, 1))
    for n in range(pairs):
        pair = PairFactory(started_on=datetime.date(2024, 1, 1))
        senior = SeniorFactory(pair=pair)
        FundingFactory(budget=BudgetFactory(name=f"B{n}"), cap_pct=80)
        ExpenseLineFactory(budget=FundingFactory().budget)
        for v in range(visits_per_pair):
            month = 1 + (v % 12)
            VisitFactory(senior=senior, pair=pair, visited_at=paris(2025, month, 10, 10))
            CallFactory(senior=senior, pair=pair, called_at=paris(2025, month, 3, 10))


@pytest.mark.parametrize(("pairs", "visits_per_pair"), [(1, 1), (12, 24)])
def test_bilan_query_count_does_not_grow(django_assert_num_queries, pairs, visits_per_pair):
    make_data(pairs, visits_per_pair)
    with django_assert_num_queries(BILAN_QUERIES):
        bilan = build_bilan(YEAR_2025, TODAY)
    assert bilan.tally.total_visits == pairs * visits_per_pair


@pytest.mark.parametrize(("pairs", "visits_per_pair"), [(1, 1), (12, 24)])
def test_budget_query_count_does_not_grow(django_assert_num_queries, pairs, visits_per_pair):
    make_data(pairs, visits_per_pair)
    with django_assert_num_queries(BUDGET_QUERIES):
        summary = budget_summary(YEAR_2025)
    assert summary.visits == pairs * visits_per_pair
    assert len(summary.caps) == pairs
