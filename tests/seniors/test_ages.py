"""The funders' age bands (INDICATORS.md, "Age bands"), in Python and in SQL."""

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from seniors.ages import (
    FUNDER_BOUNDS,
    FunderAgeBand,
    age_on,
    birth_dates_for_funder_band,
    funder_age_band,
)
from seniors.models import Senior
from tests.factories import SeniorFactory

DAY = datetime.date(2025, 12, 31)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("birth_date", "band"),
    [
        (datetime.date(1966, 1, 1), FunderAgeBand.UNDER_60),
        (datetime.date(1965, 12, 31), FunderAgeBand.FROM_60),
        (datetime.date(1956, 1, 1), FunderAgeBand.FROM_60),
        (datetime.date(1955, 12, 31), FunderAgeBand.FROM_70),
        (datetime.date(1945, 12, 31), FunderAgeBand.FROM_80),
        (datetime.date(1936, 1, 1), FunderAgeBand.FROM_80),
        (datetime.date(1935, 12, 31), FunderAgeBand.FROM_90),
    ],
)
def test_each_senior_is_in_one_funders_band_and_the_filter_agrees(birth_date, band):
    senior = SeniorFactory(birth_date=birth_date)
    assert funder_age_band(senior.birth_date, DAY) == band
    for other in FunderAgeBand.values:
        found = list(Senior.objects.filter(birth_dates_for_funder_band(other, DAY)))
        assert found == ([senior] if other == band else [])


def test_a_person_whose_birth_date_is_not_recorded_is_counted_apart():
    assert funder_age_band(None, DAY) == FunderAgeBand.NOT_GIVEN
    assert FunderAgeBand.NOT_GIVEN not in FUNDER_BOUNDS


@pytest.mark.parametrize(
    ("day", "band"),
    [
        (datetime.date(2026, 2, 28), FunderAgeBand.FROM_80),
        (datetime.date(2026, 3, 1), FunderAgeBand.FROM_90),
    ],
)
def test_born_on_29_february_turns_90_on_1_march_in_other_years(day, band):
    senior = SeniorFactory(birth_date=datetime.date(1936, 2, 29))
    assert funder_age_band(senior.birth_date, day) == band
    assert list(Senior.objects.filter(birth_dates_for_funder_band(band, day))) == [senior]


@given(
    st.dates(datetime.date(1900, 1, 1), datetime.date(2020, 1, 1)),
    st.dates(datetime.date(2020, 1, 2), datetime.date(2040, 1, 1)),
)
def test_the_band_holds_the_age(birth_date, day):
    low, high = FUNDER_BOUNDS[funder_age_band(birth_date, day)]
    age = age_on(birth_date, day)
    assert (low is None or age >= low) and (high is None or age < high)
