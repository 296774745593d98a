"""The overdue-contacts queue, computed by the database, around its boundary."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from seniors.models import Assignment, Senior
from tests.factories import CallFactory, PairFactory, SeniorFactory, VisitFactory
from visits.indicators import overdue_seniors
from visits.models import Call
from visits.queries import silent_pairs, volunteers_with_incomplete_onboarding

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2025, 6, 30)
PARIS = ZoneInfo("Europe/Paris")


def days_ago(days: int, hour: int = 10, minute: int = 0) -> datetime.datetime:
    day = TODAY - datetime.timedelta(days=days)
    return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=PARIS)


def overdue_ids() -> set[int]:
    return set(overdue_seniors(TODAY).values_list("pk", flat=True))


def assigned(pair, started_on: datetime.date, **kwargs) -> Senior:
    senior = SeniorFactory(pair=pair, **kwargs)
    Assignment.objects.create(senior=senior, pair=pair, started_on=started_on)
    return senior


def test_due_yesterday_is_overdue_and_due_today_is_not(pair_a):
    due_today = SeniorFactory(pair=pair_a[1])
    VisitFactory(senior=due_today, visited_at=days_ago(14, hour=23, minute=30))
    due_yesterday = SeniorFactory(pair=pair_a[1])
    VisitFactory(senior=due_yesterday, visited_at=days_ago(15, hour=0, minute=30))
    assert overdue_ids() == {due_yesterday.pk}
    assert overdue_seniors(TODAY).get().due_on == TODAY - datetime.timedelta(days=1)


def test_each_senior_has_their_own_rhythm(pair_a):
    weekly = SeniorFactory(pair=pair_a[1], visit_interval_days=7)
    monthly = SeniorFactory(pair=pair_a[1], visit_interval_days=30)
    for senior in (weekly, monthly):
        CallFactory(senior=senior, called_at=days_ago(10), outcome=Call.Outcome.REACHED)
    assert overdue_ids() == {weekly.pk}


def test_an_unanswered_call_is_no_contact_and_a_declined_call_is_one(pair_a):
    unanswered = SeniorFactory(pair=pair_a[1])
    CallFactory(senior=unanswered, called_at=days_ago(1), outcome=Call.Outcome.NO_ANSWER)
    CallFactory(senior=unanswered, called_at=days_ago(20), outcome=Call.Outcome.REACHED)
    declined = SeniorFactory(pair=pair_a[1])
    CallFactory(senior=declined, called_at=days_ago(1), outcome=Call.Outcome.DECLINED)
    assert overdue_ids() == {unanswered.pk}


def test_a_visit_planned_from_today_on_takes_the_senior_off_the_queue(pair_a):
    booked = SeniorFactory(pair=pair_a[1])
    CallFactory(
        senior=booked, called_at=days_ago(20), outcome=Call.Outcome.VISIT_BOOKED, visit_booked_for=TODAY
    )
    planned = SeniorFactory(pair=pair_a[1])
    VisitFactory(senior=planned, visited_at=days_ago(20), next_visit_on=TODAY + datetime.timedelta(days=2))
    missed = SeniorFactory(pair=pair_a[1])
    VisitFactory(senior=missed, visited_at=days_ago(20), next_visit_on=TODAY - datetime.timedelta(days=1))
    assert overdue_ids() == {missed.pk}


def test_the_latest_of_call_and_visit_counts(pair_a):
    senior = SeniorFactory(pair=pair_a[1])
    VisitFactory(senior=senior, visited_at=days_ago(40))
    CallFactory(senior=senior, called_at=days_ago(3), outcome=Call.Outcome.REACHED)
    assert overdue_ids() == set()
    row = overdue_seniors(TODAY + datetime.timedelta(days=12)).get()
    assert row.last_contact == days_ago(3)
    assert row.due_on == TODAY + datetime.timedelta(days=11)


def test_a_senior_assigned_and_never_visited_is_due_from_the_assignment_start(pair_a):
    late = assigned(pair_a[1], TODAY - datetime.timedelta(days=15))
    assigned(pair_a[1], TODAY - datetime.timedelta(days=14))  # due today: not yet overdue
    assert overdue_ids() == {late.pk}


def test_a_contact_before_the_current_assignment_does_not_count(pair_a):
    senior = assigned(pair_a[1], TODAY - datetime.timedelta(days=3))
    VisitFactory(senior=senior, visited_at=days_ago(30))
    assert overdue_ids() == set()
    assert overdue_seniors(TODAY + datetime.timedelta(days=12)).get().due_on == TODAY + datetime.timedelta(
        days=11
    )


def test_unpaired_paused_declined_or_closed_seniors_are_not_overdue(pair_a):
    never = SeniorFactory(pair=pair_a[1])
    SeniorFactory(pair=None)
    SeniorFactory(pair=pair_a[1], status=Senior.Status.PAUSED)
    SeniorFactory(pair=pair_a[1], status=Senior.Status.DECLINED)
    SeniorFactory(pair=pair_a[1], status=Senior.Status.CLOSED, closed_reason=Senior.ClosedReason.DECEASED)
    assert overdue_ids() == {never.pk}


@pytest.mark.clock
def test_silent_pairs_are_active_pairs_without_contact_for_30_days():
    busy, quiet = PairFactory(), PairFactory()
    PairFactory(ended_on=timezone.localdate() - datetime.timedelta(days=10))  # ended: not a queue item
    now = timezone.now()  # silent_pairs counts back from now
    CallFactory(
        senior=SeniorFactory(pair=busy),
        called_at=now - datetime.timedelta(days=29),
        outcome=Call.Outcome.NO_ANSWER,
    )
    VisitFactory(senior=SeniorFactory(pair=quiet), visited_at=now - datetime.timedelta(days=31))
    assert list(silent_pairs()) == [quiet]


def test_onboarding_is_incomplete_without_charter_or_training():
    from tests.factories import CharterSignatureFactory, VolunteerFactory

    complete = CharterSignatureFactory().volunteer
    no_charter = VolunteerFactory()
    no_training = CharterSignatureFactory(volunteer=VolunteerFactory(initial_training_on=None)).volunteer
    VolunteerFactory(status="left", left_on=timezone.localdate() - datetime.timedelta(days=10))
    assert set(volunteers_with_incomplete_onboarding()) == {no_charter, no_training}
    assert complete not in volunteers_with_incomplete_onboarding()
