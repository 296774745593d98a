"""The tally: calls made and visits done per pair (and by CCAS staff) per month."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import (
    Count,
    Q,
    QuerySet,
)
from django.utils.translation import gettext as _

from reports.periods import Period, month_bounds, months_of
from visits.models import (
    Call,
    Visit,
)
from volunteers.models import Pair


@dataclass
class TallyRow:
    pair_id: int | None
    label: str
    started_on: datetime.date | None
    ended_on: datetime.date | None
    calls: list[int]
    visits: list[int]

    @property
    def total_calls(self) -> int:
        return sum(self.calls)

    @property
    def total_visits(self) -> int:
        return sum(self.visits)

    @property
    def is_staff(self) -> bool:
        return self.pair_id is None


@dataclass
class Tally:
    months: list[datetime.date]
    rows: list[TallyRow]

    @property
    def calls_per_month(self) -> list[int]:
        return [sum(r.calls[i] for r in self.rows) for i in range(len(self.months))]

    @property
    def visits_per_month(self) -> list[int]:
        return [sum(r.visits[i] for r in self.rows) for i in range(len(self.months))]

    @property
    def total_calls(self) -> int:
        return sum(self.calls_per_month)

    @property
    def total_visits(self) -> int:
        return sum(self.visits_per_month)


def _counts_by_pair_and_month(
    queryset: QuerySet, field_name: str, months: list[datetime.date]
) -> dict[tuple, int]:
    """{(pair_id or None, first day of the Paris month): count} in one grouped query."""
    bounds = month_bounds(field_name, months)
    rows = (
        queryset.values("pair_id")
        .annotate(**{key: Count("id", filter=q) for key, q in bounds.items()})
        .order_by()
    )
    return {(r["pair_id"], month): r[f"m{i}"] for r in rows for i, month in enumerate(months)}


def pair_label(pair: Pair, period: Period | None = None) -> str:
    """The pair's members and number; when a member was replaced, its members over the period with their
    dates (memberships prefetched with their volunteers)."""
    if not pair.has_changed_members():
        return str(pair)
    shown = [
        m
        for m in pair.memberships_in_order()
        if period is None
        or (m.started_on <= period.end and (m.ended_on is None or m.ended_on >= period.start))
    ]
    members = ", ".join(
        f"{m.volunteer.full_name} ({m.started_on:%d/%m/%Y} – {m.ended_on:%d/%m/%Y})"
        if m.ended_on
        else _("%(name)s (from %(day)s)") % {"name": m.volunteer.full_name, "day": f"{m.started_on:%d/%m/%Y}"}
        for m in shown
    )
    return f"{pair} — {members}"


def tally(period: Period) -> Tally:
    """Calls made and visits done per pair (and by staff) per month: five queries (the
    pairs' memberships and their volunteers, for a pair whose member was replaced)."""
    months = months_of(period)
    calls = _counts_by_pair_and_month(Call.objects.between(period.start, period.end), "called_at", months)
    visits = _counts_by_pair_and_month(Visit.objects.between(period.start, period.end), "visited_at", months)
    with_contacts = {pair_id for pair_id, _month in [*calls, *visits] if pair_id is not None}
    # Every pair active at some point of the period shows, even with nothing recorded,
    # and so does a pair whose contacts were recorded outside its dates.
    pairs = (
        Pair.objects.filter(
            Q(pk__in=Pair.objects.active_between(period.start, period.end)) | Q(pk__in=with_contacts)
        )
        .with_members()
        .prefetch_related("memberships__volunteer")
    )
    rows = [
        TallyRow(
            pair_id=pair.pk,
            label=pair_label(pair, period),
            started_on=pair.started_on,
            ended_on=pair.ended_on,
            calls=[calls.get((pair.pk, m), 0) for m in months],
            visits=[visits.get((pair.pk, m), 0) for m in months],
        )
        for pair in sorted(pairs, key=Pair.sort_key)
    ]
    rows.append(
        TallyRow(
            pair_id=None,
            label=_("CCAS staff (no pair)"),
            started_on=None,
            ended_on=None,
            calls=[calls.get((None, m), 0) for m in months],
            visits=[visits.get((None, m), 0) for m in months],
        )
    )
    return Tally(months=months, rows=rows)
