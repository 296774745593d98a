"""One row generator per report: the aggregates become the tables that every format prints."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from reports.annex_rows import annex_tables
from reports.bilan import Bilan
from reports.bilan.progress import KeyFigures, Progress, TargetProgress, previous_period, stock_day
from reports.bilan.seniors import REPORTED_BANDS
from reports.labels import key_figure_labels
from reports.tables import DATE, DECIMAL, PCT, TEXT, Column, Table, change, indicator_table, share
from seniors.ages import AgeBand
from seniors.models import Senior
from visits.indicators import SCORES
from visits.models import Alert, Need
from visits.pipeline import SourceFunnel
from volunteers.models import Meeting, Volunteer


def month_label(month: datetime.date) -> str:
    return date_format(month, "F Y").capitalize()


def short_month_label(month: datetime.date) -> str:
    """ "Juin 25", "Juil. 25": the press abbreviations, which tell June from July."""
    return date_format(month, "N y").capitalize()


def tally_table(bilan: Bilan) -> Table:
    tally = bilan.tally
    columns = [Column(_("Pair"), TEXT), Column(_("Active from"), DATE), Column(_("Active until"), DATE)]
    for month in tally.months:
        name = month_label(month)
        columns += [
            Column(_("%(month)s — calls") % {"month": name}, group=name, short=_("Calls")),
            Column(_("%(month)s — visits") % {"month": name}, group=name, short=_("Visits")),
        ]
    columns += [
        Column(_("Total calls"), group=_("Total"), short=_("Calls")),
        Column(_("Total visits"), group=_("Total"), short=_("Visits")),
    ]

    def line(label: str, start, end, calls: list[int], visits: list[int]) -> list:
        cells = [label, start, end]
        for c, v in zip(calls, visits, strict=True):
            cells += [c, v]
        return [*cells, sum(calls), sum(visits)]

    return Table(
        key="tally",
        title=_("Calls made and visits done, per pair and per month"),
        columns=columns,
        rows=[line(r.label, r.started_on, r.ended_on, r.calls, r.visits) for r in tally.rows],
        totals=[line(_("Total"), None, None, tally.calls_per_month, tally.visits_per_month)],
        note=_("A pair that started or ended during the period shows with its dates."),
    )


def senior_tables(bilan: Bilan) -> list[Table]:
    s = bilan.seniors
    median = s.median_days_to_first_visit
    labels = key_figure_labels()
    summary = indicator_table(
        "seniors",
        _("Seniors"),
        [
            (labels["seniors_reached"], s.reached),
            (labels["seniors_visited"], s.visited),
            (labels["new_seniors"], s.new),
            (_("Seniors followed during the period"), s.followed),
            (_("of which newly followed"), s.newly_followed),
            (_("of which followed before the period"), s.still_followed),
            (labels["seniors_followed_at_end"], s.followed_at_end),
            (_("Assigned to a pair, first visit to come (end of the period)"), s.awaiting_first_visit_at_end),
            (labels["refusals"], s.declined),
            (_("Files closed during the period"), s.closed),
            (
                _("Median days from identification to first visit"),
                Decimal(str(median)) if median is not None else None,
            ),
        ],
        note=_(
            "Followed: assigned to a pair and visited at least once. "
            "The end of the period is today while it runs."
        ),
    )
    closed = Table(
        key="closed",
        title=_("Files closed, by reason"),
        columns=[Column(_("Reason"), TEXT), Column(_("Seniors"))],
        rows=[[str(Senior.ClosedReason(k).label), n] for k, n in sorted(s.closed_by_reason.items())],
        totals=[[_("Total"), s.closed]],
    )
    sexes = Senior.Sex.values
    bands = Table(
        key="age_sex",
        title=_("Seniors reached, by age band and sex"),
        columns=[
            Column(_("Age band"), TEXT),
            *[Column(str(Senior.Sex(sex).label)) for sex in sexes],
            Column(_("Total")),
        ],
        rows=[
            [band_label(band), *[s.by_band_and_sex[band][x] for x in sexes], s.by_band[band]]
            for band in REPORTED_BANDS
        ],
        totals=[
            [
                _("Total"),
                *[sum(s.by_band_and_sex[b][x] for b in REPORTED_BANDS) for x in sexes],
                sum(s.by_band.values()),
            ]
        ],
        note=_("Age on the last day of the period."),
    )
    sources = Table(
        key="sources",
        title=_("How the seniors were found"),
        columns=[Column(_("Source"), TEXT), Column(_("New in the period")), Column(_("Reached"))],
        rows=[[str(Senior.Source(k).label), new, reached] for k, new, reached in s.by_source],
        totals=[[_("Total"), sum(r[1] for r in s.by_source), sum(r[2] for r in s.by_source)]],
    )
    return [summary, bands, sources, pipeline_table(bilan.pipeline), closed]


def pipeline_table(pipeline: list[SourceFunnel]) -> Table:
    """The pipeline by source: the seniors approached in the period and how far they got."""
    stages = (
        ("reached", pgettext("pipeline stage", "Reached")),
        ("first_visit", pgettext("pipeline stage", "First visit")),
        ("followed", pgettext("pipeline stage", "Followed")),
        ("declined", pgettext("pipeline stage", "Declined")),
    )
    columns = [Column(_("Source"), TEXT), Column(_("Approached"))]
    for _stage, label in stages:
        columns += [
            Column(_("%(stage)s — seniors") % {"stage": label}, group=label, short=_("Seniors")),
            Column(_("%(stage)s — rate") % {"stage": label}, PCT, group=label, short=_("Rate")),
        ]
    median = _("Median days")
    columns += [
        Column(_("Median days to reach"), DECIMAL, group=median, short=_("to reach")),
        Column(_("Median days to first visit"), DECIMAL, group=median, short=_("to first visit")),
    ]

    def line(label: str, funnel: SourceFunnel) -> list:
        cells: list = [label, funnel.approached]
        for stage, _label in stages:
            cells += [getattr(funnel, stage), funnel.rate(stage)]
        return [*cells, _decimal(funnel.median_days_to_reach), _decimal(funnel.median_days_to_first_visit)]

    total = SourceFunnel(
        source="",
        **{
            name: sum(getattr(f, name) for f in pipeline) for name in ("approached", *(s for s, _l in stages))
        },
        days_to_reach=[d for f in pipeline for d in f.days_to_reach],
        days_to_first_visit=[d for f in pipeline for d in f.days_to_first_visit],
    )
    return Table(
        key="pipeline",
        title=_("The pipeline by source"),
        columns=columns,
        rows=[line(funnel.label, funnel) for funnel in pipeline],
        totals=[line(_("Total"), total)],
        note=_(
            "Seniors approached for the programme in the period (new seniors), by how they were "
            "found, and how many were reached, visited a first time, followed or declined by the "
            "period's end; rates are shares of the approached. People only on the vulnerability "
            "register are not counted until they are approached."
        ),
    )


def _decimal(value: float | None) -> Decimal | None:
    return Decimal(str(value)) if value is not None else None


def band_label(band: str) -> str:
    labels = {
        AgeBand.FROM_60: _("60 to 74"),
        AgeBand.FROM_75: _("75 to 84"),
        AgeBand.FROM_85: _("85 and over"),
        AgeBand.UNDER_60: _("Under 60"),
    }
    return labels[band]


def volunteer_tables(bilan: Bilan) -> list[Table]:
    v = bilan.volunteers
    labels = key_figure_labels()
    summary = indicator_table(
        "volunteers",
        _("Volunteers and pairs"),
        [
            (_("Volunteers active during the period"), v.active),
            (labels["volunteers_active_at_end"], v.active_at_end),
            (_("New volunteers"), v.new),
            (_("Volunteers who left"), v.left),
            (_("Active volunteers who signed the charter"), v.charter_signed),
            (labels["pairs_active"], v.pairs_active),
            (_("Pairs active at the end of the period"), v.pairs_active_at_end),
            (_("Pairs formed"), v.pairs_started),
            (_("Pairs ended"), v.pairs_ended),
        ],
    )
    kinds = Table(
        key="volunteer_kinds",
        title=_("Active volunteers, by kind"),
        columns=[
            Column(_("Kind"), TEXT),
            Column(_("Volunteers")),
            Column(_("Visits with one of them present")),
        ],
        rows=[[str(Volunteer.Kind(k).label), n, v.visits_by_kind[k]] for k, n in v.by_kind.items()],
        totals=[[_("Total"), sum(v.by_kind.values()), None]],
        note=_("A visit made by volunteers of two kinds counts under each."),
    )
    associations = Table(
        key="visits_by_association",
        title=_("Visits by partner association"),
        columns=[Column(_("Partner association"), TEXT), Column(_("Visits with one of its members present"))],
        rows=[[name, count] for name, count in v.visits_by_association],
        totals=[],
    )
    meetings = Table(
        key="meetings",
        title=_("Meetings, trainings and practice-analysis sessions"),
        columns=[
            Column(_("Kind"), TEXT),
            Column(_("Sessions held")),
            Column(_("Attendances")),
            Column(_("Different volunteers")),
        ],
        rows=[[str(Meeting.Kind(k).label), held, att, people] for k, held, att, people in v.meetings],
        totals=[[_("Total"), sum(m[1] for m in v.meetings), sum(m[2] for m in v.meetings), None]],
    )
    return [summary, kinds, associations, meetings]


def offer_tables(bilan: Bilan) -> list[Table]:
    o = bilan.offers
    services = Table(
        key="services",
        title=_("CCAS services presented"),
        columns=[Column(_("Service"), TEXT), Column(_("Times presented")), Column(_("Seniors"))],
        rows=[list(r) for r in o.services],
        totals=[[_("Total"), sum(r[1] for r in o.services), None]],
    )
    activities = Table(
        key="activities",
        title=_("Activities proposed, accepted and attended"),
        columns=[
            Column(_("Activity"), TEXT),
            Column(_("Proposed")),
            Column(_("Accepted")),
            Column(_("Attended")),
            Column(_("Uptake rate (%)"), PCT),
        ],
        rows=[[name, p, a, came, share(a, p)] for name, p, a, came in o.activities],
        totals=[[_("Total"), o.proposed, o.accepted, o.attended, share(o.accepted, o.proposed)]],
        note=_("Uptake rate: proposals accepted out of proposals made."),
    )
    orientations = indicator_table(
        "orientations",
        _("Orientations"),
        [
            (_("Orientations made"), o.orientations),
            (_("of which towards a partner"), o.orientations_to_partners),
            (_("of which towards a CCAS service"), o.orientations - o.orientations_to_partners),
        ],
    )
    return [services, activities, orientations]


def need_tables(bilan: Bilan) -> list[Table]:
    n = bilan.needs
    needs = Table(
        key="needs",
        title=_("Needs noted, by kind"),
        columns=[Column(_("Need"), TEXT), Column(_("Noted")), Column(_("Answered"))],
        rows=[[str(Need.Kind(k).label), noted, met] for k, noted, met in n.needs],
        totals=[[_("Total"), sum(r[1] for r in n.needs), sum(r[2] for r in n.needs)]],
    )

    def alert_line(label: str, a) -> list:
        return [label, a.raised, a.handled, a.on_time, a.still_open, a.average_hours]

    alerts = Table(
        key="alerts",
        title=_("Urgent alerts and how fast they were handled"),
        columns=[
            Column(_("Alert"), TEXT),
            Column(_("Raised")),
            Column(_("Handled")),
            Column(_("Handled in time")),
            Column(_("Still open")),
            Column(_("Average handling time (hours)"), DECIMAL),
        ],
        rows=[alert_line(str(Alert.Kind(a.kind).label), a) for a in n.alerts],
        totals=[alert_line(_("Total"), n.alerts_total)],
        note=_("In time: handled before the deadline set when the alert was raised."),
    )
    return [needs, alerts]


def loneliness_tables(bilan: Bilan) -> list[Table]:
    """How the loneliness scores moved (INDICATORS.md, "Loneliness measure"): counts only."""
    m, r = bilan.loneliness, bilan.reviews
    scores = Table(
        key="loneliness_scores",
        title=_("Loneliness scores, first and latest"),
        columns=[
            Column(_("Score"), TEXT),
            Column(_("Seniors, first score")),
            Column(_("Seniors, latest score")),
        ],
        rows=[[str(score), m.first_scores[score], m.latest_scores[score]] for score in SCORES],
        totals=[[_("Total"), m.seniors, m.seniors]],
        note=_(
            "The three questions of the short UCLA scale, each answered 1 to 3: a score from 3 "
            "(least lonely) to 9. Seniors with two scores or more, the latest one taken in the "
            "period; the first is their first ever. An answer declined is not a score."
        ),
    )
    moves = Table(
        key="loneliness",
        title=_("Did loneliness go down?"),
        columns=[Column(_("Indicator"), TEXT), Column(_("Number")), Column(_("Share (%)"), PCT)],
        rows=[
            [_("Seniors with two scores or more"), m.seniors, None],
            [
                _("of which improved (latest score at least 1 point lower)"),
                m.improved,
                share(m.improved, m.seniors),
            ],
            [_("of which unchanged"), m.unchanged, share(m.unchanged, m.seniors)],
            [_("of which worse (latest score at least 1 point higher)"), m.worse, share(m.worse, m.seniors)],
            [_("Six-monthly reviews made in the period"), r.done, None],
            [
                _("Six-monthly reviews late on %(date)s")
                % {"date": stock_day(bilan.period, bilan.made_on).strftime("%d/%m/%Y")},
                r.late_at_end,
                None,
            ],
            [_("Times a senior preferred not to answer the questions"), r.measures_declined, None],
        ],
        note=_(
            "A review is due six months after the assignment's start, then six months after the last review."
        ),
    )
    return [scores, moves]


def progress_tables(bilan: Bilan) -> list[Table]:
    previous = previous_period(bilan.period)
    last_year = bilan.period.same_period_last_year()
    figures = key_figure_labels().items()

    def value(k: KeyFigures, name: str) -> int:
        return getattr(k, name)

    progress = Table(
        key="progress",
        title=_("Progress"),
        columns=[
            Column(_("Indicator"), TEXT),
            Column(bilan.period.label),
            Column(previous.label),
            Column(_("Change (%)"), PCT),
            Column(last_year.label),
            Column(_("Change over a year (%)"), PCT),
        ],
        rows=[
            [
                label,
                value(bilan.current, name),
                value(bilan.previous, name),
                change(value(bilan.current, name), value(bilan.previous, name)),
                value(bilan.last_year, name),
                change(value(bilan.current, name), value(bilan.last_year, name)),
            ]
            for name, label in figures
        ],
    )
    day = stock_day(bilan.period, bilan.made_on)
    return [
        progress,
        target_table(
            bilan.targets,
            day,
            key="targets",
            title=_("Yearly targets %(year)s") % {"year": bilan.targets.label},
        ),
        target_table(
            bilan.three_year_targets,
            day,
            key="three_year_targets",
            title=_("Three-year targets, %(years)s") % {"years": bilan.three_year_targets.label},
        ),
    ]


def target_table(t: TargetProgress, day: datetime.date, *, key: str, title: str) -> Table:
    """The two targeted stocks against one target (yearly or three-year)."""

    def line(label: str, p: Progress) -> list:
        return [label, p.baseline, p.growth_pct, p.target, p.now, p.share_covered]

    return Table(
        key=key,
        title=title,
        columns=[
            Column(_("Indicator"), TEXT),
            Column(_("On %(date)s") % {"date": t.baseline_day.strftime("%d/%m/%Y")}),
            Column(_("Growth aimed at (%)"), PCT),
            Column(_("Target for %(date)s") % {"date": t.end_day.strftime("%d/%m/%Y")}),
            Column(_("On %(date)s") % {"date": day.strftime("%d/%m/%Y")}),
            Column(_("Share of the way covered (%)"), PCT),
        ],
        # Not the key figures' labels: the first number of these rows is the stock before the target's years.
        rows=[line(_("Active volunteers"), t.volunteers), line(_("Seniors followed"), t.seniors)],
        note=_(
            "Targets apply to the stocks on the last day of the programme's year. Share of the way "
            "covered: (stock now − stock on %(date)s) ÷ (target − that stock)."
        )
        % {"date": t.baseline_day.strftime("%d/%m/%Y")},
    )


def bilan_sections(bilan: Bilan) -> list[tuple[str, list[Table]]]:
    """The bilan's sections in print order, each with its tables."""
    return [
        (_("Calls and visits"), [tally_table(bilan)]),
        (_("Seniors"), senior_tables(bilan)),
        (_("Volunteers"), volunteer_tables(bilan)),
        (_("Inform and propose"), offer_tables(bilan)),
        (_("Needs and urgent alerts"), need_tables(bilan)),
        (_("Loneliness and six-monthly reviews"), loneliness_tables(bilan)),
        (_("Progress and targets"), progress_tables(bilan)),
        (_("Funders' annex"), annex_tables(bilan.annex)),
    ]


def bilan_tables(bilan: Bilan) -> list[Table]:
    return [table for _title, tables in bilan_sections(bilan) for table in tables]
