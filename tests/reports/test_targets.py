"""The yearly and three-year targets (INDICATORS.md, "Targets"): on the stocks of the last
day of the programme's year, which is the calendar year unless the CCAS sets another."""

import datetime
from decimal import Decimal

import pytest

from reports.bilan import build_bilan
from reports.bilan.progress import target_progress, three_year_progress
from reports.models import Target, ThreeYearTarget
from reports.periods import Period, programme_year, programme_year_label, programme_year_of
from tests.factories import VolunteerFactory

pytestmark = pytest.mark.django_db

H1_2026 = Period(datetime.date(2026, 1, 1), datetime.date(2026, 6, 30))


def volunteers_joined(day: datetime.date, count: int) -> None:
    for _ in range(count):
        VolunteerFactory(joined_on=day)


def test_by_default_the_programme_year_is_the_calendar_year():
    assert programme_year(2026) == Period(datetime.date(2026, 1, 1), datetime.date(2026, 12, 31))
    assert programme_year_of(datetime.date(2026, 1, 1)) == 2026
    assert programme_year_label(2026) == "2026"


def test_a_programme_year_from_september_runs_to_the_end_of_august(settings):
    settings.PROGRAMME_YEAR_START = "09-01"
    assert programme_year(2025) == Period(datetime.date(2025, 9, 1), datetime.date(2026, 8, 31))
    assert programme_year_of(datetime.date(2026, 8, 31)) == 2025
    assert programme_year_of(datetime.date(2026, 9, 1)) == 2026
    assert programme_year_label(2025) == "2025-2026"


def test_yearly_targets_start_from_the_day_before_the_programme_year(settings):
    settings.PROGRAMME_YEAR_START = "09-01"
    volunteers_joined(datetime.date(2025, 3, 1), 10)
    volunteers_joined(datetime.date(2025, 9, 1), 2)  # the year's first day: not in the baseline
    t = target_progress(H1_2026, volunteers_now=12, seniors_now=0)
    assert (t.label, t.baseline_day, t.end_day) == (
        "2025-2026",
        datetime.date(2025, 8, 31),
        datetime.date(2026, 8, 31),
    )
    assert (t.volunteers.baseline, t.volunteers.target, t.volunteers.share_covered) == (
        10,
        11,
        Decimal("200.0"),
    )
    Target.objects.create(year=2025, volunteers_growth_pct=Decimal("30"))
    assert target_progress(H1_2026, volunteers_now=12, seniors_now=0).volunteers.target == 13


def test_without_a_plan_the_three_year_target_is_fifty_percent_over_the_three_years_ending_now():
    volunteers_joined(datetime.date(2023, 12, 31), 4)
    volunteers_joined(datetime.date(2024, 1, 1), 2)
    t = three_year_progress(H1_2026, volunteers_now=6, seniors_now=0)
    assert (t.label, t.baseline_day, t.end_day) == (
        "2024 à 2026",
        datetime.date(2023, 12, 31),
        datetime.date(2026, 12, 31),
    )
    assert (t.volunteers.baseline, t.volunteers.growth_pct, t.volunteers.target) == (4, Decimal("50"), 6)
    assert t.volunteers.is_met and t.volunteers.share_covered == Decimal("100.0")


def test_a_plan_set_by_the_ccas_holds_its_three_years_only():
    volunteers_joined(datetime.date(2024, 12, 1), 10)
    ThreeYearTarget.objects.create(first_year=2025, volunteers_growth_pct=Decimal("40"))
    t = three_year_progress(H1_2026, volunteers_now=12, seniors_now=0)
    assert (t.label, t.baseline_day) == ("2025 à 2027", datetime.date(2024, 12, 31))
    assert (t.volunteers.baseline, t.volunteers.target) == (10, 14)
    # 2028 is past that plan: back to the default plan, the three years ending with 2028.
    later = Period(datetime.date(2028, 1, 1), datetime.date(2028, 6, 30))
    assert three_year_progress(later, volunteers_now=0, seniors_now=0).label == "2026 à 2028"


def test_the_bilan_prints_the_three_year_targets_next_to_the_yearly_ones():
    volunteers_joined(datetime.date(2023, 6, 1), 2)
    bilan = build_bilan(H1_2026, today=datetime.date(2026, 7, 1))
    assert bilan.three_year_targets.volunteers.target == 3
    assert bilan.targets.volunteers.target == 2
