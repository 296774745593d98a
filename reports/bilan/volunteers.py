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
from visits.models import Visit
from volunteers.models import (
    CharterSignature,
    Meeting,
    Pair,
    Volunteer,
    is_active_between,
    is_active_on,
)


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
    visits_by_kind: dict[str, int]
    visits_by_association: list[tuple[str, int]]


def volunteer_figures(period: Period, stock_day: datetime.date) -> VolunteerFigures:
    """Five queries. "Active" reads the status history (`volunteers.models`); the stocks
    are counted on `stock_day` (the period's last day, or today while it runs)."""
    active = is_active_between(period.start, period.end)
    signed = Exists(CharterSignature.objects.filter(volunteer=OuterRef("pk"), signed_on__lte=period.end))
    kinds = {f"kind:{k}": Count("id", filter=active & Q(kind=k)) for k in Volunteer.Kind.values}
    v = Volunteer.objects.aggregate(
        active=Count("id", filter=active),
        active_at_end=Count("id", filter=is_active_on(stock_day)),
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
    p = Pair.objects.aggregate(
        active=Count("id", filter=Q(pk__in=Pair.objects.active_between(period.start, period.end))),
        at_end=Count("id", filter=Q(pk__in=Pair.objects.active_on(stock_day))),
        started=Count("id", filter=Q(started_on__range=(period.start, period.end))),
        ended=Count("id", filter=Q(ended_on__range=(period.start, period.end))),
    )
    # A visit counts once for each kind (and association) of the volunteers recorded present.
    visits = Visit.objects.between(period.start, period.end)
    by_kind = visits.aggregate(
        **{k: Count("id", filter=Q(present__kind=k), distinct=True) for k in Volunteer.Kind.values}
    )
    by_association = (
        visits.filter(present__association__isnull=False)
        .values("present__association__name")
        .annotate(visits=Count("id", distinct=True))
        .order_by("present__association__name")
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
        visits_by_kind=by_kind,
        visits_by_association=[(row["present__association__name"], row["visits"]) for row in by_association],
    )
