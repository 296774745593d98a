"""Ages and the age bands the bilan counts by (INDICATORS.md, "Age bands")."""

from __future__ import annotations

import datetime

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

EARLIEST_BIRTH_DATE = datetime.date(1900, 1, 1)


class AgeBand(models.TextChoices):
    UNDER_60 = "under_60", _("Under 60")
    FROM_60 = "60_74", _("60-74")
    FROM_75 = "75_84", _("75-84")
    FROM_85 = "85_plus", _("85 and over")


def age_on(birth_date: datetime.date, day: datetime.date) -> int:
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def age_band(birth_date: datetime.date, day: datetime.date) -> str:
    age = age_on(birth_date, day)
    if age >= 85:
        return AgeBand.FROM_85
    if age >= 75:
        return AgeBand.FROM_75
    if age >= 60:
        return AgeBand.FROM_60
    return AgeBand.UNDER_60


def birth_dates_for_band(band: str, day: datetime.date) -> Q:
    """A filter on birth_date selecting people in `band` on `day`."""

    def years_ago(years: int) -> datetime.date:
        try:
            return day.replace(year=day.year - years)
        except ValueError:  # 29 February
            return day.replace(year=day.year - years, day=28)

    bounds = {
        AgeBand.UNDER_60: (None, 60),
        AgeBand.FROM_60: (60, 75),
        AgeBand.FROM_75: (75, 85),
        AgeBand.FROM_85: (85, None),
    }[band]
    low, high = bounds
    condition = Q()
    if low is not None:
        condition &= Q(birth_date__lte=years_ago(low))
    if high is not None:
        condition &= Q(birth_date__gt=years_ago(high))
    return condition
