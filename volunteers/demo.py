"""The volunteers' part of the demo data: neighbourhoods, volunteers and their charter (with
civic-service missions and a partner association), pairs (one of which had a member replaced),
network meetings with attendance, and the three demo accounts."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import Group, User

from ccas_visits.lib.demo import Demo
from ccas_visits.lib.permissions import COORDINATOR, MANAGER, VOLUNTEER
from volunteers.models import (
    Association,
    Attendance,
    CharterSignature,
    CharterVersion,
    Meeting,
    Neighbourhood,
    Pair,
    PairMembership,
    Volunteer,
)
from volunteers.services import replace_member

NEIGHBOURHOODS = [
    "Centre-ville",
    "Saint-Leu",
    "Henriville",
    "Saint-Maurice",
    "Étouvie",
    "Amiens Nord",
    "Saint-Acheul",
    "Renancourt",
    "Montières",
    "Elbeuf",
]
KINDS = (
    [Volunteer.Kind.SENIOR] * 70
    + [Volunteer.Kind.CIVIC_SERVICE] * 15
    + [Volunteer.Kind.ASSOCIATION] * 8
    + [Volunteer.Kind.SOCIAL_WORKER] * 4
    + [Volunteer.Kind.ELECTED] * 3
)
STATUSES = [
    Volunteer.Status.ACTIVE,
    Volunteer.Status.PAUSED,
    Volunteer.Status.LEFT,
    Volunteer.Status.APPLICANT,
]


def build_neighbourhoods(demo: Demo) -> list[Neighbourhood]:
    return Neighbourhood.objects.bulk_create([Neighbourhood(name=name) for name in NEIGHBOURHOODS])


def volunteer(demo: Demo, index: int) -> Volunteer:
    """One volunteer; the first two per pair are active, so that every pair can be formed."""
    sex = demo.rng.choice("FFFM")
    first, last = demo.name(sex)
    joined = demo.day_between(
        demo.start - datetime.timedelta(days=365), demo.today - datetime.timedelta(days=30)
    )
    status = demo.rng.choices(STATUSES, weights=[82, 5, 8, 5])[0]
    if index < demo.scale.pairs * 2:
        status = Volunteer.Status.ACTIVE
    trained = status != Volunteer.Status.APPLICANT
    kind = demo.rng.choice(KINDS)  # drawn before the phone number: the draws' order makes the seed's data
    return Volunteer(
        first_name=first,
        last_name=last,
        email=f"benevole{index}@example.org",
        phone=demo.phone(),
        kind=kind,
        status=status,
        recruited_via=demo.rng.choice(Volunteer.Recruitment.values),
        joined_on=joined,
        left_on=demo.day_between(joined, demo.today) if status == Volunteer.Status.LEFT else None,
        initial_training_on=joined + datetime.timedelta(days=14) if trained else None,
        insurance_or_agreement_on=joined if trained else None,
    )


def build_volunteers(demo: Demo, neighbourhoods: list[Neighbourhood]) -> list[Volunteer]:
    charter = CharterVersion.objects.create(
        label="2022",
        published_on=demo.start,
        text="Charte du visiteur à domicile (confidentialité, ni dons ni legs).",
    )
    volunteers = Volunteer.objects.bulk_create(
        [volunteer(demo, index) for index in range(demo.scale.volunteers)]
    )
    Volunteer.neighbourhoods.through.objects.bulk_create(
        [
            Volunteer.neighbourhoods.through(
                volunteer_id=v.id, neighbourhood_id=demo.rng.choice(neighbourhoods).id
            )
            for v in volunteers
        ]
    )
    CharterSignature.objects.bulk_create(
        [
            CharterSignature(volunteer=v, version=charter, signed_on=v.joined_on)
            for v in volunteers
            if v.initial_training_on
        ]
    )
    add_missions_and_associations(demo, volunteers)
    return volunteers


def add_missions_and_associations(demo: Demo, volunteers: list[Volunteer]) -> None:
    """Civic-service volunteers' missions (the first ends within the month, so the dashboard
    announces it), and the partner association of its members. No random draw: the rest of
    the seed's data stays the same."""
    civic = [v for v in volunteers if v.kind == Volunteer.Kind.CIVIC_SERVICE]
    for index, volunteer in enumerate(civic):
        volunteer.mission_starts_on = volunteer.joined_on
        volunteer.mission_ends_on = max(
            demo.today + datetime.timedelta(days=20 + 45 * (index % 5)),
            volunteer.joined_on + datetime.timedelta(days=1),
        )
    Volunteer.objects.bulk_update(civic, ["mission_starts_on", "mission_ends_on"])
    entrages = Association.objects.create(name="Entr'âges")
    members = [v for v in volunteers if v.kind == Volunteer.Kind.ASSOCIATION]
    for volunteer in members:
        volunteer.association = entrages
    Volunteer.objects.bulk_update(members, ["association"])


def build_pairs(demo: Demo, volunteers: list[Volunteer]) -> list[Pair]:
    active = [v for v in volunteers if v.status == Volunteer.Status.ACTIVE]
    pairs = []
    for index in range(demo.scale.pairs):
        a = active[(2 * index) % len(active)]
        b = active[(2 * index + 1) % len(active)]
        started = max(a.joined_on, b.joined_on) + datetime.timedelta(days=21)
        started = min(started, demo.today - datetime.timedelta(days=60))
        ended = None
        # About one pair in ten ended: its history stays in the reports.
        if index % 10 == 9:
            ended = demo.day_between(started, demo.today - datetime.timedelta(days=1))
        pairs.append(
            Pair(
                number=len(pairs) + 1,
                volunteer_a=a,
                volunteer_b=b,
                started_on=started,
                ended_on=ended,
                end_reason="Déménagement d'un bénévole" if ended else "",
            )
        )
    pairs = Pair.objects.bulk_create(pairs)
    PairMembership.objects.bulk_create(
        [
            PairMembership(pair=pair, volunteer=member, started_on=pair.started_on, ended_on=pair.ended_on)
            for pair in pairs
            for member in pair.members
        ]
    )
    replace_a_member(demo, pairs)
    return pairs


def replace_a_member(demo: Demo, pairs: list[Pair]) -> None:
    """A member of an ended pair takes the place of one in a running pair, which keeps its
    seniors and its history: the pair's page and the bilan show its members over time."""
    ended = next((p for p in pairs if p.ended_on), None)
    running = next((p for p in pairs[2:] if p.ended_on is None), None)
    if ended is None or running is None:
        return
    on = max(ended.ended_on, running.started_on) + datetime.timedelta(days=1)
    if on > demo.today:
        return
    replace_member(
        pair=running,
        outgoing=running.volunteer_b,
        incoming=ended.volunteer_b,
        on=on,
        reason="Déménagement",
        by=None,
    )
    running.volunteer_b = ended.volunteer_b


def meetings_of(month: datetime.date) -> list[Meeting]:
    """A network meeting every month, practice analysis every other month, the seminar in September."""
    meetings = [
        Meeting(
            kind=Meeting.Kind.MEETING,
            title="Réunion du réseau",
            held_on=month.replace(day=10),
            duration_minutes=120,
        )
    ]
    if month.month % 2 == 0:
        meetings.append(
            Meeting(
                kind=Meeting.Kind.PRACTICE_ANALYSIS,
                title="Analyse de la pratique",
                held_on=month.replace(day=20),
                duration_minutes=90,
                facilitator="Psychologue du CCAS",
            )
        )
    if month.month == 9:
        meetings.append(
            Meeting(
                kind=Meeting.Kind.SEMINAR,
                title="Séminaire annuel des visiteurs",
                held_on=month.replace(day=15),
                duration_minutes=360,
                facilitator="Coach certifiée",
            )
        )
    return meetings


def build_meetings(demo: Demo, volunteers: list[Volunteer]) -> None:
    meetings = [m for month in demo.months(demo.today) for m in meetings_of(month) if m.held_on <= demo.today]
    attendances = []
    for meeting in Meeting.objects.bulk_create(meetings):
        present = [v for v in volunteers if v.joined_on <= meeting.held_on and demo.rng.random() < 0.45]
        attendances += [Attendance(meeting=meeting, volunteer=v) for v in present]
    Attendance.objects.bulk_create(attendances, batch_size=5000)


def build_accounts(demo: Demo, volunteers_pair: Pair) -> None:
    """The coordinator, the manager, and a volunteer account for the first member of
    `volunteers_pair` (a pair that follows seniors, so the tablet pages have content)."""
    coordinator = User.objects.create_user(
        "coordinator",
        password=demo.password,
        first_name="Claire",
        last_name="Vasseur",
        email="coordination@example.org",
        is_staff=True,
    )
    coordinator.groups.add(Group.objects.get(name=COORDINATOR))
    manager = User.objects.create_user(
        "manager",
        password=demo.password,
        first_name="Hélène",
        last_name="Duchêne",
        email="direction@example.org",
    )
    manager.groups.add(Group.objects.get(name=MANAGER))
    member = volunteers_pair.volunteer_a
    user = User.objects.create_user(
        "volunteer", password=demo.password, first_name=member.first_name, last_name=member.last_name
    )
    user.groups.add(Group.objects.get(name=VOLUNTEER))
    Volunteer.objects.filter(pk=member.pk).update(user=user)
