"""Progress: the key figures compared with the previous half-year and last year, and the
yearly and three-year growth targets on the year-end stocks. The dashboard shows these same figures."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count
from django.utils.translation import gettext as _

from reports.models import Target, ThreeYearTarget
from reports.periods import Period, programme_year, programme_year_label, programme_year_of
from reports.tables import share
from seniors.models import Senior, has_declined_between, is_new_between
from visits.indicators import is_followed_on, is_reached_between, is_visited_between
from visits.models import Call, Visit
from volunteers.models import Pair, Volunteer

DEFAULT_GROWTH_PCT = Decimal("10")
DEFAULT_THREE_YEAR_GROWTH_PCT = Decimal("50")


@dataclass
class KeyFigures:
    calls: int
    visits: int
    seniors_visited: int
    seniors_reached: int
    new_seniors: int
    refusals: int
    seniors_followed_at_end: int
    volunteers_active_at_end: int
    pairs_active: int


def stock_day(period: Period, today: datetime.date) -> datetime.date:
    """The day a period's stocks are counted on: its last day, or today while it runs."""
    return min(period.end, today)


def key_figures(period: Period, today: datetime.date) -> KeyFigures:
    """The figures compared from one period to another, and shown on the dashboard: five
    queries. Every word is defined in the app that owns its data."""
    start, end, day = period.start, period.end, stock_day(period, today)
    s = Senior.objects.aggregate(
        visited=Count("id", filter=is_visited_between(start, end)),
        reached=Count("id", filter=is_reached_between(start, end)),
        new=Count("id", filter=is_new_between(start, end)),
        refusals=Count("id", filter=has_declined_between(start, end)),
        followed=Count("id", filter=is_followed_on(day)),
    )
    return KeyFigures(
        calls=Call.objects.between(start, end).count(),
        visits=Visit.objects.between(start, end).count(),
        seniors_visited=s["visited"],
        seniors_reached=s["reached"],
        new_seniors=s["new"],
        refusals=s["refusals"],
        seniors_followed_at_end=s["followed"],
        volunteers_active_at_end=Volunteer.objects.active_on(day).count(),
        pairs_active=Pair.objects.active_between(start, end).count(),
    )


@dataclass
class Progress:
    """One stock against its year-end target."""

    baseline: int  # on the last day of the year before
    growth_pct: Decimal
    now: int  # on the period's stock day

    @property
    def target(self) -> int:
        """The baseline grown by the year's percentage, rounded to the nearest whole
        number, halves up (21 + 10 % = 23.1 → 23; 15 + 10 % = 16.5 → 17)."""
        grown = Decimal(self.baseline) * (1 + self.growth_pct / 100)
        return int(grown.quantize(Decimal("1"), rounding=ROUND_HALF_UP))

    @property
    def share_covered(self) -> Decimal | None:
        """The share of the way from the baseline to the target covered, in percent:
        (now − baseline) ÷ (target − baseline); None when the target is the baseline."""
        return share(self.now - self.baseline, self.target - self.baseline)

    @property
    def is_met(self) -> bool:
        return self.now >= self.target


@dataclass
class TargetProgress:
    """The two targeted stocks against the target for the last day of a programme year
    (yearly) or of a plan's third year (three-year)."""

    label: str  # "2026", "2025-2026", "2024 to 2026"
    baseline_day: datetime.date  # the day before the first year
    end_day: datetime.date  # the day the target is for
    volunteers: Progress
    seniors: Progress


def _progress(
    label: str,
    first_year: int,
    last_year: int,
    target: Target | ThreeYearTarget,
    *,
    volunteers_now: int,
    seniors_now: int,
) -> TargetProgress:
    baseline_day = programme_year(first_year).start - datetime.timedelta(days=1)
    return TargetProgress(
        label=label,
        baseline_day=baseline_day,
        end_day=programme_year(last_year).end,
        volunteers=Progress(
            baseline=Volunteer.objects.active_on(baseline_day).count(),
            growth_pct=target.volunteers_growth_pct,
            now=volunteers_now,
        ),
        seniors=Progress(
            baseline=Senior.objects.filter(is_followed_on(baseline_day)).count(),
            growth_pct=target.seniors_growth_pct,
            now=seniors_now,
        ),
    )


def target_progress(period: Period, *, volunteers_now: int, seniors_now: int) -> TargetProgress:
    """Against the yearly targets of the programme's year of the period's end (+10 % when
    none was set): the stocks on the day before that year, grown. Two queries and the
    target's row."""
    year = programme_year_of(period.end)
    target = Target.objects.filter(year=year).first() or Target(
        year=year, volunteers_growth_pct=DEFAULT_GROWTH_PCT, seniors_growth_pct=DEFAULT_GROWTH_PCT
    )
    return _progress(
        programme_year_label(year), year, year, target, volunteers_now=volunteers_now, seniors_now=seniors_now
    )


def three_year_progress(period: Period, *, volunteers_now: int, seniors_now: int) -> TargetProgress:
    """Against the three-year plan that holds the programme's year of the period's end:
    the latest plan set to start in that year or one of the two before; without one, the
    three years ending with this one at +50 %."""
    year = programme_year_of(period.end)
    target = ThreeYearTarget.objects.filter(first_year__range=(year - 2, year)).first() or ThreeYearTarget(
        first_year=year - 2,
        volunteers_growth_pct=DEFAULT_THREE_YEAR_GROWTH_PCT,
        seniors_growth_pct=DEFAULT_THREE_YEAR_GROWTH_PCT,
    )
    first, last = target.first_year, target.first_year + 2
    label = _("%(first)s to %(last)s") % {
        "first": programme_year_label(first),
        "last": programme_year_label(last),
    }
    return _progress(label, first, last, target, volunteers_now=volunteers_now, seniors_now=seniors_now)


def previous_period(period: Period) -> Period:
    """The half-year before a half-year; before any other range, a range as long."""
    half_year = Period.half_year_of(period.start)
    if half_year == period:
        return period.previous_half_year()
    length = period.end - period.start
    end = period.start - datetime.timedelta(days=1)
    return Period(end - length, end)
