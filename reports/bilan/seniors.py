"""The seniors: reached, visited, new, followed, declined and closed, by age band, sex and
source, and the days from identification to first visit. Each word is defined by
`visits.indicators` or `seniors.models`; this module only counts."""

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
)

from ccas_visits.lib.dates import local_midnight, paris
from reports.periods import Period
from seniors.ages import AgeBand, birth_dates_for_band
from seniors.models import (
    Senior,
    SeniorStatusChange,
    has_declined_between,
    is_new_between,
)
from visits.indicators import (
    is_awaiting_first_visit_on,
    is_followed_between,
    is_followed_on,
    is_newly_followed_between,
    is_reached_between,
    is_still_followed_between,
    is_visited_between,
)
from visits.models import Visit

REPORTED_BANDS = (AgeBand.FROM_60, AgeBand.FROM_75, AgeBand.FROM_85, AgeBand.UNDER_60)


@dataclass
class SeniorFigures:
    reached: int
    visited: int
    new: int
    followed: int
    newly_followed: int
    still_followed: int
    followed_at_end: int
    awaiting_first_visit_at_end: int
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


def senior_figures(period: Period, stock_day: datetime.date) -> SeniorFigures:
    """Five queries. Stocks are counted on `stock_day` (the period's last day, or today
    while it runs)."""
    reached = is_reached_between(period.start, period.end)
    new = Count("id", filter=is_new_between(period.start, period.end))
    totals = Senior.objects.aggregate(
        new=new,
        visited=Count("id", filter=is_visited_between(period.start, period.end)),
        followed=Count("id", filter=is_followed_between(period.start, period.end)),
        newly_followed=Count("id", filter=is_newly_followed_between(period.start, period.end)),
        still_followed=Count("id", filter=is_still_followed_between(period.start, period.end)),
        followed_at_end=Count("id", filter=is_followed_on(stock_day)),
        awaiting=Count("id", filter=is_awaiting_first_visit_on(stock_day)),
        declined=Count("id", filter=has_declined_between(period.start, period.end)),
    )
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
    closed = (
        SeniorStatusChange.objects.filter(
            changed_on__range=(period.start, period.end), to_status=Senior.Status.CLOSED
        )
        .values("closed_reason")
        .annotate(seniors=Count("senior", distinct=True))
        .order_by()
    )
    return SeniorFigures(
        reached=totals["reached"],
        visited=totals["visited"],
        new=totals["new"],
        followed=totals["followed"],
        newly_followed=totals["newly_followed"],
        still_followed=totals["still_followed"],
        followed_at_end=totals["followed_at_end"],
        awaiting_first_visit_at_end=totals["awaiting"],
        declined=totals["declined"],
        closed_by_reason={row["closed_reason"]: row["seniors"] for row in closed},
        by_band_and_sex={
            band: {sex: totals[f"{band}:{sex}"] for sex in Senior.Sex.values} for band in REPORTED_BANDS
        },
        by_source=[(r["source"], r["new"], r["reached"]) for r in by_source],
        first_visit_delays=first_visit_delays(period),
    )


def first_visit_delays(period: Period) -> list[int]:
    """Days from identification to first visit, for seniors first visited in the period
    (someone visited while only on the register has no identification day: left out).

    A median is not a portable SQL aggregate: one query returns one pair of dates per
    newly visited senior (not per visit), and the median is taken from those. Only the
    period's visits are read, with one index probe per senior for an earlier visit."""
    in_period = Visit.objects.between(period.start, period.end)
    earlier = Visit.objects.filter(senior=OuterRef("pk"), visited_at__lt=local_midnight(period.start))
    first_in_period = in_period.filter(senior=OuterRef("pk")).order_by("visited_at").values("visited_at")[:1]
    rows = (
        Senior.objects.filter(pk__in=in_period.values("senior_id"), identified_on__isnull=False)
        .exclude(Exists(earlier))
        .annotate(first_visit=Subquery(first_in_period))
        .order_by("pk")
        .values_list("identified_on", "first_visit")
    )
    tz = paris()
    return [max((first.astimezone(tz).date() - identified).days, 0) for identified, first in rows]
