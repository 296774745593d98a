"""Reporting periods: half-years and arbitrary date ranges."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext as _


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
