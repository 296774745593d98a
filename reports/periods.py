"""Reporting periods: half-years and arbitrary date ranges, and how a query keeps to one
(Paris local days, bounds on the datetime columns so that their indexes serve)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext as _

from ccas_visits.lib.dates import local_midnight


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date

    @classmethod
    def half_year_of(cls, day: datetime.date) -> Period:
        if day.month <= 6:
            return cls(datetime.date(day.year, 1, 1), datetime.date(day.year, 6, 30))
        return cls(datetime.date(day.year, 7, 1), datetime.date(day.year, 12, 31))

    @property
    def label(self) -> str:
        if (self.start.month, self.start.day, self.end.month, self.end.day) == (1, 1, 6, 30):
            return _("January–June %(year)s") % {"year": self.start.year}
        if (self.start.month, self.start.day, self.end.month, self.end.day) == (7, 1, 12, 31):
            return _("July–December %(year)s") % {"year": self.start.year}
        return _("%(start)s to %(end)s") % {
            "start": self.start.strftime("%d/%m/%Y"),
            "end": self.end.strftime("%d/%m/%Y"),
        }

    def previous_half_year(self) -> Period:
        return Period.half_year_of(self.start - datetime.timedelta(days=1))

    def same_period_last_year(self) -> Period:
        def shift(day: datetime.date) -> datetime.date:
            try:
                return day.replace(year=day.year - 1)
            except ValueError:
                return day.replace(year=day.year - 1, day=28)

        return Period(shift(self.start), shift(self.end))


def programme_year_start() -> tuple[int, int]:
    """(month, day) the programme's year starts on: settings.PROGRAMME_YEAR_START."""
    month, day = (int(part) for part in settings.PROGRAMME_YEAR_START.split("-"))
    return month, day


def programme_year(year: int) -> Period:
    """The programme's year `year`: the one that starts in the calendar year `year`
    (1 January to 31 December by default; 1 September `year` to 31 August `year + 1` when
    the CCAS sets its year to start on 1 September)."""
    month, day = programme_year_start()
    start = datetime.date(year, month, day)
    return Period(start, datetime.date(year + 1, month, day) - datetime.timedelta(days=1))


def programme_year_of(day: datetime.date) -> int:
    """The programme's year `day` falls in (see `programme_year`)."""
    return day.year if day >= programme_year(day.year).start else day.year - 1


def programme_year_label(year: int) -> str:
    """ "2026" for a calendar year, "2025-2026" for a year across two."""
    period = programme_year(year)
    return str(year) if period.end.year == year else f"{year}-{period.end.year}"


def months_of(period: Period) -> list[datetime.date]:
    """First day of every month the period touches."""
    months = []
    month = period.start.replace(day=1)
    while month <= period.end:
        months.append(month)
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    return months


def month_bounds(field_name: str, months: list[datetime.date]) -> dict[str, Q]:
    """{"m0": the datetime field inside the first month (Paris), ...}: counted with
    `filter=` over the range the date index bounds, no per-row time-zone arithmetic."""
    ends = [*months[1:], (months[-1] + datetime.timedelta(days=32)).replace(day=1)]
    return {
        f"m{i}": Q(**{f"{field_name}__gte": local_midnight(first), f"{field_name}__lt": local_midnight(end)})
        for i, (first, end) in enumerate(zip(months, ends, strict=True))
    }


def within(field_name: str, period: Period) -> Q:
    """A datetime field inside the period's Paris days."""
    return Q(
        **{
            f"{field_name}__gte": local_midnight(period.start),
            f"{field_name}__lt": local_midnight(period.end + datetime.timedelta(days=1)),
        }
    )
