import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from tests.factories import BudgetFactory, CallFactory, FundingFactory, VisitFactory
from visits.models import Call, Visit

pytestmark = pytest.mark.django_db

FAR_FUTURE = datetime.datetime(2999, 1, 1, 12, tzinfo=datetime.UTC)


def test_database_refuses_a_visit_in_its_future(senior_of_a, future_contacts_allowed):
    # The database checks against its own clock, which the tests do not freeze: a far date is
    # in its future on every real day.
    with pytest.raises(IntegrityError), transaction.atomic():
        VisitFactory(senior=senior_of_a, visited_at=FAR_FUTURE)


@pytest.mark.clock
def test_visit_validation_says_a_visit_cannot_be_in_the_future(senior_of_a):
    visit = VisitFactory.build(senior=senior_of_a, visited_at=timezone.now() + datetime.timedelta(days=1))
    with pytest.raises(ValidationError) as error:
        visit.full_clean()
    assert error.value.message_dict["visited_at"] == ["Une visite ne peut pas être dans le futur."]


@pytest.mark.parametrize("minutes", [0, 601])
def test_database_refuses_a_visit_duration_out_of_range(senior_of_a, minutes):
    with pytest.raises(IntegrityError), transaction.atomic():
        VisitFactory(senior=senior_of_a, duration_minutes=minutes)


def test_database_refuses_a_booking_date_on_a_call_that_booked_nothing(senior_of_a):
    with pytest.raises(IntegrityError), transaction.atomic():
        CallFactory(
            senior=senior_of_a, outcome=Call.Outcome.NO_ANSWER, visit_booked_for=datetime.date(2025, 1, 1)
        )


def test_database_refuses_a_negative_funding():
    with pytest.raises(IntegrityError), transaction.atomic():
        FundingFactory(budget=BudgetFactory(), amount=-1)


def test_between_counts_first_and_last_day_in_paris_time(senior_of_a):
    paris = timezone.get_default_timezone()
    inside = [
        datetime.datetime(2025, 1, 1, 0, 5, tzinfo=paris),
        datetime.datetime(2025, 6, 30, 23, 30, tzinfo=paris),
    ]
    outside = [
        datetime.datetime(2024, 12, 31, 23, 55, tzinfo=paris),
        datetime.datetime(2025, 7, 1, 0, 0, tzinfo=paris),
    ]
    for moment in inside + outside:
        VisitFactory(senior=senior_of_a, visited_at=moment)
    found = Visit.objects.between(datetime.date(2025, 1, 1), datetime.date(2025, 6, 30))
    assert sorted(v.visited_at for v in found) == inside
