"""The coordinator's dashboard figures: the bilan's key figures for the half-year against
the same half-year last year and the year-end targets (no counting of its own), and the
visits of the last 12 months."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count

from ccas_visits.lib.dates import local_midnight
from reports.bilan.progress import Progress, TargetProgress, key_figures, target_progress, three_year_progress
from reports.labels import key_figure_labels
from reports.periods import Period, month_bounds
from visits.models import Visit


@dataclass(frozen=True)
class Comparison:
    """One key figure for the current half-year next to the same half-year last year, with
    its year-end target where it is a targeted stock."""

    key: str
    label: str
    current: int
    last_year: int
    progress: Progress | None = None
    three_year: Progress | None = None

    @property
    def target(self) -> int | None:
        return None if self.progress is None else self.progress.target

    @property
    def is_target_met(self) -> bool | None:
        return None if self.progress is None else self.progress.is_met


def compare_with_last_year(
    period: Period, today: datetime.date
) -> tuple[list[Comparison], TargetProgress, TargetProgress]:
    """The dashboard's figures: the bilan's key figures (`key_figures`, `target_progress`,
    `three_year_progress`), for `period` (stocks on today while it runs) and the same
    half-year last year, under the bilan's labels; with the yearly and three-year targets."""
    current = key_figures(period, today)
    last_year = key_figures(period.same_period_last_year(), today)
    stocks = {
        "volunteers_now": current.volunteers_active_at_end,
        "seniors_now": current.seniors_followed_at_end,
    }
    yearly = target_progress(period, **stocks)
    plan = three_year_progress(period, **stocks)
    targeted = {"volunteers_active_at_end": "volunteers", "seniors_followed_at_end": "seniors"}
    comparisons = [
        Comparison(
            key=key,
            label=label,
            current=getattr(current, key),
            last_year=getattr(last_year, key),
            progress=getattr(yearly, targeted[key]) if key in targeted else None,
            three_year=getattr(plan, targeted[key]) if key in targeted else None,
        )
        for key, label in key_figure_labels().items()
    ]
    return comparisons, yearly, plan


def visits_per_month(today: datetime.date, months: int = 12) -> list[tuple[datetime.date, int]]:
    """Visits in each of the last `months` calendar months (current month included), oldest first."""
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
