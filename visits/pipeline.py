"""The programme's pipeline by source: of the seniors approached in a period (new seniors,
`seniors.models.is_new_between`), how many were reached, visited a first time, followed, or
declined by the period's end, and how long reaching them and visiting them took.

Each stage is a word of INDICATORS.md, counted over that cohort with its own function:
reached and visited (`is_reached_between`, `is_visited_between`), followed
(`is_followed_between`), declined (`has_declined_between`). Only the period's contacts are
read, so a closed period's pipeline does not move."""

from __future__ import annotations

import datetime
import statistics
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, DateTimeField, OuterRef, Subquery
from django.db.models.functions import Coalesce, Least

from ccas_visits.lib.dates import paris
from seniors.models import Senior, has_declined_between, is_new_between
from visits.indicators import is_followed_between, is_reached_between, is_visited_between
from visits.models import Call, Visit


@dataclass
class SourceFunnel:
    """One source's cohort of seniors approached in the period, stage by stage."""

    source: str
    approached: int
    reached: int
    first_visit: int
    followed: int
    declined: int
    days_to_reach: list[int] = field(default_factory=list)
    days_to_first_visit: list[int] = field(default_factory=list)

    @property
    def label(self) -> str:
        return str(Senior.Source(self.source).label)

    def rate(self, stage: str) -> Decimal | None:
        """The share of the approached seniors who got to `stage`, in percent."""
        if not self.approached:
            return None
        return (Decimal(getattr(self, stage)) * 100 / self.approached).quantize(Decimal("0.1"))

    @property
    def median_days_to_reach(self) -> float | None:
        return statistics.median(self.days_to_reach) if self.days_to_reach else None

    @property
    def median_days_to_first_visit(self) -> float | None:
        return statistics.median(self.days_to_first_visit) if self.days_to_first_visit else None


def pipeline_by_source(start: datetime.date, end: datetime.date) -> list[SourceFunnel]:
    """Two queries: the stages counted by source in the database, then one row per senior
    approached in the period (their first successful contact and first visit in it) for the
    median delays, which are not a portable SQL aggregate."""
    cohort = Senior.objects.filter(is_new_between(start, end))
    counts = (
        cohort.values("source")
        .annotate(
            approached=Count("id"),
            reached=Count("id", filter=is_reached_between(start, end)),
            first_visit=Count("id", filter=is_visited_between(start, end)),
            followed=Count("id", filter=is_followed_between(start, end)),
            declined=Count("id", filter=has_declined_between(start, end)),
        )
        .order_by("source")
    )
    funnels = {row["source"]: SourceFunnel(**row) for row in counts}
    for source, identified, reached_at, visited_at in _first_contacts(cohort, start, end):
        funnel = funnels[source]
        if reached_at is not None:
            funnel.days_to_reach.append(_days_between(identified, reached_at))
        if visited_at is not None:
            funnel.days_to_first_visit.append(_days_between(identified, visited_at))
    return list(funnels.values())


def _first_contacts(cohort, start: datetime.date, end: datetime.date):
    calls = Call.objects.between(start, end).successful().filter(senior=OuterRef("pk")).order_by("called_at")
    visits = Visit.objects.between(start, end).filter(senior=OuterRef("pk")).order_by("visited_at")
    first_call = Subquery(calls.values("called_at")[:1], output_field=DateTimeField())
    first_visit = Subquery(visits.values("visited_at")[:1], output_field=DateTimeField())
    return (
        cohort.annotate(first_visit_at=first_visit, first_call_at=first_call)
        # LEAST ignores NULLs on PostgreSQL only: each side is coalesced with the other.
        .annotate(
            first_reached_at=Least(
                Coalesce("first_visit_at", "first_call_at"), Coalesce("first_call_at", "first_visit_at")
            )
        )
        .order_by("pk")
        .values_list("source", "identified_on", "first_reached_at", "first_visit_at")
        .iterator()
    )


def _days_between(day: datetime.date, moment: datetime.datetime) -> int:
    """Whole days from `day` to `moment`'s Paris day; a contact before the approach (a
    campaign call to someone on the register) counts as the same day."""
    return max((moment.astimezone(paris()).date() - day).days, 0)
