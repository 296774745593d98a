"""Inform and propose: services presented, activities proposed, orientations; needs noted
and alerts raised, with their handling time."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import (
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    Q,
    Sum,
)

from reports.periods import Period, within
from visits.models import (
    Alert,
    Need,
    Orientation,
    Proposal,
    Visit,
)


@dataclass
class OfferFigures:
    services: list[tuple[str, int, int]]  # (service, times presented, seniors)
    activities: list[tuple[str, int, int, int]]  # (activity, proposed, accepted, attended)
    orientations: int
    orientations_to_partners: int

    @property
    def proposed(self) -> int:
        return sum(a[1] for a in self.activities)

    @property
    def accepted(self) -> int:
        return sum(a[2] for a in self.activities)

    @property
    def attended(self) -> int:
        return sum(a[3] for a in self.activities)


def offer_figures(period: Period) -> OfferFigures:
    """Three queries."""
    presented = (
        Visit.services_presented.through.objects.filter(within("visit__visited_at", period))
        .values("serviceoffer__name")
        .annotate(times=Count("id"), seniors=Count("visit__senior", distinct=True))
        .order_by("-times", "serviceoffer__name")
    )
    proposals = (
        Proposal.objects.filter(proposed_on__range=(period.start, period.end))
        .values("activity__name")
        .annotate(
            proposed=Count("id"),
            accepted=Count("id", filter=Q(answer=Proposal.Answer.ACCEPTED)),
            attended=Count("id", filter=Q(attended=True)),
        )
        .order_by("-proposed", "activity__name")
    )
    orientations = Orientation.objects.filter(made_on__range=(period.start, period.end)).aggregate(
        total=Count("id"), partners=Count("id", filter=Q(partner__isnull=False))
    )
    return OfferFigures(
        services=[(r["serviceoffer__name"], r["times"], r["seniors"]) for r in presented],
        activities=[(r["activity__name"], r["proposed"], r["accepted"], r["attended"]) for r in proposals],
        orientations=orientations["total"],
        orientations_to_partners=orientations["partners"],
    )


# --- Needs and alerts --------------------------------------------------------------------


@dataclass
class AlertRow:
    kind: str
    raised: int
    handled: int
    on_time: int
    handling_time: datetime.timedelta | None  # summed over handled alerts

    @property
    def still_open(self) -> int:
        return self.raised - self.handled

    @property
    def average_hours(self) -> Decimal | None:
        if not self.handled or self.handling_time is None:
            return None
        hours = Decimal(self.handling_time.total_seconds()) / 3600 / self.handled
        return hours.quantize(Decimal("0.1"))


@dataclass
class NeedFigures:
    needs: list[tuple[str, int, int]]  # (kind, noted, answered)
    alerts: list[AlertRow]

    @property
    def alerts_total(self) -> AlertRow:
        times = [a.handling_time for a in self.alerts if a.handling_time is not None]
        return AlertRow(
            kind="",
            raised=sum(a.raised for a in self.alerts),
            handled=sum(a.handled for a in self.alerts),
            on_time=sum(a.on_time for a in self.alerts),
            handling_time=sum(times, datetime.timedelta()) if times else None,
        )


def need_figures(period: Period) -> NeedFigures:
    """Two queries. A need counts as answered if it was by the period's last day (needs
    marked answered before the answer date was kept count as answered)."""
    answered = Q(is_met=True) & (Q(answered_on__isnull=True) | Q(answered_on__lte=period.end))
    needs = (
        Need.objects.filter(noted_on__range=(period.start, period.end))
        .values("kind")
        .annotate(noted=Count("id"), answered=Count("id", filter=answered))
        .order_by("-noted", "kind")
    )
    handled = Q(handled_at__isnull=False)
    delay = ExpressionWrapper(F("handled_at") - F("raised_at"), output_field=DurationField())
    alerts = (
        Alert.objects.filter(within("raised_at", period))
        .values("kind")
        .annotate(
            raised=Count("id"),
            handled=Count("id", filter=handled),
            on_time=Count("id", filter=handled & Q(handled_at__lte=F("due_at"))),
            handling_time=Sum(delay, filter=handled),
        )
        .order_by("-raised", "kind")
    )
    return NeedFigures(
        needs=[(r["kind"], r["noted"], r["answered"]) for r in needs],
        alerts=[AlertRow(**r) for r in alerts],
    )
