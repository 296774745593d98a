"""The six-monthly bilan's figures, each computed by database aggregation over the period.

Every function runs a fixed number of queries, whatever the number of pairs, months or
visits: counts are grouped or filtered in SQL (Count/Sum with `filter=`, one column per
Paris month), and Python only arranges the few aggregated rows that come back. Contacts are
read through their date indexes, only the period's rows: ten years of history cost no more
than one.
Period bounds are Paris local days, both inclusive. No function returns a senior's name."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Max, Min
from django.utils import timezone

from ccas_visits.lib.dates import paris
from reports.bilan.annex import FunderAnnex, funder_annex
from reports.bilan.counts import Tally, tally
from reports.bilan.offers import NeedFigures, OfferFigures, need_figures, offer_figures
from reports.bilan.progress import (
    KeyFigures,
    TargetProgress,
    key_figures,
    previous_period,
    stock_day,
    target_progress,
    three_year_progress,
)
from reports.bilan.seniors import SeniorFigures, senior_figures
from reports.bilan.volunteers import VolunteerFigures, volunteer_figures
from reports.periods import Period
from visits.indicators import ReviewFigures, ScoreMovement, review_figures, score_movement
from visits.models import Call, Visit
from visits.pipeline import SourceFunnel, pipeline_by_source


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
    three_year_targets: TargetProgress
    pipeline: list[SourceFunnel]
    annex: FunderAnnex
    loneliness: ScoreMovement
    reviews: ReviewFigures


def build_bilan(period: Period, today: datetime.date | None = None) -> Bilan:
    """Every figure of the bilan; stocks are counted on the period's last day, or on
    `today` while the period runs."""
    today = today or timezone.localdate()
    day = stock_day(period, today)
    current = key_figures(period, today)
    stocks = {
        "volunteers_now": current.volunteers_active_at_end,
        "seniors_now": current.seniors_followed_at_end,
    }
    return Bilan(
        period=period,
        made_on=today,
        tally=tally(period),
        seniors=senior_figures(period, day),
        volunteers=volunteer_figures(period, day),
        offers=offer_figures(period),
        needs=need_figures(period),
        current=current,
        previous=key_figures(previous_period(period), today),
        last_year=key_figures(period.same_period_last_year(), today),
        targets=target_progress(period, **stocks),
        three_year_targets=three_year_progress(period, **stocks),
        pipeline=pipeline_by_source(period.start, period.end),
        annex=funder_annex(period, day),
        loneliness=score_movement(period.start, period.end),
        reviews=review_figures(period.start, period.end, day),
    )


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
