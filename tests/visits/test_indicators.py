"""Each word of INDICATORS.md at its edges, as `visits.indicators`, `seniors.models` and
`volunteers.models` define it. Every date is fixed: nothing reads the clock."""

import datetime
from zoneinfo import ZoneInfo

import pytest

from seniors.models import Assignment, Consent, Senior
from tests.factories import CallFactory, PairFactory, SeniorFactory, VisitFactory, VolunteerFactory
from visits.indicators import (
    is_awaiting_first_visit_on,
    is_followed_between,
    is_followed_on,
    is_newly_followed_between,
    is_reached_between,
    is_still_followed_between,
    is_visited_between,
    overdue_seniors,
    with_contact_dates,
)
from visits.models import Call
from visits.views.tablet import seniors_due_first
from volunteers.models import Pair, Volunteer

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")


def day(m: int, d: int, y: int = 2025) -> datetime.date:
    return datetime.date(y, m, d)


def at(m: int, d: int, hour: int = 10, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(2025, m, d, hour, minute, tzinfo=PARIS)


def ids(condition) -> set[int]:
    return set(Senior.objects.filter(condition).values_list("pk", flat=True))


def contact_dates(senior: Senior, today: datetime.date) -> Senior:
    return with_contact_dates(Senior.objects.filter(pk=senior.pk), today).get()


def assigned(pair: Pair, since: datetime.date, until: datetime.date | None = None, **kwargs) -> Senior:
    senior = SeniorFactory(pair=pair if until is None else None, **kwargs)
    Assignment.objects.create(senior=senior, pair=pair, started_on=since, ended_on=until)
    return senior


# --- Contacts ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("outcome", "successful"),
    [
        ("reached", True),
        ("visit_booked", True),
        ("declined", True),
        ("no_answer", False),
        ("wrong_number", False),
    ],
)
def test_a_call_is_a_successful_contact_when_the_person_was_spoken_to(outcome, successful):
    assert Call(outcome=outcome).is_successful is successful


def test_a_declined_call_is_the_last_contact_and_an_unanswered_one_only_an_attempt():
    senior = SeniorFactory(pair=PairFactory())
    CallFactory(senior=senior, called_at=at(3, 1), outcome=Call.Outcome.DECLINED)
    CallFactory(senior=senior, called_at=at(3, 5), outcome=Call.Outcome.NO_ANSWER)
    row = contact_dates(senior, day(3, 10))
    assert (row.last_contact, row.last_attempt) == (at(3, 1), at(3, 5))
    assert row.due_on == day(3, 15)


def test_a_contact_at_23_30_in_paris_falls_on_that_paris_day():
    senior = SeniorFactory(pair=PairFactory(), visit_interval_days=7)
    VisitFactory(senior=senior, visited_at=at(6, 30, 23, 30))  # 21:30 UTC, 1 July nowhere
    row = contact_dates(senior, day(7, 1))
    assert (row.last_contact_on, row.due_on) == (day(6, 30), day(7, 7))
    assert ids(is_visited_between(day(6, 1), day(6, 30))) == {senior.pk}
    assert ids(is_visited_between(day(7, 1), day(7, 31))) == set()


def test_the_due_date_of_a_senior_never_contacted_since_the_assignment_is_its_start_plus_rhythm():
    senior = assigned(PairFactory(), day(5, 1), visit_interval_days=10)
    VisitFactory(senior=senior, pair=None, visited_at=at(4, 1))  # before this assignment
    assert contact_dates(senior, day(5, 20)).due_on == day(5, 11)


def test_the_next_planned_visit_is_the_first_from_today_on():
    senior = SeniorFactory(pair=PairFactory())
    VisitFactory(senior=senior, visited_at=at(5, 1), next_visit_on=day(5, 9))
    CallFactory(
        senior=senior, called_at=at(5, 2), outcome=Call.Outcome.VISIT_BOOKED, visit_booked_for=day(5, 20)
    )
    assert contact_dates(senior, day(5, 9)).next_visit_planned == day(5, 9)
    assert contact_dates(senior, day(5, 10)).next_visit_planned == day(5, 20)
    assert contact_dates(senior, day(5, 21)).next_visit_planned is None


def test_seniors_reached_count_successful_calls_and_visits_once_each():
    both = SeniorFactory()
    CallFactory(senior=both, called_at=at(2, 1))
    VisitFactory(senior=both, visited_at=at(2, 2))
    declined = SeniorFactory()
    CallFactory(senior=declined, called_at=at(2, 3), outcome=Call.Outcome.DECLINED)
    unanswered = SeniorFactory()
    CallFactory(senior=unanswered, called_at=at(2, 3), outcome=Call.Outcome.NO_ANSWER)
    assert ids(is_reached_between(day(1, 1), day(6, 30))) == {both.pk, declined.pk}
    assert Senior.objects.filter(is_reached_between(day(1, 1), day(6, 30))).count() == 2


# --- Seniors followed --------------------------------------------------------------------


def test_a_senior_assigned_but_not_yet_visited_is_not_followed_but_first_visit_to_come():
    pair = PairFactory()
    senior = assigned(pair, day(5, 1))
    assert ids(is_followed_on(day(5, 31))) == set()
    assert ids(is_awaiting_first_visit_on(day(5, 31))) == {senior.pk}
    VisitFactory(senior=senior, visited_at=at(6, 3))
    assert ids(is_followed_on(day(6, 2))) == set()
    assert ids(is_followed_on(day(6, 3))) == {senior.pk}
    assert ids(is_awaiting_first_visit_on(day(6, 3))) == set()


def test_a_senior_followed_then_declined_is_followed_in_the_period_not_at_its_end():
    senior = assigned(PairFactory(), day(1, 10), until=day(3, 1))
    VisitFactory(senior=senior, visited_at=at(2, 1))
    assert ids(is_followed_between(day(1, 1), day(6, 30))) == {senior.pk}
    assert ids(is_followed_on(day(2, 28))) == {senior.pk}
    assert ids(is_followed_on(day(3, 1))) == set()  # the assignment ended that day
    assert ids(is_followed_on(day(6, 30))) == set()


def test_a_new_followed_senior_was_never_followed_before_the_period():
    pair = PairFactory()
    before = assigned(pair, day(11, 1, 2024))
    VisitFactory(senior=before, visited_at=datetime.datetime(2024, 12, 31, 23, 30, tzinfo=PARIS))
    new = assigned(pair, day(11, 1, 2024))
    VisitFactory(senior=new, visited_at=at(1, 1, 0, 30))
    start, end = day(1, 1), day(6, 30)
    assert ids(is_newly_followed_between(start, end)) == {new.pk}
    assert ids(is_still_followed_between(start, end)) == {before.pk}


def test_a_first_visit_after_the_assignment_ended_does_not_make_it_followed():
    senior = assigned(PairFactory(), day(1, 10), until=day(2, 1))
    VisitFactory(senior=senior, pair=None, visited_at=at(2, 5))
    assert ids(is_followed_between(day(1, 1), day(6, 30))) == set()


def test_a_senior_visited_only_by_staff_is_visited_not_followed():
    senior = SeniorFactory(pair=None)
    VisitFactory(senior=senior, pair=None, visited_at=at(4, 4))
    assert ids(is_visited_between(day(1, 1), day(6, 30))) == {senior.pk}
    assert ids(is_followed_between(day(1, 1), day(6, 30))) == set()


# --- Files -------------------------------------------------------------------------------


def test_waiting_for_a_pair_excludes_objections_and_files_out_of_the_pipeline():
    waiting = SeniorFactory(pair=None, status="identified")
    objected = SeniorFactory(pair=None, status="contacted")
    Consent.objects.create(
        senior=objected, decision="objection", given_on=day(1, 5), channel="oral", collected_by="A"
    )
    consented_again = SeniorFactory(pair=None, status="contacted")
    Consent.objects.create(
        senior=consented_again, decision="withdrawn", given_on=day(1, 5), channel="oral", collected_by="A"
    )
    Consent.objects.create(
        senior=consented_again, decision="consent", given_on=day(2, 5), channel="oral", collected_by="A"
    )
    for status in ("paused", "declined"):
        SeniorFactory(pair=None, status=status)
    SeniorFactory(pair=PairFactory(), status="followed")
    assert set(Senior.objects.waiting_for_pair()) == {waiting, consented_again}
    annotated = Senior.objects.with_waiting_for_pair()
    assert {s for s in annotated if s.is_waiting_for_pair} == {waiting, consented_again}


def test_a_refusal_counts_each_senior_once_in_the_period():
    senior = SeniorFactory(status="identified")
    senior.change_status("declined", by=None, on=day(2, 1))
    senior.change_status("contacted", by=None, on=day(3, 1))
    senior.change_status("declined", by=None, on=day(4, 1))
    assert list(Senior.objects.declined_between(day(1, 1), day(6, 30))) == [senior]
    assert not Senior.objects.declined_between(day(7, 1), day(12, 31)).exists()


def test_a_new_senior_is_a_file_identified_in_the_period():
    inside = SeniorFactory(identified_on=day(6, 30))
    SeniorFactory(identified_on=day(7, 1))
    assert list(Senior.objects.new_between(day(1, 1), day(6, 30))) == [inside]


# --- People ------------------------------------------------------------------------------


def test_a_volunteer_paused_on_a_past_day_is_not_active_on_it_by_the_history():
    volunteer = VolunteerFactory(joined_on=day(1, 1, 2024))
    volunteer.change_status(Volunteer.Status.PAUSED, reason="Congé", by=None, on=day(3, 1))
    volunteer.change_status(Volunteer.Status.ACTIVE, reason="Retour", by=None, on=day(5, 1))
    active = Volunteer.objects.active_on
    assert [
        bool(active(d).filter(pk=volunteer.pk)) for d in (day(2, 28), day(3, 1), day(4, 30), day(5, 1))
    ] == [
        True,
        False,
        False,
        True,
    ]
    between = Volunteer.objects.active_between
    assert between(day(3, 1), day(4, 30)).count() == 0
    assert between(day(3, 1), day(5, 1)).count() == 1


def test_applicants_never_count_and_a_volunteer_who_joined_mid_period_does():
    VolunteerFactory(status=Volunteer.Status.APPLICANT, joined_on=day(1, 1))
    joined = VolunteerFactory(joined_on=day(3, 15))
    left = VolunteerFactory(joined_on=day(1, 1, 2024), status=Volunteer.Status.LEFT, left_on=day(2, 1))
    assert set(Volunteer.objects.active_between(day(2, 1), day(6, 30))) == {joined}
    assert set(Volunteer.objects.active_between(day(1, 1), day(6, 30))) == {joined, left}
    assert set(Volunteer.objects.active_on(day(3, 14))) == set()


def test_a_pair_ended_mid_period_is_active_in_the_period_and_until_its_last_day():
    pair = PairFactory(started_on=day(1, 1, 2024), ended_on=day(3, 15))
    assert list(Pair.objects.active_between(day(1, 1), day(6, 30))) == [pair]
    assert list(Pair.objects.active_on(day(3, 15))) == [pair]
    assert not Pair.objects.active_on(day(3, 16)).exists()
    assert not Pair.objects.active_between(day(3, 16), day(6, 30)).exists()


# --- The tablet's order ------------------------------------------------------------------


def test_the_tablet_puts_first_who_is_due_by_the_same_due_date(pair_a):
    user, pair = pair_a
    today = day(6, 30)
    recent = SeniorFactory(pair=pair, first_name="Recent")
    VisitFactory(senior=recent, visited_at=at(6, 28))
    never = assigned(pair, day(6, 1), first_name="Never")  # due 15 June
    unanswered = SeniorFactory(pair=pair, first_name="Unanswered")
    VisitFactory(senior=unanswered, visited_at=at(6, 10))  # due 24 June
    CallFactory(senior=unanswered, called_at=at(6, 30), outcome=Call.Outcome.NO_ANSWER)
    seniors = seniors_due_first(user, today)
    assert [s.first_name for s in seniors] == ["Never", "Unanswered", "Recent"]
    assert [s.is_due for s in seniors] == [True, True, False]
    assert [s.due_on for s in seniors] == [day(6, 15), day(6, 24), day(7, 12)]
    assert seniors[1].last_contact_at == at(6, 10)
    assert set(overdue_seniors(today)) == {never, unanswered}
