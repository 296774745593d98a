"""The funders' annex: people and participations by sex and the funders' age bands, GIR,
actions and volunteer hours, volunteers by kind and association, for any period.

Funders (the conférence des financeurs, the CNSA, pension funds, the commune) count people
and participations apart (INDICATORS.md, "people vs participations"). Every word comes
from `visits.indicators`, `seniors.ages` and `volunteers.models`; this module only counts,
in a fixed number of queries whatever the size of the programme."""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass

from django.db.models import Count, Q

from ccas_visits.lib.dates import local_midnight
from reports.periods import Period, within
from seniors.ages import FunderAgeBand, birth_dates_for_funder_band, funder_age_band
from seniors.models import Senior
from visits.indicators import (
    VolunteerHours,
    is_followed_between,
    is_followed_on,
    is_newly_followed_between,
    is_participation_between,
    is_reached_between,
    is_still_followed_between,
    volunteer_hours,
)
from visits.models import ActivitySession, Call, Proposal, Visit
from volunteers.models import Volunteer, is_active_between

# A count per age band and sex: {band: {sex: n}}.
BandsBySex = dict[str, dict[str, int]]
# The GIR of a file not assessed.
NOT_ASSESSED = ""


@dataclass(frozen=True)
class FunderAnnex:
    period: Period
    followed: BandsBySex
    reached: BandsBySex  # at least one successful contact in the period
    followed_at_end: BandsBySex  # the stock on the stock day
    newly_followed: BandsBySex
    still_followed: BandsBySex
    participants: BandsBySex  # distinct seniors who came to an activity
    participations: BandsBySex  # attendances
    followed_by_gir: dict[str, int]  # GIR value, NOT_ASSESSED last
    visits: int
    calls: int
    sessions_held: int
    hours: VolunteerHours
    volunteers_by_kind: dict[str, int]
    volunteers_by_association: list[tuple[str, int]]

    @property
    def participation_count(self) -> int:
        return total(self.participations)


def total(counts: BandsBySex) -> int:
    return sum(n for sexes in counts.values() for n in sexes.values())


def _empty() -> BandsBySex:
    return {band: dict.fromkeys(Senior.Sex.values, 0) for band in FunderAgeBand.values}


def funder_annex(period: Period, stock_day: datetime.date) -> FunderAnnex:
    """Ages are taken on the period's last day. Sessions are held when they started in the
    period, by the end of `stock_day` (the period's last day, or today while it runs)."""
    start, end = period.start, period.end
    groups = {
        "followed": is_followed_between(start, end),
        "reached": is_reached_between(start, end),
        "followed_at_end": is_followed_on(stock_day),
        "newly_followed": is_newly_followed_between(start, end),
        "still_followed": is_still_followed_between(start, end),
    }
    cells = {
        f"{group}:{band}:{sex}": Count(
            "id", filter=condition & birth_dates_for_funder_band(band, end) & Q(sex=sex)
        )
        for group, condition in groups.items()
        for band in FunderAgeBand.values
        for sex in Senior.Sex.values
    }
    girs = [*Senior.Gir.values, NOT_ASSESSED]
    gir_cells = {f"gir:{gir}": Count("id", filter=groups["followed"] & Q(gir=gir)) for gir in girs}
    seniors = Senior.objects.aggregate(**cells, **gir_cells)

    # One row per senior who came to an activity: their participations, banded here by the
    # same function the SQL filters mirror (seniors.ages).
    attended = (
        Proposal.objects.filter(is_participation_between(start, end))
        .values("senior_id", "senior__birth_date", "senior__sex")
        .annotate(times=Count("id"))
        .order_by()
    )
    participants, participations = _empty(), _empty()
    for row in attended:
        band = funder_age_band(row["senior__birth_date"], end)
        participants[band][row["senior__sex"]] += 1
        participations[band][row["senior__sex"]] += row["times"]

    active = is_active_between(start, end)
    kinds = Volunteer.objects.aggregate(
        **{kind: Count("id", filter=active & Q(kind=kind)) for kind in Volunteer.Kind.values}
    )
    associations = (
        Volunteer.objects.filter(active, association__isnull=False)
        .values("association__name")
        .annotate(volunteers=Count("id"))
        .order_by("association__name")
    )
    held = ActivitySession.objects.filter(
        within("starts_at", period), starts_at__lt=local_midnight(stock_day + datetime.timedelta(days=1))
    )
    return FunderAnnex(
        period=period,
        **{
            group: {
                band: {sex: seniors[f"{group}:{band}:{sex}"] for sex in Senior.Sex.values}
                for band in FunderAgeBand.values
            }
            for group in groups
        },
        participants=participants,
        participations=participations,
        followed_by_gir={gir: seniors[f"gir:{gir}"] for gir in girs},
        visits=Visit.objects.between(start, end).count(),
        calls=Call.objects.between(start, end).count(),
        sessions_held=held.count(),
        hours=volunteer_hours(start, end),
        volunteers_by_kind=kinds,
        volunteers_by_association=[(row["association__name"], row["volunteers"]) for row in associations],
    )


def sexes_counted(counts: BandsBySex) -> Counter:
    """Totals per sex, for a table's last row."""
    totals: Counter = Counter()
    for sexes in counts.values():
        totals.update(sexes)
    return totals
