"""The programme over the years: calls, visits, seniors followed and volunteers active per
programme year, for up to ten years, with the growth over one and five years. Four queries
whatever the number of years: each figure is one aggregate with a filter per year.

The words are INDICATORS.md's, through the functions that define them: calls and visits dated
in the year (`ContactQuerySet.between`), seniors followed and volunteers active on the year's
last day (or today for the year under way; `is_followed_on`, `is_active_on`)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Min

from ccas_visits.lib.dates import paris
from reports.bilan.progress import stock_day
from reports.periods import Period, programme_year, programme_year_label, programme_year_of, within
from reports.tables import share
from seniors.models import Senior
from visits.indicators import is_followed_on
from visits.models import Call, Visit
from volunteers.models import Volunteer, is_active_on

MAX_YEARS = 10
FIGURES = ("calls", "visits", "seniors_followed", "volunteers_active")
# Each figure under the key figures' label (reports.labels): a year is a period like any other.
LABELS = {
    "calls": "calls",
    "visits": "visits",
    "seniors_followed": "seniors_followed_at_end",
    "volunteers_active": "volunteers_active_at_end",
}


@dataclass(frozen=True)
class TrendYear:
    year: int
    label: str
    period: Period
    stock_day: datetime.date  # the day the stocks are counted on
    is_complete: bool
    calls: int
    visits: int
    seniors_followed: int
    volunteers_active: int


@dataclass(frozen=True)
class Trend:
    years: list[TrendYear]  # oldest first

    def growth(self, figure: str, years_back: int) -> Decimal | None:
        """The change in percent of `figure` from `years_back` complete years before the last
        complete year to it; None when the programme is not that old or started from 0."""
        complete = [year for year in self.years if year.is_complete]
        if len(complete) <= years_back:
            return None
        then, now = getattr(complete[-1 - years_back], figure), getattr(complete[-1], figure)
        return share(now - then, then)

    def yearly_growth(self) -> list[tuple[TrendYear, dict[str, Decimal | None]]]:
        """Each year with its change from the year before, per figure."""
        rows = []
        for index, year in enumerate(self.years):
            before = self.years[index - 1] if index else None
            rows.append(
                (
                    year,
                    {
                        figure: share(
                            getattr(year, figure) - getattr(before, figure), getattr(before, figure)
                        )
                        if before
                        else None
                        for figure in FIGURES
                    },
                )
            )
        return rows


def first_year(today: datetime.date) -> int:
    """The programme's year of its first recorded call, visit or volunteer, at most
    MAX_YEARS back (three queries answered by an index's first entry)."""
    moments = [
        Call.objects.aggregate(first=Min("called_at"))["first"],
        Visit.objects.aggregate(first=Min("visited_at"))["first"],
    ]
    days = [moment.astimezone(paris()).date() for moment in moments if moment is not None]
    if joined := Volunteer.objects.aggregate(first=Min("joined_on"))["first"]:
        days.append(joined)
    current = programme_year_of(today)
    first = programme_year_of(min(days)) if days else current
    return max(first, current - MAX_YEARS + 1)


def _per_year(queryset, field: str, periods: dict[int, Period]) -> dict[str, int]:
    """One query: the records dated in each year, local (Paris) days, on the date index."""
    return queryset.aggregate(
        **{f"y{year}": Count("id", filter=within(field, period)) for year, period in periods.items()}
    )


def trend(today: datetime.date) -> Trend:
    start = first_year(today)
    periods = {year: programme_year(year) for year in range(start, programme_year_of(today) + 1)}
    days = {year: stock_day(period, today) for year, period in periods.items()}
    calls = _per_year(Call.objects.all(), "called_at", periods)
    visits = _per_year(Visit.objects.all(), "visited_at", periods)
    followed = Senior.objects.aggregate(
        **{f"y{year}": Count("id", filter=is_followed_on(day)) for year, day in days.items()}
    )
    active = Volunteer.objects.aggregate(
        **{f"y{year}": Count("id", filter=is_active_on(day)) for year, day in days.items()}
    )
    return Trend(
        years=[
            TrendYear(
                year=year,
                label=programme_year_label(year),
                period=period,
                stock_day=days[year],
                is_complete=period.end < today,
                calls=calls[f"y{year}"],
                visits=visits[f"y{year}"],
                seniors_followed=followed[f"y{year}"],
                volunteers_active=active[f"y{year}"],
            )
            for year, period in periods.items()
        ]
    )
