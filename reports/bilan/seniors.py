"""The seniors: reached, new, followed, declined and closed, by age band, sex and source,
and the days from identification to first visit."""

from __future__ import annotations

import datetime
import statistics
from dataclasses import dataclass, field

from django.db.models import (
    Count,
    Exists,
    OuterRef,
    Q,
    Subquery,
    Value,
)
from django.db.models.lookups import Exact

from reports.periods import Period, paris
from seniors.models import AgeBand, Senior, SeniorStatusChange, birth_dates_for_band
from visits.models import (
    Call,
    Visit,
    local_midnight,
)

REPORTED_BANDS = (AgeBand.FROM_60, AgeBand.FROM_75, AgeBand.FROM_85, AgeBand.UNDER_60)


def reached_in(period: Period) -> Q:
    """Seniors with at least one successful contact in the period: a call that reached
    them or a visit.

    Two uncorrelated subqueries over the period's calls and visits only (the date indexes
    bound them): the database hashes each once, instead of probing every senior's history."""
    calls = (
        Call.objects.between(period.start, period.end).filter(outcome__in=Call.SUCCESSFUL).values("senior_id")
    )
    visits = Visit.objects.between(period.start, period.end).values("senior_id")
    return Q(pk__in=calls) | Q(pk__in=visits)


def followed_status_on(day: datetime.date) -> Q:
    """Seniors whose status on `day` was "followed", from the status history.

    Every change records the status it left (`from_status`), so a senior's status on `day`
    is the one the first later change left, else the current status. Only the seniors
    changed after `day` (few, for a past day) need their history read."""
    changed_after = SeniorStatusChange.objects.filter(changed_on__gt=day).values("senior_id")
    first_after = (
        SeniorStatusChange.objects.filter(senior=OuterRef("pk"), changed_on__gt=day)
        .order_by("changed_on", "id")
        .values("from_status")[:1]
    )
    followed = Value(Senior.Status.FOLLOWED)
    return (~Q(pk__in=changed_after) & Q(status=Senior.Status.FOLLOWED)) | (
        Q(pk__in=changed_after) & Q(Exact(Subquery(first_after), followed))
    )


@dataclass
class SeniorFigures:
    reached: int
    new: int
    followed_at_end: int
    declined: int
    closed_by_reason: dict[str, int]
    by_band_and_sex: dict[str, dict[str, int]]
    by_source: list[tuple[str, int, int]]  # (source, new, reached)
    first_visit_delays: list[int] = field(default_factory=list)

    @property
    def closed(self) -> int:
        return sum(self.closed_by_reason.values())

    @property
    def by_band(self) -> dict[str, int]:
        return {band: sum(sexes.values()) for band, sexes in self.by_band_and_sex.items()}

    @property
    def median_days_to_first_visit(self) -> float | None:
        return statistics.median(self.first_visit_delays) if self.first_visit_delays else None


def followed_on(day: datetime.date) -> Q:
    """Seniors identified by `day` and visited-and-followed on that day."""
    return Q(identified_on__lte=day) & followed_status_on(day)


def seniors_followed_on(day: datetime.date) -> int:
    return Senior.objects.filter(followed_on(day)).count()


def senior_figures(period: Period) -> SeniorFigures:
    """Five queries."""
    reached = reached_in(period)
    new = Count("id", filter=Q(identified_on__range=(period.start, period.end)))
    totals = Senior.objects.aggregate(new=new, followed=Count("id", filter=followed_on(period.end)))
    # The seniors reached are selected once (WHERE), then counted by age band and sex.
    bands = {
        f"{band}:{sex}": Count("id", filter=birth_dates_for_band(band, period.end) & Q(sex=sex))
        for band in REPORTED_BANDS
        for sex in Senior.Sex.values
    }
    totals |= Senior.objects.filter(reached).aggregate(reached=Count("id"), **bands)

    by_source = (
        Senior.objects.values("source")
        .annotate(new=new, reached=Count("id", filter=reached))
        .filter(Q(new__gt=0) | Q(reached__gt=0))
        .order_by("source")
    )
    changes = (
        SeniorStatusChange.objects.filter(
            changed_on__range=(period.start, period.end),
            to_status__in=[Senior.Status.DECLINED, Senior.Status.CLOSED],
        )
        .values("to_status", "closed_reason")
        .annotate(seniors=Count("senior", distinct=True))
        .order_by()
    )
    declined = 0
    closed: dict[str, int] = {}
    for row in changes:
        if row["to_status"] == Senior.Status.DECLINED:
            declined += row["seniors"]
        else:
            closed[row["closed_reason"]] = closed.get(row["closed_reason"], 0) + row["seniors"]
    return SeniorFigures(
        reached=totals["reached"],
        new=totals["new"],
        followed_at_end=totals["followed"],
        declined=declined,
        closed_by_reason=closed,
        by_band_and_sex={
            band: {sex: totals[f"{band}:{sex}"] for sex in Senior.Sex.values} for band in REPORTED_BANDS
        },
        by_source=[(r["source"], r["new"], r["reached"]) for r in by_source],
        first_visit_delays=first_visit_delays(period),
    )


def first_visit_delays(period: Period) -> list[int]:
    """Days from identification to first visit, for seniors first visited in the period.

    A median is not a portable SQL aggregate: one query returns one pair of dates per
    newly visited senior (not per visit), and the median is taken from those. Only the
    period's visits are read, with one index probe per senior for an earlier visit."""
    in_period = Visit.objects.between(period.start, period.end)
    earlier = Visit.objects.filter(senior=OuterRef("pk"), visited_at__lt=local_midnight(period.start))
    first_in_period = in_period.filter(senior=OuterRef("pk")).order_by("visited_at").values("visited_at")[:1]
    rows = (
        Senior.objects.filter(pk__in=in_period.values("senior_id"))
        .exclude(Exists(earlier))
        .annotate(first_visit=Subquery(first_in_period))
        .order_by("pk")
        .values_list("identified_on", "first_visit")
    )
    tz = paris()
    return [max((first.astimezone(tz).date() - identified).days, 0) for identified, first in rows]
