"""The coordinator's dashboard figures, computed by database aggregation: the half-year
against the same half-year last year and the targets, and the visits of the last 12 months."""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from reports.models import Target
from reports.periods import Period, month_bounds, within
from seniors.models import Senior, SeniorStatusChange
from visits.models import Call, Visit, local_midnight
from volunteers.models import Pair, Volunteer

# --- The coordinator's dashboard ------------------------------------------------------------


@dataclass(frozen=True)
class Comparison:
    """One figure for the current half-year next to the same half-year last year."""

    key: str
    label: str
    current: int
    last_year: int
    target: int | None = None

    @property
    def is_target_met(self) -> bool | None:
        return None if self.target is None else self.current >= self.target


def _active_on(day: datetime.date, *, joined: str, left: str) -> Q:
    return Q(**{f"{joined}__lte": day}) & (Q(**{f"{left}__isnull": True}) | Q(**{f"{left}__gte": day}))


def compare_with_last_year(period: Period, today: datetime.date | None = None) -> list[Comparison]:
    """The dashboard's figures for `period` and the same half-year last year, with the yearly
    growth targets (one aggregate query per table, both periods at once).

    Active volunteers and pairs are counted on the period's last day (today for the current
    one); a volunteer counts from joining to leaving, applicants excepted. Seniors followed
    are those visited in the period, which can be counted for a past period too."""
    today = today or timezone.localdate()
    last = period.same_period_last_year()
    both = [period, last]
    days = [min(period.end, today), last.end]
    calls = Call.objects.filter(within("called_at", last) | within("called_at", period)).aggregate(
        **{f"n1_{i}": Count("id", filter=within("called_at", p)) for i, p in enumerate(both)}
    )
    visits = Visit.objects.filter(within("visited_at", last) | within("visited_at", period)).aggregate(
        **{f"n2_{i}": Count("id", filter=within("visited_at", p)) for i, p in enumerate(both)},
        **{
            f"n3_{i}": Count("senior", distinct=True, filter=within("visited_at", p))
            for i, p in enumerate(both)
        },
    )
    new_seniors = Senior.objects.aggregate(
        **{
            f"n4_{i}": Count("id", filter=Q(identified_on__range=(p.start, p.end)))
            for i, p in enumerate(both)
        }
    )
    refusals = SeniorStatusChange.objects.filter(to_status=Senior.Status.DECLINED).aggregate(
        **{f"n5_{i}": Count("id", filter=Q(changed_on__range=(p.start, p.end))) for i, p in enumerate(both)}
    )
    volunteers = Volunteer.objects.exclude(status=Volunteer.Status.APPLICANT).aggregate(
        **{
            f"n6_{i}": Count("id", filter=_active_on(d, joined="joined_on", left="left_on"))
            for i, d in enumerate(days)
        }
    )
    pairs = Pair.objects.aggregate(
        **{
            f"n7_{i}": Count("id", filter=_active_on(d, joined="started_on", left="ended_on"))
            for i, d in enumerate(days)
        }
    )
    target = Target.objects.filter(year=period.start.year).first() or Target(year=period.start.year)

    def pair_of(values: dict, offset: int = 0) -> tuple[int, int]:
        numbers = list(values.values())
        return numbers[offset], numbers[offset + 1]

    def grown(value: int, pct: Decimal) -> int:
        return math.ceil(value * (1 + pct / 100))

    rows = [
        ("calls", _("Calls made"), pair_of(calls), None),
        ("visits", _("Visits done"), pair_of(visits), None),
        ("seniors_followed", _("Seniors followed (visited)"), pair_of(visits, 2), target.seniors_growth_pct),
        ("new_seniors", _("New seniors"), pair_of(new_seniors), None),
        ("refusals", _("Refusals"), pair_of(refusals), None),
        ("active_volunteers", _("Active volunteers"), pair_of(volunteers), target.volunteers_growth_pct),
        ("active_pairs", _("Active pairs"), pair_of(pairs), None),
    ]
    return [
        Comparison(
            key=key,
            label=label,
            current=current,
            last_year=previous,
            target=None if pct is None else grown(previous, pct),
        )
        for key, label, (current, previous), pct in rows
    ]


def visits_per_month(today: datetime.date | None = None, months: int = 12) -> list[tuple[datetime.date, int]]:
    """Visits in each of the last `months` calendar months (current month included), oldest first."""
    today = today or timezone.localdate()
    firsts = []
    year, month = today.year, today.month
    for _index in range(months):
        firsts.append(datetime.date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    firsts.reverse()
    bounds = month_bounds("visited_at", firsts)
    counts = Visit.objects.filter(visited_at__gte=local_midnight(firsts[0])).aggregate(
        **{key: Count("id", filter=q) for key, q in bounds.items()}
    )
    return [(first, counts[f"m{i}"]) for i, first in enumerate(firsts)]
