"""The overdue-contacts queue, computed by the database, around its boundary."""

import datetime

import pytest
from django.utils import timezone

from seniors.models import Senior
from tests.factories import CallFactory, PairFactory, SeniorFactory, VisitFactory
from visits.models import Call
from visits.queries import overdue_seniors, silent_pairs, volunteers_with_incomplete_onboarding

pytestmark = [pytest.mark.django_db, pytest.mark.clock]


def ago(days: int, minutes: int = 0) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days, minutes=minutes)


def overdue_ids() -> set[int]:
    return set(overdue_seniors(now=timezone.now()).values_list("pk", flat=True))


def test_a_contact_just_inside_the_rhythm_is_not_overdue_and_just_outside_is(pair_a):
    inside = SeniorFactory(pair=pair_a[1])
    VisitFactory(senior=inside, visited_at=ago(14) + datetime.timedelta(minutes=1))
    outside = SeniorFactory(pair=pair_a[1])
    VisitFactory(senior=outside, visited_at=ago(14, minutes=1))
    assert overdue_ids() == {outside.pk}


def test_each_senior_has_their_own_rhythm(pair_a):
    weekly = SeniorFactory(pair=pair_a[1], visit_interval_days=7)
    monthly = SeniorFactory(pair=pair_a[1], visit_interval_days=30)
    for senior in (weekly, monthly):
        CallFactory(senior=senior, called_at=ago(10), outcome=Call.Outcome.REACHED)
    assert overdue_ids() == {weekly.pk}


def test_only_successful_calls_count_as_contact(pair_a):
    unanswered = SeniorFactory(pair=pair_a[1])
    CallFactory(senior=unanswered, called_at=ago(1), outcome=Call.Outcome.NO_ANSWER)
    CallFactory(senior=unanswered, called_at=ago(20), outcome=Call.Outcome.REACHED)
    booked = SeniorFactory(pair=pair_a[1])
    CallFactory(
        senior=booked,
        called_at=ago(1),
        outcome=Call.Outcome.VISIT_BOOKED,
        visit_booked_for=timezone.localdate() + datetime.timedelta(days=3),
    )
    assert overdue_ids() == {unanswered.pk}


def test_the_latest_of_call_and_visit_counts(pair_a):
    senior = SeniorFactory(pair=pair_a[1])
    VisitFactory(senior=senior, visited_at=ago(40))
    CallFactory(senior=senior, called_at=ago(3), outcome=Call.Outcome.REACHED)
    assert overdue_ids() == set()
    row = overdue_seniors(now=timezone.now() + datetime.timedelta(days=12)).get()
    assert row.last_contact == ago(3)
    assert row.overdue_by.days == 1


def test_never_contacted_seniors_of_a_pair_are_overdue_but_not_unpaired_or_closed_ones(pair_a):
    never = SeniorFactory(pair=pair_a[1])
    SeniorFactory(pair=None)
    SeniorFactory(pair=pair_a[1], status=Senior.Status.PAUSED)
    SeniorFactory(pair=pair_a[1], status=Senior.Status.CLOSED, closed_reason=Senior.ClosedReason.DECEASED)
    assert overdue_ids() == {never.pk}


def test_silent_pairs_are_active_pairs_without_contact_for_30_days():
    busy, quiet = PairFactory(), PairFactory()
    PairFactory(ended_on=timezone.localdate() - datetime.timedelta(days=10))  # ended: not a queue item
    CallFactory(senior=SeniorFactory(pair=busy), called_at=ago(29), outcome=Call.Outcome.NO_ANSWER)
    VisitFactory(senior=SeniorFactory(pair=quiet), visited_at=ago(31))
    assert list(silent_pairs()) == [quiet]


def test_onboarding_is_incomplete_without_charter_or_training():
    from tests.factories import CharterSignatureFactory, VolunteerFactory

    complete = CharterSignatureFactory().volunteer
    no_charter = VolunteerFactory()
    no_training = CharterSignatureFactory(volunteer=VolunteerFactory(initial_training_on=None)).volunteer
    VolunteerFactory(status="left", left_on=timezone.localdate() - datetime.timedelta(days=10))
    assert set(volunteers_with_incomplete_onboarding()) == {no_charter, no_training}
    assert complete not in volunteers_with_incomplete_onboarding()
