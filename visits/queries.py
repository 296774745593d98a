"""Reads about follow-up shared by the coordinators' pages and the dashboard (the contact
dates, due dates and the overdue queue are in `visits.indicators`).

Each one is a queryset computed by the database (subqueries and aggregates), so that a
page costs the same number of queries whatever the number of seniors, calls and visits."""

from __future__ import annotations

import datetime

from django.db.models import (
    DateTimeField,
    Exists,
    OuterRef,
    QuerySet,
    Subquery,
)
from django.utils import timezone

from visits.models import Call, Visit
from volunteers.models import Pair, Volunteer, onboarding_incomplete


def silent_pairs(days: int = 30, today: datetime.date | None = None) -> QuerySet[Pair]:
    """Active pairs that logged neither a call nor a visit in the last `days` days."""
    now = timezone.now()
    since = now - datetime.timedelta(days=days)
    calls = Call.objects.filter(pair=OuterRef("pk"), called_at__gte=since)
    visits = Visit.objects.filter(pair=OuterRef("pk"), visited_at__gte=since)
    last_call = Call.objects.filter(pair=OuterRef("pk")).order_by("-called_at").values("called_at")[:1]
    last_visit = Visit.objects.filter(pair=OuterRef("pk")).order_by("-visited_at").values("visited_at")[:1]
    return (
        Pair.objects.active_on(today or timezone.localdate())
        .filter(~Exists(calls), ~Exists(visits))
        .annotate(
            last_call=Subquery(last_call, output_field=DateTimeField()),
            last_visit=Subquery(last_visit, output_field=DateTimeField()),
        )
        .with_members()
        .in_name_order()
    )


def volunteers_with_incomplete_onboarding() -> QuerySet[Volunteer]:
    """Volunteers still in the programme who miss a step of their kind's onboarding checklist
    (the charter's current version, initial training, insurance where required)."""
    return (
        Volunteer.objects.filter(anonymised_at__isnull=True)
        .exclude(status=Volunteer.Status.LEFT)
        .filter(onboarding_incomplete())
    )
