"""A small programme whose every figure for January–June 2025 is known by hand.

Pairs: A (v1, v3) all along; B (v2, v3) ended on 15 March; C (v4, v5) started on 10 April;
D ended before the period, E starts after it (neither shows). v3 is in two pairs.
Seniors: s1 (A, from November 2024, first visited in January), s2 (B, until it ended),
s3 (C), s4 (staff only, never assigned), s5 declined, s6 closed (deceased), s7 identified
on the last day."""

import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.utils import timezone

from reports.periods import Period
from seniors.models import Assignment, Senior
from tests.factories import (
    ActivityFactory,
    AlertFactory,
    CallFactory,
    CharterSignatureFactory,
    PairFactory,
    SeniorFactory,
    UserFactory,
    VisitFactory,
    VolunteerFactory,
)
from visits.models import Call, Need, Proposal, ServiceOffer
from volunteers.models import Volunteer

PARIS = ZoneInfo("Europe/Paris")
H1_2025 = Period(datetime.date(2025, 1, 1), datetime.date(2025, 6, 30))


def paris(*args: int) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=PARIS)


def day(y: int, m: int, d: int) -> datetime.date:
    return datetime.date(y, m, d)


@dataclass
class Dataset:
    pairs: dict
    seniors: dict
    volunteers: dict


def _senior(pair, born: datetime.date, sex: str, identified: datetime.date, **kwargs) -> Senior:
    return SeniorFactory(
        pair=pair,
        birth_date=born,
        sex=sex,
        identified_on=identified,
        status=Senior.Status.IDENTIFIED,
        status_changed_on=identified,
        **kwargs,
    )


def _follow(senior: Senior, by, contacted: datetime.date, followed: datetime.date) -> None:
    senior.change_status(Senior.Status.CONTACTED, by=by, on=contacted)
    senior.change_status(Senior.Status.FOLLOWED, by=by, on=followed)


def build_known_dataset() -> Dataset:
    by = UserFactory(username="saisie")
    v = {n: VolunteerFactory(last_name=f"Bénévole{n}") for n in range(1, 6)}
    v[4].kind = Volunteer.Kind.CIVIC_SERVICE
    v[4].save(update_fields=["kind"])
    v[6] = VolunteerFactory(last_name="Nouvelle", joined_on=day(2025, 3, 1))
    v[7] = VolunteerFactory(last_name="Partie", status=Volunteer.Status.LEFT, left_on=day(2025, 4, 30))
    v[8] = VolunteerFactory(
        last_name="Candidate", status=Volunteer.Status.APPLICANT, joined_on=day(2025, 2, 1)
    )
    CharterSignatureFactory(volunteer=v[1], signed_on=day(2024, 1, 10))
    CharterSignatureFactory(volunteer=v[2], signed_on=day(2024, 1, 10))
    CharterSignatureFactory(volunteer=v[3], signed_on=day(2025, 8, 1))

    pairs = {
        "A": PairFactory(name="Binôme A", volunteer_a=v[1], volunteer_b=v[3], started_on=day(2024, 9, 1)),
        "B": PairFactory(
            name="Binôme B",
            volunteer_a=v[2],
            volunteer_b=v[3],
            started_on=day(2024, 10, 1),
            ended_on=day(2025, 3, 15),
        ),
        "C": PairFactory(name="Binôme C", volunteer_a=v[4], volunteer_b=v[5], started_on=day(2025, 4, 10)),
        "D": PairFactory(
            name="Binôme D",
            volunteer_a=v[1],
            volunteer_b=v[2],
            started_on=day(2024, 1, 1),
            ended_on=day(2024, 12, 31),
        ),
        "E": PairFactory(name="Binôme E", volunteer_a=v[4], volunteer_b=v[6], started_on=day(2025, 7, 1)),
    }

    s = {
        1: _senior(pairs["A"], day(1950, 7, 1), "F", day(2024, 11, 1), source=Senior.Source.REGISTER),
        2: _senior(pairs["B"], day(1945, 6, 30), "M", day(2025, 1, 1), source=Senior.Source.BIRTHDAY),
        3: _senior(pairs["C"], day(1940, 1, 1), "F", day(2025, 4, 1)),
        4: _senior(None, day(1950, 6, 30), "F", day(2025, 3, 1)),
        5: _senior(None, day(1948, 2, 2), "F", day(2025, 2, 1)),
        6: _senior(None, day(1930, 3, 3), "M", day(2024, 1, 1)),
        7: _senior(None, day(1952, 4, 4), "F", day(2025, 6, 30)),
    }
    # The assignment history: s1 with A from November; s2 with B until B ended; s3 with C.
    Assignment.objects.create(senior=s[1], pair=pairs["A"], started_on=day(2024, 11, 1))
    Assignment.objects.create(
        senior=s[2], pair=pairs["B"], started_on=day(2025, 1, 1), ended_on=day(2025, 3, 15)
    )
    Assignment.objects.create(senior=s[3], pair=pairs["C"], started_on=day(2025, 4, 10))
    _follow(s[1], by, day(2024, 11, 5), day(2024, 11, 20))
    _follow(s[2], by, day(2025, 2, 5), day(2025, 3, 10))
    _follow(s[3], by, day(2025, 5, 1), day(2025, 5, 20))
    _follow(s[4], by, day(2025, 3, 3), day(2025, 4, 4))
    s[1].change_status(Senior.Status.PAUSED, by=by, on=day(2025, 8, 1))  # after the period
    s[5].change_status(Senior.Status.DECLINED, by=by, on=day(2025, 2, 20))
    s[6].change_status(Senior.Status.CLOSED, by=by, closed_reason="deceased", on=day(2025, 5, 5))

    # Calls: first day just after midnight, last day, staff, and two just outside.
    CallFactory(senior=s[1], pair=pairs["A"], called_at=paris(2025, 1, 1, 0, 30))
    CallFactory(
        senior=s[1], pair=pairs["A"], called_at=paris(2025, 2, 10, 10), outcome=Call.Outcome.NO_ANSWER
    )
    CallFactory(senior=s[2], pair=pairs["B"], called_at=paris(2025, 2, 5, 11))
    CallFactory(senior=s[4], pair=None, called_at=paris(2025, 3, 3, 9))
    CallFactory(senior=s[5], pair=None, called_at=paris(2025, 6, 30, 12), outcome=Call.Outcome.NO_ANSWER)
    CallFactory(senior=s[1], pair=pairs["A"], called_at=paris(2024, 12, 31, 23, 30))
    CallFactory(senior=s[1], pair=pairs["A"], called_at=paris(2025, 7, 1, 0, 10))

    meals = ServiceOffer.objects.create(name="Portage de repas")
    cafe = ActivityFactory(name="Café Relais")
    visits = {
        "s1-jan": VisitFactory(senior=s[1], pair=pairs["A"], visited_at=paris(2025, 1, 15, 10)),
        "s1-jun": VisitFactory(senior=s[1], pair=pairs["A"], visited_at=paris(2025, 6, 30, 23, 30)),
        "s2": VisitFactory(senior=s[2], pair=pairs["B"], visited_at=paris(2025, 3, 10, 15)),
        "s3-may": VisitFactory(senior=s[3], pair=pairs["C"], visited_at=paris(2025, 5, 20, 14)),
        "s3-jun": VisitFactory(senior=s[3], pair=pairs["C"], visited_at=paris(2025, 6, 1, 14)),
        "s4": VisitFactory(senior=s[4], pair=None, visited_at=paris(2025, 4, 4, 10)),
    }
    VisitFactory(senior=s[1], pair=pairs["A"], visited_at=paris(2025, 7, 1, 0, 30))
    visits["s1-jan"].services_presented.add(meals)
    visits["s2"].services_presented.add(meals)

    Proposal.objects.create(
        senior=s[1], activity=cafe, proposed_on=day(2025, 1, 15), answer="accepted", attended=True
    )
    Proposal.objects.create(senior=s[2], activity=cafe, proposed_on=day(2025, 3, 10))
    Proposal.objects.create(senior=s[3], activity=cafe, proposed_on=day(2025, 5, 20), answer="declined")
    Need.objects.create(senior=s[1], kind=Need.Kind.SHOPPING, noted_on=day(2025, 1, 15), is_met=True)
    Need.objects.create(senior=s[3], kind=Need.Kind.COMPANY, noted_on=day(2025, 5, 20))
    Need.objects.create(senior=s[3], kind=Need.Kind.COMPANY, noted_on=day(2025, 7, 2))

    AlertFactory(
        senior=s[1],
        raised_at=paris(2025, 2, 1, 10),
        due_at=paris(2025, 2, 2, 10),
        handled_at=paris(2025, 2, 1, 16),
        outcome="Famille prévenue",
    )
    AlertFactory(
        senior=s[3],
        raised_at=paris(2025, 5, 1, 10),
        due_at=paris(2025, 5, 2, 10),
        handled_at=paris(2025, 5, 3, 10),
        outcome="Passage infirmier",
    )
    AlertFactory(senior=s[4], raised_at=paris(2025, 6, 10, 10), due_at=paris(2025, 6, 11, 10))
    return Dataset(pairs=pairs, seniors=s, volunteers=v)


def anonymise(senior: Senior) -> None:
    """What anonymisation does to a file: names and contacts blanked, the date set."""
    Senior.objects.filter(pk=senior.pk).update(
        first_name="",
        last_name="",
        phone="",
        address="",
        emergency_contact_name="",
        emergency_contact_phone="",
        anonymised_at=timezone.now(),
    )
