"""The programme over the years, on a hand-built dataset: each year's calls and visits (local
days, so a call at 00:30 on 1 January is the new year's), the stocks on each year's last day,
the growth over one and five years, the ten-year limit, and a query count that does not grow
with the years."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from reports.bilan.trend import trend
from seniors.models import Assignment
from tests.factories import CallFactory, PairFactory, SeniorFactory, VisitFactory, VolunteerFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 5, 13)


def at(day: str, hour: int = 10, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.fromisoformat(day).replace(hour=hour, minute=minute))


@pytest.fixture
def dataset():
    """Visits: 2 in 2020, 1 in 2021, 3 in 2025, 1 in 2026. Calls: one at 23:30 on
    31 December 2025 and one at 00:30 on 1 January 2026 (Paris). A pair whose two volunteers
    joined in 2019; a third volunteer from 2024 to 2025 (left on 1 March 2025). A senior
    followed from 1 June 2020 to 31 March 2021 (the 2020 and 2021 visits), another from
    2 January 2025 on (the later ones)."""
    pair = PairFactory(
        volunteer_a=VolunteerFactory(joined_on=datetime.date(2019, 3, 1)),
        volunteer_b=VolunteerFactory(joined_on=datetime.date(2019, 3, 1)),
        started_on=datetime.date(2019, 3, 1),
    )
    VolunteerFactory(joined_on=datetime.date(2024, 2, 1), left_on=datetime.date(2025, 3, 1), status="left")
    first, second = SeniorFactory(pair=None), SeniorFactory(pair=None)
    Assignment.objects.filter(senior__in=[first, second]).delete()
    Assignment.objects.create(
        senior=first, pair=pair, started_on=datetime.date(2020, 6, 1), ended_on=datetime.date(2021, 3, 31)
    )
    Assignment.objects.create(senior=second, pair=pair, started_on=datetime.date(2025, 1, 2))
    for day in ("2020-07-01", "2020-08-01", "2021-02-01"):
        VisitFactory(senior=first, pair=pair, visited_at=at(day))
    for day in ("2025-02-01", "2025-03-01", "2025-04-01", "2026-02-01"):
        VisitFactory(senior=second, pair=pair, visited_at=at(day))
    CallFactory(senior=second, pair=pair, called_at=at("2025-12-31", 23, 30))
    CallFactory(senior=second, pair=pair, called_at=at("2026-01-01", 0, 30))


def figures(result, year: int) -> tuple:
    row = next(row for row in result.years if row.year == year)
    return (row.calls, row.visits, row.seniors_followed, row.volunteers_active)


def test_each_year_is_hand_counted(dataset):
    result = trend(TODAY)
    assert [row.year for row in result.years] == list(range(2019, 2027))
    assert figures(result, 2019) == (0, 0, 0, 2)
    assert figures(result, 2020) == (0, 2, 1, 2)
    assert figures(result, 2021) == (0, 1, 0, 2)
    assert figures(result, 2024) == (0, 0, 0, 3)
    assert figures(result, 2025) == (1, 3, 1, 2)
    assert figures(result, 2026) == (1, 1, 1, 2)  # under way: the stocks of today
    assert [row.is_complete for row in result.years][-2:] == [True, False]
    # Five complete years back from 2025 is 2020: visits 2 → 3, +50 %; seniors 1 → 1.
    assert result.growth("visits", 5) == 50
    assert result.growth("seniors_followed", 5) == 0
    assert result.growth("calls", 5) is None  # from nothing: no percentage
    growth = dict((year.year, change) for year, change in result.yearly_growth())
    assert growth[2021]["visits"] == -50 and growth[2019]["visits"] is None


def test_ten_years_at_most_and_the_same_queries_for_two_or_ten(dataset, django_assert_num_queries):
    with django_assert_num_queries(7):
        trend(TODAY)
    VisitFactory(senior=SeniorFactory(pair=None), pair=None, visited_at=at("2008-05-01"))
    with django_assert_num_queries(7):
        result = trend(TODAY)
    assert [row.year for row in result.years] == list(range(2017, 2027))


def test_the_page_shows_the_years_and_the_targets(dataset, manager_client, volunteer_a_client):
    content = manager_client.get(reverse("reports:trend")).content.decode()
    for text in ("Le dispositif au fil des ans", "Appels passés", "Croissance sur cinq ans", "+50,0 %"):
        assert text in content
    assert "Objectif 2026" in content and "Objectif à trois ans" in content
    assert volunteer_a_client.get(reverse("reports:trend")).status_code == 403
