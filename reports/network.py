"""The indicators a network of towns adds up (a département, MONALISA teams, a funder): an
anonymised export, one figure a line, under stable codes (docs/network-indicators.md), with
the period and the town's INSEE code. Counts of people are masked as INDICATORS.md's
small-numbers rule says (reports.masking); counts of contacts, sessions, participations and
hours are not counts of people and are given whole.

A code, its breakdowns and its meaning never change: a new indicator gets a new code, and a
change of meaning a new format version."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings

from reports.bilan.annex import BandsBySex, FunderAnnex, funder_annex
from reports.bilan.progress import stock_day
from reports.masking import SECONDARY, SMALL, mask_small_counts
from reports.periods import Period
from seniors.ages import FunderAgeBand
from seniors.models import Senior
from visits.indicators import ScoreMovement, score_movement
from volunteers.models import Volunteer

FORMAT = "ccas-visits-network/1"
TOTAL = "total"
# The columns of the CSV and the keys of each JSON line.
FIELDS = ("insee", "period_start", "period_end", "code", "sex", "age_band", "volunteer_kind", "value")


@dataclass(frozen=True)
class Line:
    code: str
    value: int | Decimal | str  # a count, hours, or SMALL / SECONDARY where masked
    sex: str = ""
    age_band: str = ""
    volunteer_kind: str = ""

    @property
    def masked(self) -> str | None:
        if self.value == str(SMALL):
            return "small"
        if self.value == str(SECONDARY):
            return "secondary"
        return None


# Every code, in the order of the file; each is defined in docs/network-indicators.md.
CODES = (
    "contacts.calls",
    "contacts.visits",
    "seniors.reached",
    "seniors.followed_end",
    "seniors.new_followed",
    "activities.sessions",
    "activities.participants",
    "activities.participations",
    "volunteers.active",
    "volunteers.hours",
    "loneliness.measured_twice",
    "loneliness.improved",
    "loneliness.unchanged",
    "loneliness.worse",
)
# The codes that count people: masked.
PEOPLE = {
    "seniors.reached",
    "seniors.followed_end",
    "seniors.new_followed",
    "activities.participants",
    "volunteers.active",
    "loneliness.measured_twice",
    "loneliness.improved",
    "loneliness.unchanged",
    "loneliness.worse",
}
MOVES = ("improved", "unchanged", "worse")


def _by_sex_and_band(code: str, counts: BandsBySex) -> list[Line]:
    """The table masked whole (its totals included), then one line per cell."""
    bands, sexes = FunderAgeBand.values, Senior.Sex.values
    masked = mask_small_counts([[counts[band][sex] for sex in sexes] for band in bands])
    row_keys, column_keys = [*bands, TOTAL], [*sexes, TOTAL]
    return [
        Line(code, value if isinstance(value, int) else str(value), sex=sex, age_band=band)
        for band, row in zip(row_keys, masked.cells, strict=True)
        for sex, value in zip(column_keys, row, strict=True)
    ]


def _by_kind(code: str, counts: dict[str, int]) -> list[Line]:
    kinds = Volunteer.Kind.values
    masked = mask_small_counts([[counts[kind]] for kind in kinds])
    return [
        Line(code, row[0] if isinstance(row[0], int) else str(row[0]), volunteer_kind=kind)
        for kind, row in zip([*kinds, TOTAL], masked.cells, strict=True)
    ]


def _moves(movement: ScoreMovement) -> list[Line]:
    """Improved, unchanged and worse masked as one table with their total (the seniors with
    two scores or more), so that no masked count comes back by subtraction."""
    masked = mask_small_counts([[getattr(movement, move)] for move in MOVES])
    values = [row[0] if isinstance(row[0], int) else str(row[0]) for row in masked.cells]
    *moves, total = values
    return [
        Line("loneliness.measured_twice", total),
        *(Line(f"loneliness.{move}", value) for move, value in zip(MOVES, moves, strict=True)),
    ]


def network_lines(annex: FunderAnnex, movement: ScoreMovement) -> list[Line]:
    return [
        Line("contacts.calls", annex.calls),
        Line("contacts.visits", annex.visits),
        *_by_sex_and_band("seniors.reached", annex.reached),
        *_by_sex_and_band("seniors.followed_end", annex.followed_at_end),
        *_by_sex_and_band("seniors.new_followed", annex.newly_followed),
        Line("activities.sessions", annex.sessions_held),
        *_by_sex_and_band("activities.participants", annex.participants),
        Line("activities.participations", annex.participation_count),
        *_by_kind("volunteers.active", annex.volunteers_by_kind),
        Line("volunteers.hours", annex.hours.hours),
        *_moves(movement),
    ]


def network_export(period: Period, today) -> list[Line]:
    annex = funder_annex(period, stock_day(period, today))
    return network_lines(annex, score_movement(period.start, period.end))


def _row(line: Line, period: Period) -> dict:
    return {
        "insee": settings.CCAS_INSEE_CODE,
        "period_start": period.start.isoformat(),
        "period_end": period.end.isoformat(),
        "code": line.code,
        "sex": line.sex,
        "age_band": line.age_band,
        "volunteer_kind": line.volunteer_kind,
        "value": str(line.value) if isinstance(line.value, Decimal) else line.value,
    }


def to_csv(lines: list[Line], period: Period) -> bytes:
    """Plain UTF-8 CSV, comma-separated, a dot for decimals: for a program that adds files up,
    not for a person's spreadsheet (no formula can start a cell: codes and numbers only)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=FIELDS, lineterminator="\n")
    writer.writeheader()
    for line in lines:
        writer.writerow(_row(line, period))
    return out.getvalue().encode("utf-8")


def to_json(lines: list[Line], period: Period) -> bytes:
    """Each line's value is a number, or null where masked, with `masked` saying why."""
    rows = []
    for line in lines:
        row = _row(line, period)
        if line.masked:
            row["value"] = None
        elif isinstance(line.value, Decimal):
            row["value"] = float(line.value)
        row["masked"] = line.masked
        rows.append(row)
    document = {
        "format": FORMAT,
        "insee": settings.CCAS_INSEE_CODE,
        "period": {"start": period.start.isoformat(), "end": period.end.isoformat()},
        "masking": {"small": str(SMALL), "secondary": str(SECONDARY)},
        "indicators": rows,
    }
    return json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")


WRITERS = {"csv": (to_csv, "text/csv; charset=utf-8"), "json": (to_json, "application/json")}
