"""The visits' part of the demo data: the catalogue of services and activities with their
sessions, then the calls and visits of the whole history with what each visit led to
(volunteers present, services presented, needs, proposals, alerts)."""

from __future__ import annotations

import bisect
import datetime
import random
import uuid
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Max
from django.utils import timezone

from ccas_visits.lib.demo import Demo, insert_rows, reset_sequences
from seniors.models import Assignment, Senior
from visits.indicators import review_due_on
from visits.models import (
    Activity,
    ActivitySession,
    Alert,
    Call,
    LonelinessMeasure,
    Need,
    Proposal,
    ServiceOffer,
    SixMonthReview,
    Visit,
)
from volunteers.models import Pair, PairMembership

ACTIVITIES = [
    ("Café Relais", Activity.Kind.CAFE),
    ("Atelier mémoire", Activity.Kind.WORKSHOP),
    ("Gym douce", Activity.Kind.SPORT),
    ("Atelier relaxation", Activity.Kind.SPORT),
    ("Semaine Bleue", Activity.Kind.SEMAINE_BLEUE),
    ("Spectacle de fin d'année", Activity.Kind.SHOW),
    ("Déjeuner intergénérationnel", Activity.Kind.MEAL),
]
SERVICES = [
    "Portage de repas",
    "Téléassistance",
    "Colis de Noël",
    "Transport accompagné",
    "Aide administrative",
    "Plan canicule et grand froid",
]
NOTES = [
    "Très contente de la visite, a parlé de ses petits-enfants.",
    "Intéressé par le Café Relais, à rappeler pour l'inscription.",
    "Se sent seule depuis le décès de son mari.",
    "Difficultés avec les courses, à signaler à la coordinatrice.",
    "A besoin d'aide pour un dossier de retraite.",
    "",
    "",
    "",
]

# Seniors sorted by the first day they can be contacted, with those days (for bisect).
Pool = tuple[list[datetime.date], list[Senior]]


@dataclass
class Catalogue:
    services: list[ServiceOffer]
    activities: list[Activity]


def build_catalogue(demo: Demo) -> Catalogue:
    """The services presented and the activities, with a session of each a month (Semaine Bleue
    in October only) until three months ahead."""
    services = ServiceOffer.objects.bulk_create([ServiceOffer(name=name) for name in SERVICES])
    activities = Activity.objects.bulk_create([Activity(name=name, kind=kind) for name, kind in ACTIVITIES])
    sessions = []
    for month in demo.months(demo.today + datetime.timedelta(days=90)):
        for activity in activities:
            if activity.kind == Activity.Kind.SEMAINE_BLEUE and month.month != 10:
                continue
            day = month.replace(day=demo.rng.randint(2, 27))
            sessions.append(
                ActivitySession(
                    activity=activity,
                    starts_at=timezone.make_aware(datetime.datetime.combine(day, datetime.time(14, 30))),
                    place=demo.rng.choice(["Maison des aînés", "Centre social", "Salle des fêtes"]),
                    capacity=demo.rng.choice([12, 20, 30]),
                )
            )
    ActivitySession.objects.bulk_create(sessions)
    return Catalogue(services=services, activities=activities)


def by_first_day(seniors: list[Senior], first_day: Callable[[Senior], datetime.date]) -> Pool:
    ordered = sorted(seniors, key=first_day)
    return [first_day(s) for s in ordered], ordered


def contact_on(demo: Demo, pool: Pool) -> tuple[datetime.date, Senior]:
    """A day over the whole history, then a senior who could be contacted that day: activity
    grows with the caseload instead of piling up on late arrivals."""
    first_days, seniors = pool
    day = demo.day_between(first_days[0], demo.today - datetime.timedelta(days=1))
    available = bisect.bisect_right(first_days, day)
    return day, seniors[demo.rng.randrange(available)]


def read_at(demo: Demo, day: datetime.date) -> datetime.datetime | None:
    """Coordinators read the reports within days: only recent ones may still be unread."""
    if day >= demo.today - datetime.timedelta(days=21) and demo.rng.random() < 0.5:
        return None
    return demo.moment(min(day + datetime.timedelta(days=2), demo.today))


def visit_rows(demo: Demo, pool: Pool) -> list[dict]:
    rows = []
    for _ in range(demo.scale.visits_per_year * demo.scale.years):
        day, senior = contact_on(demo, pool)
        staff = demo.rng.random() < 0.03
        rows.append(
            {
                "uuid": uuid.UUID(int=demo.rng.getrandbits(128)),
                "senior_id": senior.id,
                "pair_id": None if staff else senior.pair_id,
                "visited_at": demo.moment(day),
                "duration_minutes": demo.rng.choice([30, 45, 60, 60, 90]),
                "kind": Visit.Kind.FOLLOW_UP.value,
                "note": demo.rng.choice(NOTES),
                "next_visit_on": day + datetime.timedelta(days=senior.visit_interval_days),
                "read_at": read_at(demo, day),
            }
        )
    return rows


def call_rows(demo: Demo, pool: Pool) -> list[dict]:
    rows = []
    for _ in range(demo.scale.calls_per_year * demo.scale.years):
        day, senior = contact_on(demo, pool)
        outcome = demo.rng.choices(Call.Outcome.values, weights=[60, 25, 3, 4, 8])[0]
        rows.append(
            {
                "uuid": uuid.UUID(int=demo.rng.getrandbits(128)),
                "senior_id": senior.id,
                "pair_id": senior.pair_id if senior.pair_id and demo.rng.random() < 0.9 else None,
                "called_at": demo.moment(day),
                "outcome": outcome,
                "visit_booked_for": day + datetime.timedelta(days=7)
                if outcome == Call.Outcome.VISIT_BOOKED
                else None,
            }
        )
    return rows


def number_visits(visits: list[dict]) -> None:
    """Ids in date order, each senior's first visit marked as such."""
    seen: set[int] = set()
    first_id = (Visit.objects.aggregate(last=Max("id"))["last"] or 0) + 1
    for number, visit in enumerate(visits):
        visit["id"] = first_id + number
        if visit["senior_id"] not in seen:
            visit["kind"] = Visit.Kind.FIRST.value
            seen.add(visit["senior_id"])


def build_contacts(demo: Demo, *, seniors: list[Senior], pairs: list[Pair], catalogue: Catalogue) -> None:
    followed = [s for s in seniors if s.pair and s.status in (Senior.Status.FOLLOWED, Senior.Status.PAUSED)]
    contacted = [s for s in seniors if s.status != Senior.Status.IDENTIFIED]
    visits = visit_rows(
        demo, by_first_day(followed, lambda s: max(demo.start, s.identified_on, s.pair.started_on))
    )
    calls = call_rows(demo, by_first_day(contacted, lambda s: max(demo.start, s.identified_on)))
    # Stored in the order they happened, as the tablets send them: the tables' physical
    # order then follows the date indexes, as in a real database.
    visits.sort(key=lambda v: v["visited_at"])
    calls.sort(key=lambda c: c["called_at"])
    number_visits(visits)
    insert_rows(Visit, visits)
    insert_rows(Call, calls)
    build_visit_details(demo, visits, pairs, catalogue)


@dataclass
class Details:
    """The rows that hang off the visits, gathered before one bulk insert per table."""

    present: list[dict]
    services: list[dict]
    needs: list[dict]
    proposals: list[dict]
    alerts: list[dict]


def proposal_row(demo: Demo, visit: dict, catalogue: Catalogue) -> dict:
    answer = demo.rng.choice(Proposal.Answer.values)
    return {
        "senior_id": visit["senior_id"],
        "activity_id": demo.rng.choice(catalogue.activities).id,
        "visit_id": visit["id"],
        "proposed_on": visit["visited_at"].date(),  # already in Paris time
        "answer": answer,
        "attended": demo.rng.random() < 0.6 if answer == Proposal.Answer.ACCEPTED else None,
    }


def alert_row(demo: Demo, visit: dict) -> dict:
    """An urgent alert, handled within three days unless raised in the last three."""
    visited_at = visit["visited_at"]
    handled = visited_at + datetime.timedelta(hours=demo.rng.randint(2, 72))
    is_recent = visited_at > demo.now - datetime.timedelta(days=3)
    return {
        "senior_id": visit["senior_id"],
        "visit_id": visit["id"],
        "kind": demo.rng.choice(Alert.Kind.values),
        "description": "Situation préoccupante signalée par le binôme.",
        "raised_at": visited_at,
        "due_at": visited_at + datetime.timedelta(hours=48),
        "handled_at": None if is_recent else handled,
        "outcome": "" if is_recent else "Appel de la coordinatrice, situation réglée.",
    }


def add_details(demo: Demo, details: Details, visit: dict, members: dict, catalogue: Catalogue) -> None:
    """What one visit led to: one draw decides it (services, a need, a proposal, an alert)."""
    visit_id = visit["id"]
    if visit["pair_id"]:
        # Those in the pair on the visit's day (a member may have been replaced since).
        day = timezone.localtime(visit["visited_at"]).date()
        memberships = members[visit["pair_id"]]
        present = [m.volunteer_id for m in memberships if m.is_current_on(day)] or [
            m.volunteer_id for m in memberships[:2]
        ]
        details.present += [{"visit_id": visit_id, "volunteer_id": v} for v in present]
    roll = demo.rng.random()
    if roll < 0.3:
        details.services.append(
            {"visit_id": visit_id, "serviceoffer_id": demo.rng.choice(catalogue.services).id}
        )
    if roll < 0.15:
        noted_on = timezone.localtime(visit["visited_at"]).date()
        # Most needs noted over a month ago were answered two or three weeks later; the same
        # draw decides it, so the rest of the demo stays as it was.
        answered = noted_on < demo.today - datetime.timedelta(days=30) and roll < 0.13
        details.needs.append(
            {
                "visit_id": visit_id,
                "senior_id": visit["senior_id"],
                "kind": demo.rng.choice(Need.Kind.values),
                "noted_on": noted_on,
                "is_met": answered,
                "answered_on": noted_on + datetime.timedelta(days=14 + int(roll * 1000) % 8)
                if answered
                else None,
            }
        )
    if roll > 0.78:
        details.proposals.append(proposal_row(demo, visit, catalogue))
    if roll > 0.992:
        details.alerts.append(alert_row(demo, visit))


def build_visit_details(demo: Demo, visits: list[dict], pairs: list[Pair], catalogue: Catalogue) -> None:
    members = defaultdict(list)
    for membership in PairMembership.objects.filter(pair__in=pairs).order_by("started_on", "id"):
        members[membership.pair_id].append(membership)
    details = Details(present=[], services=[], needs=[], proposals=[], alerts=[])
    for visit in visits:
        add_details(demo, details, visit, members, catalogue)
    insert_rows(Visit.present.through, details.present)
    insert_rows(Visit.services_presented.through, details.services)
    insert_rows(Need, details.needs)
    insert_rows(Proposal, details.proposals)
    insert_rows(Alert, details.alerts)
    reset_sequences([Visit, Call, Need, Proposal, Alert])


def build_reviews(demo: Demo, seniors: list[Senior]) -> None:
    """Each followed senior's six-monthly reviews and loneliness answers, from the assignment's
    start to today; about one in five has the latest review still to make, so the queue has
    rows. Drawn from a generator of each senior's own (not the demo's), so the rest of the demo
    is the same with or without them."""
    starts = dict(
        Assignment.objects.filter(senior__in=seniors, ended_on__isnull=True).values_list(
            "senior_id", "started_on"
        )
    )
    measures: list[LonelinessMeasure] = []
    reviews: list[SixMonthReview] = []
    for senior in seniors:
        started = starts.get(senior.pk)
        if started is None or senior.status != Senior.Status.FOLLOWED:
            continue
        rng = random.Random(senior.pk)
        score = rng.randint(5, 9)
        declines = rng.random() < 0.1
        measures.append(_demo_measure(senior, started, LonelinessMeasure.Occasion.ENROLMENT, score, declines))
        skip_last = rng.random() < 0.2
        day, number = review_due_on(started), 1
        while day <= demo.today and not (skip_last and review_due_on(day) > demo.today):
            score = min(9, max(3, score + rng.choice((-2, -1, -1, 0, 0, 1))))
            measure = _demo_measure(
                senior, day, LonelinessMeasure.Occasion.REVIEW, score, declines and number == 1
            )
            measures.append(measure)
            decision = (
                SixMonthReview.Decision.CONTINUE if rng.random() < 0.85 else SixMonthReview.Decision.CHANGE
            )
            reviews.append(
                SixMonthReview(
                    senior=senior,
                    pair_id=senior.pair_id,
                    reviewed_on=day,
                    rhythm=rng.choice(list(SixMonthReview.Rhythm.values) + [SixMonthReview.Rhythm.RIGHT] * 4),
                    decision=decision,
                    measure=measure,
                )
            )
            day, number = review_due_on(day), number + 1
    LonelinessMeasure.objects.bulk_create(measures)
    SixMonthReview.objects.bulk_create(reviews)


def _demo_measure(
    senior: Senior, day: datetime.date, occasion: str, score: int, declined: bool
) -> LonelinessMeasure:
    if declined:
        return LonelinessMeasure(
            senior=senior, measured_on=day, occasion=occasion, declined=True, pair_id=senior.pair_id
        )
    # The score spread over the three answers (1 to 3 each), the largest first.
    first = min(3, score - 2)
    second = min(3, score - first - 1)
    third = score - first - second
    lonely = {3: 5, 4: 4, 5: 4, 6: 3, 7: 2, 8: 2, 9: 1}[score]
    return LonelinessMeasure(
        senior=senior,
        measured_on=day,
        occasion=occasion,
        lacks_companionship=first,
        feels_left_out=second,
        feels_isolated=third,
        feels_lonely=lonely,
        pair_id=senior.pair_id,
    )
