"""Ages and the age bands the figures count by (INDICATORS.md, "Age bands"): the bilan's
bands and the funders' annexes' bands, each a table of bounds read by the same two
functions (a person's band in Python, the birth dates of a band in SQL)."""

from __future__ import annotations

import datetime

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

EARLIEST_BIRTH_DATE = datetime.date(1900, 1, 1)


class AgeBand(models.TextChoices):
    """The bilan's bands (the programmes' priority is 75 and over)."""

    UNDER_60 = "under_60", _("Under 60")
    FROM_60 = "60_74", _("60-74")
    FROM_75 = "75_84", _("75-84")
    FROM_85 = "85_plus", _("85 and over")


class FunderAgeBand(models.TextChoices):
    """The funders' annexes' bands, with the people whose birth date is not recorded."""

    UNDER_60 = "under_60", _("Under 60")
    FROM_60 = "60_69", _("60-69")
    FROM_70 = "70_79", _("70-79")
    FROM_80 = "80_89", _("80-89")
    FROM_90 = "90_plus", _("90 and over")
    NOT_GIVEN = "not_given", _("Age not given")


# Each band: (lowest age in it, first age above it); None is open-ended.
Bounds = dict[str, tuple[int | None, int | None]]

BILAN_BOUNDS: Bounds = {
    AgeBand.UNDER_60: (None, 60),
    AgeBand.FROM_60: (60, 75),
    AgeBand.FROM_75: (75, 85),
    AgeBand.FROM_85: (85, None),
}

FUNDER_BOUNDS: Bounds = {
    FunderAgeBand.UNDER_60: (None, 60),
    FunderAgeBand.FROM_60: (60, 70),
    FunderAgeBand.FROM_70: (70, 80),
    FunderAgeBand.FROM_80: (80, 90),
    FunderAgeBand.FROM_90: (90, None),
}


def age_on(birth_date: datetime.date, day: datetime.date) -> int:
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def band_in(bounds: Bounds, birth_date: datetime.date, day: datetime.date) -> str:
    age = age_on(birth_date, day)
    for band, (low, high) in bounds.items():
        if (low is None or age >= low) and (high is None or age < high):
            return band
    raise ValueError(f"no band for age {age}")


def birth_dates_in(bounds: Bounds, band: str, day: datetime.date) -> Q:
    """A filter on birth_date selecting the people in `band` on `day`."""

    def years_ago(years: int) -> datetime.date:
        try:
            return day.replace(year=day.year - years)
        except ValueError:  # 29 February
            return day.replace(year=day.year - years, day=28)

    low, high = bounds[band]
    condition = Q()
    if low is not None:
        condition &= Q(birth_date__lte=years_ago(low))
    if high is not None:
        condition &= Q(birth_date__gt=years_ago(high))
    return condition


def age_band(birth_date: datetime.date, day: datetime.date) -> str:
    return band_in(BILAN_BOUNDS, birth_date, day)


def birth_dates_for_band(band: str, day: datetime.date) -> Q:
    return birth_dates_in(BILAN_BOUNDS, band, day)


def funder_age_band(birth_date: datetime.date | None, day: datetime.date) -> str:
    if birth_date is None:
        return FunderAgeBand.NOT_GIVEN
    return band_in(FUNDER_BOUNDS, birth_date, day)


def birth_dates_for_funder_band(band: str, day: datetime.date) -> Q:
    if band == FunderAgeBand.NOT_GIVEN:
        return Q(birth_date__isnull=True)
    return birth_dates_in(FUNDER_BOUNDS, band, day)
