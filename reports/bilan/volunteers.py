"""Volunteers and pairs: active, new, gone, charter, meetings and trainings."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import (
    Count,
    Exists,
    OuterRef,
    Q,
)

from reports.periods import Period
from volunteers.models import CharterSignature, Meeting, Pair, Volunteer


def volunteer_active_between(start: datetime.date, end: datetime.date) -> Q:
    return (
        ~Q(status=Volunteer.Status.APPLICANT)
        & Q(joined_on__lte=end)
        & (Q(left_on__isnull=True) | Q(left_on__gte=start))
    )


def volunteers_active_on(day: datetime.date) -> int:
    return Volunteer.objects.filter(volunteer_active_between(day, day)).count()


@dataclass
class VolunteerFigures:
    active: int
    active_at_end: int
    new: int
    left: int
    charter_signed: int
    by_kind: dict[str, int]
    meetings: list[tuple[str, int, int, int]]  # (kind, held, attendances, volunteers)
    pairs_active: int
    pairs_active_at_end: int
    pairs_started: int
    pairs_ended: int


def volunteer_figures(period: Period) -> VolunteerFigures:
    """Three queries."""
    active = volunteer_active_between(period.start, period.end)
    signed = Exists(CharterSignature.objects.filter(volunteer=OuterRef("pk"), signed_on__lte=period.end))
    kinds = {f"kind:{k}": Count("id", filter=active & Q(kind=k)) for k in Volunteer.Kind.values}
    v = Volunteer.objects.aggregate(
        active=Count("id", filter=active),
        active_at_end=Count("id", filter=volunteer_active_between(period.end, period.end)),
        new=Count(
            "id",
            filter=~Q(status=Volunteer.Status.APPLICANT) & Q(joined_on__range=(period.start, period.end)),
        ),
        left=Count("id", filter=Q(left_on__range=(period.start, period.end))),
        charter_signed=Count("id", filter=active & Q(signed)),
        **kinds,
    )
    meetings = (
        Meeting.objects.filter(held_on__range=(period.start, period.end))
        .values("kind")
        .annotate(
            held=Count("id", distinct=True),
            attended=Count("attendances"),
            people=Count("attendances__volunteer", distinct=True),
        )
        .order_by("kind")
    )
    overlaps = Q(started_on__lte=period.end) & (Q(ended_on__isnull=True) | Q(ended_on__gte=period.start))
    at_end = Q(started_on__lte=period.end) & (Q(ended_on__isnull=True) | Q(ended_on__gte=period.end))
    p = Pair.objects.aggregate(
        active=Count("id", filter=overlaps),
        at_end=Count("id", filter=at_end),
        started=Count("id", filter=Q(started_on__range=(period.start, period.end))),
        ended=Count("id", filter=Q(ended_on__range=(period.start, period.end))),
    )
    return VolunteerFigures(
        active=v["active"],
        active_at_end=v["active_at_end"],
        new=v["new"],
        left=v["left"],
        charter_signed=v["charter_signed"],
        by_kind={k: v[f"kind:{k}"] for k in Volunteer.Kind.values},
        meetings=[(m["kind"], m["held"], m["attended"], m["people"]) for m in meetings],
        pairs_active=p["active"],
        pairs_active_at_end=p["at_end"],
        pairs_started=p["started"],
        pairs_ended=p["ended"],
    )
