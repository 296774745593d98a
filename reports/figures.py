"""Headline figures for a period, computed by database aggregation."""

from __future__ import annotations

from django.db.models import Count, Q

from reports.periods import Period
from seniors.models import Senior, SeniorStatusChange
from visits.models import Alert, Call, Visit
from volunteers.models import Pair, Volunteer


def headline_figures(period: Period) -> dict[str, int]:
    """Calls, visits, seniors and volunteers for `period` (a handful of queries)."""
    calls = Call.objects.between(period.start, period.end).aggregate(
        total=Count("id"), staff=Count("id", filter=Q(pair__isnull=True))
    )
    visits = Visit.objects.between(period.start, period.end).aggregate(total=Count("id"))
    seniors = Senior.objects.aggregate(
        followed=Count("id", filter=Q(status=Senior.Status.FOLLOWED)),
        new=Count("id", filter=Q(identified_on__range=(period.start, period.end))),
    )
    refusals = SeniorStatusChange.objects.filter(
        to_status=Senior.Status.DECLINED, changed_on__range=(period.start, period.end)
    ).count()
    return {
        "calls": calls["total"],
        "staff_calls": calls["staff"],
        "visits": visits["total"],
        "seniors_followed": seniors["followed"],
        "new_seniors": seniors["new"],
        "refusals": refusals,
        "active_volunteers": Volunteer.objects.active().count(),
        "active_pairs": Pair.objects.active_on(period.end).filter(started_on__lte=period.end).count(),
        "open_alerts": Alert.objects.filter(handled_at__isnull=True).count(),
    }
