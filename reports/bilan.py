"""The six-monthly bilan's figures, each computed by database aggregation over the period.

Every function runs a fixed number of queries, whatever the number of pairs, months or
visits: counts are grouped or filtered in SQL (Count/Sum with `filter=`, one column per
Paris month), and Python only arranges the few aggregated rows that come back. Contacts are
read through their date indexes, only the period's rows: ten years of history cost no more
than one.
Period bounds are Paris local days, both inclusive. No function returns a senior's name."""

from __future__ import annotations

import datetime
import re
import statistics
from dataclasses import dataclass, field
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import (
    Count,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.lookups import Exact
from django.utils import timezone
from django.utils.translation import gettext as _

from reports.models import Target
from reports.periods import Period
from seniors.models import AgeBand, Senior, SeniorStatusChange, birth_dates_for_band
from visits.models import (
    Alert,
    Call,
    Need,
    Orientation,
    Proposal,
    Visit,
    local_midnight,
)
from volunteers.models import CharterSignature, Meeting, Pair, Volunteer

DEFAULT_GROWTH_PCT = Decimal("10")
REPORTED_BANDS = (AgeBand.FROM_60, AgeBand.FROM_75, AgeBand.FROM_85, AgeBand.UNDER_60)


def paris() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def months_of(period: Period) -> list[datetime.date]:
    """First day of every month the period touches."""
    months = []
    month = period.start.replace(day=1)
    while month <= period.end:
        months.append(month)
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    return months


# --- The tally table ---------------------------------------------------------------------


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


def month_bounds(field_name: str, months: list[datetime.date]) -> dict[str, Q]:
    """{"m0": the datetime field inside the first month (Paris), ...}: counted with
    `filter=` over the range the date index bounds, no per-row time-zone arithmetic."""
    ends = [*months[1:], (months[-1] + datetime.timedelta(days=32)).replace(day=1)]
    return {
        f"m{i}": Q(**{f"{field_name}__gte": local_midnight(first), f"{field_name}__lt": local_midnight(end)})
        for i, (first, end) in enumerate(zip(months, ends, strict=True))
    }


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


def pair_label(pair: Pair) -> str:
    return str(pair)


def natural_key(text: str) -> list:
    """ "Binôme 2" before "Binôme 10"."""
    return [int(part) if part.isdigit() else part.casefold() for part in re.split(r"(\d+)", text)]


def tally(period: Period) -> Tally:
    """Calls made and visits done per pair (and by staff) per month: three queries."""
    months = months_of(period)
    calls = _counts_by_pair_and_month(Call.objects.between(period.start, period.end), "called_at", months)
    visits = _counts_by_pair_and_month(Visit.objects.between(period.start, period.end), "visited_at", months)
    with_contacts = {pair_id for pair_id, _month in [*calls, *visits] if pair_id is not None}
    # Every pair active at some point of the period shows, even with nothing recorded,
    # and so does a pair whose contacts were recorded outside its dates.
    pairs = (
        Pair.objects.filter(
            Q(started_on__lte=period.end, ended_on__isnull=True)
            | Q(started_on__lte=period.end, ended_on__gte=period.start)
            | Q(pk__in=with_contacts)
        )
        .with_members()
        .order_by("id")
    )
    rows = [
        TallyRow(
            pair_id=pair.pk,
            label=pair_label(pair),
            started_on=pair.started_on,
            ended_on=pair.ended_on,
            calls=[calls.get((pair.pk, m), 0) for m in months],
            visits=[visits.get((pair.pk, m), 0) for m in months],
        )
        for pair in pairs
    ]
    rows.sort(key=lambda row: natural_key(row.label))
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


# --- Seniors -----------------------------------------------------------------------------


def _within(field_name: str, period: Period) -> Q:
    """A datetime field inside the period's Paris days."""
    return Q(
        **{
            f"{field_name}__gte": local_midnight(period.start),
            f"{field_name}__lt": local_midnight(period.end + datetime.timedelta(days=1)),
        }
    )


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


# --- Volunteers and pairs ----------------------------------------------------------------


def volunteer_active_between(start: datetime.date, end: datetime.date) -> Q:
    return (
        ~Q(status=Volunteer.Status.APPLICANT)
        & Q(joined_on__lte=end)
        & (Q(left_on__isnull=True) | Q(left_on__gte=start))
    )


def volunteers_active_on(day: datetime.date) -> int:
    return Volunteer.objects.filter(volunteer_active_between(day, day)).count()


@dataclass
class VolunteerFigures:
    active: int
    active_at_end: int
    new: int
    left: int
    charter_signed: int
    by_kind: dict[str, int]
    meetings: list[tuple[str, int, int, int]]  # (kind, held, attendances, volunteers)
    pairs_active: int
    pairs_active_at_end: int
    pairs_started: int
    pairs_ended: int


def volunteer_figures(period: Period) -> VolunteerFigures:
    """Three queries."""
    active = volunteer_active_between(period.start, period.end)
    signed = Exists(CharterSignature.objects.filter(volunteer=OuterRef("pk"), signed_on__lte=period.end))
    kinds = {f"kind:{k}": Count("id", filter=active & Q(kind=k)) for k in Volunteer.Kind.values}
    v = Volunteer.objects.aggregate(
        active=Count("id", filter=active),
        active_at_end=Count("id", filter=volunteer_active_between(period.end, period.end)),
        new=Count(
            "id",
            filter=~Q(status=Volunteer.Status.APPLICANT) & Q(joined_on__range=(period.start, period.end)),
        ),
        left=Count("id", filter=Q(left_on__range=(period.start, period.end))),
        charter_signed=Count("id", filter=active & Q(signed)),
        **kinds,
    )
    meetings = (
        Meeting.objects.filter(held_on__range=(period.start, period.end))
        .values("kind")
        .annotate(
            held=Count("id", distinct=True),
            attended=Count("attendances"),
            people=Count("attendances__volunteer", distinct=True),
        )
        .order_by("kind")
    )
    overlaps = Q(started_on__lte=period.end) & (Q(ended_on__isnull=True) | Q(ended_on__gte=period.start))
    at_end = Q(started_on__lte=period.end) & (Q(ended_on__isnull=True) | Q(ended_on__gte=period.end))
    p = Pair.objects.aggregate(
        active=Count("id", filter=overlaps),
        at_end=Count("id", filter=at_end),
        started=Count("id", filter=Q(started_on__range=(period.start, period.end))),
        ended=Count("id", filter=Q(ended_on__range=(period.start, period.end))),
    )
    return VolunteerFigures(
        active=v["active"],
        active_at_end=v["active_at_end"],
        new=v["new"],
        left=v["left"],
        charter_signed=v["charter_signed"],
        by_kind={k: v[f"kind:{k}"] for k in Volunteer.Kind.values},
        meetings=[(m["kind"], m["held"], m["attended"], m["people"]) for m in meetings],
        pairs_active=p["active"],
        pairs_active_at_end=p["at_end"],
        pairs_started=p["started"],
        pairs_ended=p["ended"],
    )


# --- Inform and propose ------------------------------------------------------------------


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
        Visit.services_presented.through.objects.filter(_within("visit__visited_at", period))
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
    """Two queries."""
    needs = (
        Need.objects.filter(noted_on__range=(period.start, period.end))
        .values("kind")
        .annotate(noted=Count("id"), answered=Count("id", filter=Q(is_met=True)))
        .order_by("-noted", "kind")
    )
    handled = Q(handled_at__isnull=False)
    delay = ExpressionWrapper(F("handled_at") - F("raised_at"), output_field=DurationField())
    alerts = (
        Alert.objects.filter(_within("raised_at", period))
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


# --- Progress ----------------------------------------------------------------------------


@dataclass
class KeyFigures:
    calls: int
    visits: int
    seniors_reached: int
    new_seniors: int
    seniors_followed_at_end: int
    volunteers_active_at_end: int
    pairs_active: int


def key_figures(period: Period) -> KeyFigures:
    """The figures compared from one period to another: five queries."""
    calls = Call.objects.between(period.start, period.end).count()
    visits = Visit.objects.between(period.start, period.end).count()
    s = Senior.objects.aggregate(
        reached=Count("id", filter=reached_in(period)),
        new=Count("id", filter=Q(identified_on__range=(period.start, period.end))),
        followed=Count("id", filter=followed_on(period.end)),
    )
    pairs = Pair.objects.filter(
        Q(started_on__lte=period.end) & (Q(ended_on__isnull=True) | Q(ended_on__gte=period.start))
    ).count()
    return KeyFigures(
        calls=calls,
        visits=visits,
        seniors_reached=s["reached"],
        new_seniors=s["new"],
        seniors_followed_at_end=s["followed"],
        volunteers_active_at_end=volunteers_active_on(period.end),
        pairs_active=pairs,
    )


@dataclass
class TargetProgress:
    year: int
    volunteers_growth_pct: Decimal
    seniors_growth_pct: Decimal
    volunteers_baseline: int
    seniors_baseline: int
    volunteers_now: int
    seniors_now: int

    @property
    def volunteers_target(self) -> int:
        return round(self.volunteers_baseline * (1 + self.volunteers_growth_pct / 100))

    @property
    def seniors_target(self) -> int:
        return round(self.seniors_baseline * (1 + self.seniors_growth_pct / 100))


def target_progress(period: Period, *, volunteers_now: int, seniors_now: int) -> TargetProgress:
    """Against the yearly targets: counts on 31 December of the year before, the target
    for the year of the period's end (+10 % when none was set), and where we stand."""
    year = period.end.year
    target = Target.objects.filter(year=year).first()
    baseline_day = datetime.date(year - 1, 12, 31)
    return TargetProgress(
        year=year,
        volunteers_growth_pct=target.volunteers_growth_pct if target else DEFAULT_GROWTH_PCT,
        seniors_growth_pct=target.seniors_growth_pct if target else DEFAULT_GROWTH_PCT,
        volunteers_baseline=volunteers_active_on(baseline_day),
        seniors_baseline=seniors_followed_on(baseline_day),
        volunteers_now=volunteers_now,
        seniors_now=seniors_now,
    )


# --- The whole bilan ---------------------------------------------------------------------


@dataclass
class Bilan:
    period: Period
    made_on: datetime.date
    tally: Tally
    seniors: SeniorFigures
    volunteers: VolunteerFigures
    offers: OfferFigures
    needs: NeedFigures
    current: KeyFigures
    previous: KeyFigures
    last_year: KeyFigures
    targets: TargetProgress


def build_bilan(period: Period) -> Bilan:
    seniors = senior_figures(period)
    volunteers = volunteer_figures(period)
    t = tally(period)
    current = KeyFigures(
        calls=t.total_calls,
        visits=t.total_visits,
        seniors_reached=seniors.reached,
        new_seniors=seniors.new,
        seniors_followed_at_end=seniors.followed_at_end,
        volunteers_active_at_end=volunteers.active_at_end,
        pairs_active=volunteers.pairs_active,
    )
    return Bilan(
        period=period,
        made_on=timezone.localdate(),
        tally=t,
        seniors=seniors,
        volunteers=volunteers,
        offers=offer_figures(period),
        needs=need_figures(period),
        current=current,
        previous=key_figures(previous_period(period)),
        last_year=key_figures(period.same_period_last_year()),
        targets=target_progress(
            period, volunteers_now=volunteers.active_at_end, seniors_now=seniors.followed_at_end
        ),
    )


def previous_period(period: Period) -> Period:
    """The half-year before a half-year; before any other range, a range as long."""
    half_year = Period.half_year_of(period.start)
    if half_year == period:
        return period.previous_half_year()
    length = period.end - period.start
    end = period.start - datetime.timedelta(days=1)
    return Period(end - length, end)


def half_years_with_data() -> list[Period]:
    """The half-years from the first recorded call or visit to the last, newest first: two
    queries, each answered by the date index's first and last entries (no scan)."""
    bounds = [
        model.objects.aggregate(first=Min(field_name), last=Max(field_name))
        for model, field_name in ((Call, "called_at"), (Visit, "visited_at"))
    ]
    moments = [moment for row in bounds for moment in row.values() if moment is not None]
    if not moments:
        return []
    tz = paris()
    period = Period.half_year_of(max(moments).astimezone(tz).date())
    first = Period.half_year_of(min(moments).astimezone(tz).date())
    periods = [period]
    while period != first:
        period = period.previous_half_year()
        periods.append(period)
    return periods
