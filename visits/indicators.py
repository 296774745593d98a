"""The words of INDICATORS.md that rest on contacts (calls and visits), each defined once.

Every page, list, queue, export and report that shows one of these figures calls the
function named here; the reports only compose them.

| INDICATORS.md term                        | here                                              |
|-------------------------------------------|---------------------------------------------------|
| call, visit, attempt                      | `Call`, `Visit`; `last_attempt` in `with_contact_dates` |
| successful contact                        | `Call.SUCCESSFUL`, `ContactQuerySet.successful()` |
| last contact                              | `last_contact` in `with_contact_dates`            |
| due date                                  | `due_on` in `with_contact_dates`                  |
| visit planned from today on               | `next_visit_planned` in `with_contact_dates`      |
| overdue                                   | `overdue_seniors`                                 |
| no contact for N days (seniors list)      | `without_contact_for`                             |
| a pair's contacts                         | `ContactQuerySet` grouped by `pair_id` (reports.bilan.counts) |
| senior followed on a day / in a period    | `is_followed_on`, `is_followed_between`           |
| assigned, first visit to come             | `is_awaiting_first_visit_on`                      |
| new followed senior / continuing          | `is_newly_followed_between`, `is_still_followed_between` |
| seniors visited / reached in a period     | `is_visited_between`, `is_reached_between`        |
| participation (people vs participations)  | `is_participation_between` (on proposals)         |
| volunteer hours, "durée non renseignée"   | `volunteer_hours` (one person's: `volunteer=`), `pair_calls` |
| loneliness score (UCLA-3), declined       | `LonelinessMeasure.score`, `.declined` (visits/six_monthly.py) |
| review due (révision à faire)             | `with_review_dates`, `reviews_due`                |
| improved, unchanged, worse                | `score_movement`                                  |

Elsewhere: volunteer and pair active on a day or in a period are
`volunteers.models.VolunteerQuerySet.active_on/active_between` and
`PairQuerySet.active_on/active_between`; new senior, refusal and waiting for a pair are
`seniors.models.is_new_between`, `has_declined_between` and `is_waiting_for_pair`; on the
register, not yet approached, is `seniors.models.is_on_register_only`; the pipeline by source
is `visits.pipeline.pipeline_by_source`; age bands (the bilan's and the funders') are
`seniors.ages`; valued volunteer time is `reports.budget.ValuedHours`; small numbers in a
table leaving the CCAS are `reports.masking`. The seniors app shows the last contact and
filters on it without importing this app: it calls `seniors.follow_up.follow_up()`, which
this app provides (`visits/follow_up.py`) with these functions.

All take explicit days: none reads the clock, so a closed period's figures never move."""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import (
    Count,
    DateField,
    DateTimeField,
    Exists,
    Expression,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.functions import Coalesce, Greatest, Least, TruncDate

from ccas_visits.lib.dates import local_midnight, months_after, months_before, paris
from ccas_visits.lib.db import DatePlusDays, person_order
from seniors.models import Assignment, Senior
from visits.models import Call, LonelinessMeasure, SixMonthReview, Visit
from volunteers.models import Meeting, Volunteer

_DAY = datetime.timedelta(days=1)


def _latest(first: Expression, second: Expression) -> Greatest:
    """The later of two nullable values: GREATEST ignores NULLs on PostgreSQL but not on
    SQLite, so each side is coalesced with the other."""
    return Greatest(Coalesce(first, second), Coalesce(second, first))


def _earliest(first: Expression, second: Expression) -> Least:
    return Least(Coalesce(first, second), Coalesce(second, first))


def with_contact_dates(seniors: QuerySet[Senior], today: datetime.date) -> QuerySet[Senior]:
    """Annotate each senior's contact dates, in one query (correlated subqueries on the
    (senior, -date) indexes; no join that would multiply rows):

    - `last_contact`: the latest successful contact (a visit, or a call that reached them,
      booked a visit or heard a refusal); `last_contact_on` its Paris day;
    - `last_attempt`: the latest call or visit, successful or not;
    - `last_visit_at`, and `last_call_at` / `last_call_outcome` of the latest successful call;
    - `assignment_started_on`: the start of the current assignment (the identification day for a file
      assigned before the history was kept);
    - `due_on`: last contact + rhythm; when there was no contact since the current
      assignment began, its start + rhythm;
    - `next_visit_planned`: the first visit planned from `today` on, booked by a call or set
      as the next visit of a visit."""
    calls = Call.objects.filter(senior=OuterRef("pk")).order_by("-called_at")
    successful_calls = calls.successful()
    visits = Visit.objects.filter(senior=OuterRef("pk")).order_by("-visited_at")
    open_assignment = Assignment.objects.filter(senior=OuterRef("pk"), ended_on__isnull=True)
    booked = Call.objects.filter(
        senior=OuterRef("pk"), outcome=Call.Outcome.VISIT_BOOKED, visit_booked_for__gte=today
    ).order_by("visit_booked_for")
    planned = Visit.objects.filter(senior=OuterRef("pk"), next_visit_on__gte=today).order_by("next_visit_on")
    seniors = seniors.annotate(
        last_call_at=Subquery(successful_calls.values("called_at")[:1], output_field=DateTimeField()),
        last_call_outcome=Subquery(successful_calls.values("outcome")[:1]),
        last_visit_at=Subquery(visits.values("visited_at")[:1], output_field=DateTimeField()),
        last_any_call_at=Subquery(calls.values("called_at")[:1], output_field=DateTimeField()),
        assignment_started_on=Coalesce(
            Subquery(open_assignment.values("started_on")[:1], output_field=DateField()), F("identified_on")
        ),
        next_visit_planned=_earliest(
            Subquery(booked.values("visit_booked_for")[:1], output_field=DateField()),
            Subquery(planned.values("next_visit_on")[:1], output_field=DateField()),
        ),
    )
    seniors = seniors.annotate(
        last_contact=_latest(F("last_call_at"), F("last_visit_at")),
        last_attempt=_latest(F("last_any_call_at"), F("last_visit_at")),
    )
    seniors = seniors.annotate(last_contact_on=TruncDate("last_contact", tzinfo=paris()))
    return seniors.annotate(
        due_on=DatePlusDays(
            Greatest(Coalesce(F("last_contact_on"), F("assignment_started_on")), F("assignment_started_on")),
            F("visit_interval_days"),
        )
    )


def is_overdue(today: datetime.date) -> Q:
    """On seniors annotated by `with_contact_dates`: an active assignment (a pair, file in
    the pipeline), due date before `today`, and no visit planned from `today` on — whether
    or not they were ever visited."""
    return (
        Q(pair__isnull=False, status__in=Senior.IN_PIPELINE, anonymised_at__isnull=True)
        & Q(due_on__lt=today)
        & Q(next_visit_planned__isnull=True)
    )


def overdue_seniors(today: datetime.date) -> QuerySet[Senior]:
    """The overdue queue, the oldest due date first (the dashboard counts the same rows)."""
    return (
        with_contact_dates(Senior.objects.all(), today)
        .filter(is_overdue(today))
        .order_by("due_on", *person_order())
    )


def without_contact_for(seniors: QuerySet[Senior], days: int, today: datetime.date) -> QuerySet[Senior]:
    """On seniors annotated by `with_contact_dates`: open files with no successful contact
    for more than `days` days; a file never contacted counts once it is older than that."""
    cutoff_day = today - datetime.timedelta(days=days)
    return seniors.filter(
        Q(last_contact__lt=local_midnight(cutoff_day))
        | Q(last_contact__isnull=True, identified_on__lt=cutoff_day)
    ).exclude(status=Senior.Status.CLOSED)


# --- Seniors over a period (the bilan and the dashboard) -----------------------------------


def is_visited_between(start: datetime.date, end: datetime.date) -> Q:
    """Seniors visited: at least one visit in the period. An uncorrelated subquery over the
    period's visits only (the date index bounds it)."""
    return Q(pk__in=Visit.objects.between(start, end).values("senior_id"))


def is_reached_between(start: datetime.date, end: datetime.date) -> Q:
    """Seniors reached: at least one successful contact in the period."""
    calls = Call.objects.between(start, end).successful().values("senior_id")
    return is_visited_between(start, end) | Q(pk__in=calls)


def is_followed_between(start: datetime.date, end: datetime.date) -> Q:
    """Seniors followed on at least one day of the period: on that day assigned to a pair
    (the assignment history) and visited at least once on or before it.

    Such a day exists when an assignment covers part of the period and the senior's first
    visit came by the period's last day and before the assignment ended."""
    by_end = Visit.objects.filter(senior=OuterRef("senior"), visited_at__lt=local_midnight(end + _DAY))
    before_assignment_ended = by_end.annotate(day=TruncDate("visited_at", tzinfo=paris())).filter(
        day__lt=OuterRef("ended_on")
    )
    assignments = (
        Assignment.objects.covering(start, end)
        .filter(senior=OuterRef("pk"))
        .filter((Q(ended_on__isnull=True) & Exists(by_end)) | Exists(before_assignment_ended))
    )
    return Q(Exists(assignments))


def is_followed_on(day: datetime.date) -> Q:
    """The stock of seniors followed on `day` (the targets' stock on 31 December)."""
    return is_followed_between(day, day)


def is_newly_followed_between(start: datetime.date, end: datetime.date) -> Q:
    """New followed seniors: followed in the period and never followed before its first day."""
    return is_followed_between(start, end) & ~_is_followed_before(start)


def is_still_followed_between(start: datetime.date, end: datetime.date) -> Q:
    """Continuing: followed in the period and already followed before its first day."""
    return is_followed_between(start, end) & _is_followed_before(start)


def _is_followed_before(day: datetime.date) -> Q:
    return is_followed_between(datetime.date.min, day - _DAY)


def is_awaiting_first_visit_on(day: datetime.date) -> Q:
    """Assigned to a pair on `day` and not visited yet: "assigned, first visit to come"."""
    assigned = Assignment.objects.covering(day, day).filter(senior=OuterRef("pk"))
    visited = Visit.objects.filter(senior=OuterRef("pk"), visited_at__lt=local_midnight(day + _DAY))
    return Q(Exists(assigned)) & ~Q(Exists(visited))


def _within(field: str, start: datetime.date, end: datetime.date) -> Q:
    return Q(**{f"{field}__gte": local_midnight(start), f"{field}__lt": local_midnight(end + _DAY)})


def is_participation_between(start: datetime.date, end: datetime.date) -> Q:
    """On proposals: an attendance at an activity in the period ("participation"), dated by
    its session, or by the day it was proposed when no session was recorded."""
    dated = Q(session__isnull=False) & _within("session__starts_at", start, end)
    undated = Q(session__isnull=True, proposed_on__range=(start, end))
    return Q(attended=True) & (dated | undated)


@dataclass(frozen=True)
class VolunteerHours:
    """INDICATORS.md, "volunteer hours"; what adds no hours is counted, so a funder sees how
    complete the figure is."""

    visit_minutes: int
    call_minutes: int
    meeting_minutes: int
    calls_without_duration: int
    meetings_without_duration: int
    # A pair's visit with nobody recorded present adds no hours either.
    visits_without_volunteers: int

    @property
    def minutes(self) -> int:
        return self.visit_minutes + self.call_minutes + self.meeting_minutes

    @property
    def hours(self) -> Decimal:
        return (Decimal(self.minutes) / 60).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

    @property
    def without_duration(self) -> int:
        return self.calls_without_duration + self.meetings_without_duration


def pair_calls(start: datetime.date, end: datetime.date, volunteer: Volunteer | None = None):
    """The volunteers' calls (a pair's; staff calls are not volunteer time); one volunteer's
    are those they recorded themselves."""
    calls = Call.objects.between(start, end).filter(pair__isnull=False)
    if volunteer is None:
        return calls
    return calls.filter(recorded_by_id=volunteer.user_id) if volunteer.user_id else calls.none()


def volunteer_hours(
    start: datetime.date, end: datetime.date, volunteer: Volunteer | None = None
) -> VolunteerHours:
    """Four queries: each visit's duration once per volunteer present, each volunteer's call
    (a call by a pair; staff calls are not volunteer time), each meeting or training's
    duration once per volunteer who attended.

    For one `volunteer` (their certificate, their page): the visits they were present at, the
    calls they recorded themselves for their pair, the meetings they attended; a pair's call
    typed in by a coordinator is the programme's time, nobody's own."""
    presence = Visit.present.through.objects.filter(_within("visit__visited_at", start, end))
    calls = pair_calls(start, end, volunteer)
    meetings = Meeting.objects.filter(held_on__range=(start, end))
    lonely = (
        Visit.objects.between(start, end)
        .filter(pair__isnull=False)
        .exclude(Exists(Visit.present.through.objects.filter(visit_id=OuterRef("pk"))))
    )
    if volunteer is not None:
        presence = presence.filter(volunteer=volunteer)
        meetings = meetings.filter(attendances__volunteer=volunteer)
        lonely = lonely.none()
    visits = presence.aggregate(minutes=Sum("visit__duration_minutes"))
    calls = calls.aggregate(
        minutes=Sum("duration_minutes"), undated=Count("id", filter=Q(duration_minutes__isnull=True))
    )
    meetings = meetings.aggregate(
        # Joined to its attendances: each meeting's duration once per volunteer who came.
        minutes=Sum("duration_minutes", filter=Q(attendances__isnull=False)),
        undated=Count("id", filter=Q(duration_minutes__isnull=True), distinct=True),
    )
    return VolunteerHours(
        visit_minutes=visits["minutes"] or 0,
        call_minutes=calls["minutes"] or 0,
        meeting_minutes=meetings["minutes"] or 0,
        calls_without_duration=calls["undated"],
        meetings_without_duration=meetings["undated"],
        visits_without_volunteers=lonely.count(),
    )


# --- The six-monthly review and the loneliness measure --------------------------------------

REVIEW_MONTHS = 6


def review_due_on(since: datetime.date) -> datetime.date:
    """Six months after `since` (the month's last day when that month is shorter)."""
    return months_after(since, REVIEW_MONTHS)


def _latest_start_due_by(day: datetime.date) -> datetime.date:
    """The last day `since` for which `review_due_on(since)` is on or before `day`.

    Six months before `day`, except that on a month's last day every later day of the month
    six months earlier falls due too (31 August + 6 months is the last day of February)."""
    since = months_before(day, REVIEW_MONTHS)
    if (day + _DAY).day == 1:
        since = since.replace(day=calendar.monthrange(since.year, since.month)[1])
    return since


def with_review_dates(seniors: QuerySet[Senior], day: datetime.date) -> QuerySet[Senior]:
    """Annotate, as things stood on `day`: `review_assignment_on`, the start of the assignment
    covering that day; `last_review_on`, the last review on or before it; and `review_since`,
    the later of the two, from which the next review falls due six months on. A review made
    before the current assignment began does not count: a new pair starts a new clock."""
    assignment = Assignment.objects.covering(day, day).filter(senior=OuterRef("pk")).order_by("-started_on")
    reviews = SixMonthReview.objects.filter(senior=OuterRef("pk"), reviewed_on__lte=day).order_by(
        "-reviewed_on"
    )
    seniors = seniors.annotate(
        review_assignment_on=Subquery(assignment.values("started_on")[:1], output_field=DateField()),
        last_review_on=Subquery(reviews.values("reviewed_on")[:1], output_field=DateField()),
    )
    return seniors.annotate(review_since=_latest(F("review_assignment_on"), F("last_review_on")))


def is_review_due(day: datetime.date) -> Q:
    """On seniors annotated by `with_review_dates(…, day)`: followed on `day`, and six months
    or more since the assignment's start or the last review."""
    return (
        is_followed_on(day)
        & Q(anonymised_at__isnull=True, review_assignment_on__isnull=False)
        & Q(review_since__lte=_latest_start_due_by(day))
    )


def reviews_due(day: datetime.date) -> QuerySet[Senior]:
    """The coordinators' queue of reviews to make, the longest waiting first (the dashboard
    counts the same rows)."""
    return (
        with_review_dates(Senior.objects.all(), day)
        .filter(is_review_due(day))
        .order_by("review_since", *person_order())
    )


def _score() -> Expression:
    return F("lacks_companionship") + F("feels_left_out") + F("feels_isolated")


@dataclass(frozen=True)
class ScoreMovement:
    """INDICATORS.md, "improved, unchanged, worse": seniors with two scores or more, the
    latest one taken in the period; first and latest are on or before its last day."""

    first_scores: dict[int, int]  # score (3 to 9) → seniors
    latest_scores: dict[int, int]
    improved: int
    unchanged: int
    worse: int

    @property
    def seniors(self) -> int:
        return self.improved + self.unchanged + self.worse


SCORES = range(3, 10)


def score_movement(start: datetime.date, end: datetime.date) -> ScoreMovement:
    """One query: per senior, the first and the latest score (declined answers are not
    scores), grouped by the pair of scores, so at most 49 rows come back."""
    scores = LonelinessMeasure.objects.filter(
        senior=OuterRef("pk"), declined=False, measured_on__lte=end
    ).annotate(points=_score())
    first = scores.order_by("measured_on", "id")
    latest = scores.order_by("-measured_on", "-id")
    counted = scores.order_by().values("senior").annotate(n=Count("id")).values("n")
    measured = LonelinessMeasure.objects.filter(declined=False, measured_on__range=(start, end))
    rows = (
        Senior.objects.filter(pk__in=measured.values("senior_id"))
        .annotate(
            first_score=Subquery(first.values("points")[:1], output_field=IntegerField()),
            latest_score=Subquery(latest.values("points")[:1], output_field=IntegerField()),
            latest_on=Subquery(latest.values("measured_on")[:1], output_field=DateField()),
            scores=Subquery(counted, output_field=IntegerField()),
        )
        .filter(scores__gte=2, latest_on__range=(start, end))
        .values("first_score", "latest_score")
        .annotate(seniors=Count("id"))
        .order_by()
    )
    first_scores = dict.fromkeys(SCORES, 0)
    latest_scores = dict.fromkeys(SCORES, 0)
    moves = {"improved": 0, "unchanged": 0, "worse": 0}
    for row in rows:
        first_scores[row["first_score"]] += row["seniors"]
        latest_scores[row["latest_score"]] += row["seniors"]
        change = row["latest_score"] - row["first_score"]
        moves["improved" if change <= -1 else "worse" if change >= 1 else "unchanged"] += row["seniors"]
    return ScoreMovement(first_scores=first_scores, latest_scores=latest_scores, **moves)


@dataclass(frozen=True)
class ReviewFigures:
    done: int  # reviews made in the period
    late_at_end: int  # followed seniors whose review was due and not made, on the stock day
    measures_declined: int  # times a senior preferred not to answer, in the period


def review_figures(start: datetime.date, end: datetime.date, stock_day: datetime.date) -> ReviewFigures:
    """Three queries."""
    return ReviewFigures(
        done=SixMonthReview.objects.filter(reviewed_on__range=(start, end)).count(),
        late_at_end=reviews_due(stock_day).count(),
        measures_declined=LonelinessMeasure.objects.filter(
            measured_on__range=(start, end), declined=True
        ).count(),
    )
