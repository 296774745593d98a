"""Progress: the key figures compared with the previous half-year and last year, and the
yearly growth targets."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import (
    Count,
    Q,
)

from reports.bilan.seniors import followed_on, reached_in, seniors_followed_on
from reports.bilan.volunteers import volunteers_active_on
from reports.models import Target
from reports.periods import Period
from seniors.models import Senior
from visits.models import (
    Call,
    Visit,
)
from volunteers.models import Pair

DEFAULT_GROWTH_PCT = Decimal("10")


@dataclass
class KeyFigures:
    calls: int
    visits: int
    seniors_reached: int
    new_seniors: int
    seniors_followed_at_end: int
    volunteers_active_at_end: int
    pairs_active: int


def key_figures(period: Period) -> KeyFigures:
    """The figures compared from one period to another: five queries."""
    calls = Call.objects.between(period.start, period.end).count()
    visits = Visit.objects.between(period.start, period.end).count()
    s = Senior.objects.aggregate(
        reached=Count("id", filter=reached_in(period)),
        new=Count("id", filter=Q(identified_on__range=(period.start, period.end))),
        followed=Count("id", filter=followed_on(period.end)),
    )
    pairs = Pair.objects.filter(
        Q(started_on__lte=period.end) & (Q(ended_on__isnull=True) | Q(ended_on__gte=period.start))
    ).count()
    return KeyFigures(
        calls=calls,
        visits=visits,
        seniors_reached=s["reached"],
        new_seniors=s["new"],
        seniors_followed_at_end=s["followed"],
        volunteers_active_at_end=volunteers_active_on(period.end),
        pairs_active=pairs,
    )


@dataclass
class TargetProgress:
    year: int
    volunteers_growth_pct: Decimal
    seniors_growth_pct: Decimal
    volunteers_baseline: int
    seniors_baseline: int
    volunteers_now: int
    seniors_now: int

    @property
    def volunteers_target(self) -> int:
        return round(self.volunteers_baseline * (1 + self.volunteers_growth_pct / 100))

    @property
    def seniors_target(self) -> int:
        return round(self.seniors_baseline * (1 + self.seniors_growth_pct / 100))


def target_progress(period: Period, *, volunteers_now: int, seniors_now: int) -> TargetProgress:
    """Against the yearly targets: counts on 31 December of the year before, the target
    for the year of the period's end (+10 % when none was set), and where we stand."""
    year = period.end.year
    target = Target.objects.filter(year=year).first()
    baseline_day = datetime.date(year - 1, 12, 31)
    return TargetProgress(
        year=year,
        volunteers_growth_pct=target.volunteers_growth_pct if target else DEFAULT_GROWTH_PCT,
        seniors_growth_pct=target.seniors_growth_pct if target else DEFAULT_GROWTH_PCT,
        volunteers_baseline=volunteers_active_on(baseline_day),
        seniors_baseline=seniors_followed_on(baseline_day),
        volunteers_now=volunteers_now,
        seniors_now=seniors_now,
    )


def previous_period(period: Period) -> Period:
    """The half-year before a half-year; before any other range, a range as long."""
    half_year = Period.half_year_of(period.start)
    if half_year == period:
        return period.previous_half_year()
    length = period.end - period.start
    end = period.start - datetime.timedelta(days=1)
    return Period(end - length, end)
