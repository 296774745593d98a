"""Reads about follow-up shared by the coordinators' pages and the dashboard.

Each one is a queryset computed by the database (subqueries and aggregates), so that a
page costs the same number of queries whatever the number of seniors, calls and visits."""

from __future__ import annotations

import datetime

from django.db.models import (
    DateTimeField,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from ccas_visits.lib.db import AddDays
from seniors.models import Senior
from visits.models import Call, Visit
from volunteers.models import CharterSignature, Pair, Volunteer

# Seniors a pair is expected to keep in touch with.
FOLLOWED_STATUSES = (Senior.Status.IDENTIFIED, Senior.Status.CONTACTED, Senior.Status.FOLLOWED)


def with_last_contact(seniors: QuerySet[Senior]) -> QuerySet[Senior]:
    """Annotate `last_contact`: the latest successful call (reached or visit booked) or visit.

    Subqueries rather than Max over two joins: joining calls and visits together would
    multiply rows (calls × visits per senior); each subquery uses the (senior, -date) index."""
    last_call = (
        Call.objects.filter(senior=OuterRef("pk"), outcome__in=Call.SUCCESSFUL)
        .order_by("-called_at")
        .values("called_at")[:1]
    )
    last_visit = Visit.objects.filter(senior=OuterRef("pk")).order_by("-visited_at").values("visited_at")[:1]
    seniors = seniors.annotate(
        last_call=Subquery(last_call, output_field=DateTimeField()),
        last_visit=Subquery(last_visit, output_field=DateTimeField()),
    )
    # GREATEST ignores NULLs on PostgreSQL but not on SQLite: coalesce each side with the other.
    return seniors.annotate(
        last_contact=Greatest(
            Coalesce(F("last_call"), F("last_visit")), Coalesce(F("last_visit"), F("last_call"))
        ),
        contact_due_at=AddDays(F("last_contact"), F("visit_interval_days")),
    )


def not_contacted_within_rhythm(now: datetime.datetime) -> Q:
    """Seniors with no successful contact since `now` minus their own rhythm.

    Written as NOT EXISTS over a bounded range of each senior's contacts, so that the
    database answers with one index descent per senior, whatever the length of history."""
    since = AddDays(Value(now, output_field=DateTimeField()), -1 * OuterRef("visit_interval_days"))
    recent_calls = Call.objects.filter(
        senior=OuterRef("pk"), called_at__gte=since, outcome__in=Call.SUCCESSFUL
    )
    recent_visits = Visit.objects.filter(senior=OuterRef("pk"), visited_at__gte=since)
    return ~Q(Exists(recent_calls)) & ~Q(Exists(recent_visits))


def overdue_seniors(now: datetime.datetime | None = None) -> QuerySet[Senior]:
    """Seniors followed by a pair whose last successful contact is older than their rhythm.

    A senior assigned to a pair and never reached is overdue too. Oldest due date first;
    `.count()` reads only the filter, not the annotations."""
    now = now or timezone.now()
    seniors = Senior.objects.filter(
        not_contacted_within_rhythm(now),
        pair__isnull=False,
        status__in=FOLLOWED_STATUSES,
        anonymised_at__isnull=True,
    )
    return (
        with_last_contact(seniors)
        .annotate(
            overdue_by=ExpressionWrapper(now - F("contact_due_at"), output_field=DurationField()),
        )
        .order_by(F("contact_due_at").asc(nulls_first=True), "last_name", "first_name")
    )


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
        .order_by("name", "id")
    )


def volunteers_with_incomplete_onboarding() -> QuerySet[Volunteer]:
    """Volunteers still in the programme whose charter or initial training is missing."""
    signed = CharterSignature.objects.filter(volunteer=OuterRef("pk"))
    return (
        Volunteer.objects.filter(anonymised_at__isnull=True)
        .exclude(status=Volunteer.Status.LEFT)
        .filter(Q(initial_training_on__isnull=True) | ~Exists(signed))
    )
