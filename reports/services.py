"""Issuing a bilan, and what changed in its period since.

An issued bilan's files are written once, here, and never again: a later correction of a
call, a visit or a senior's file shows in the "changes since" list and in a new version,
never in the files already sent."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from reports.bilan.progress import key_figures
from reports.exports import IssueNote, bilan_document, render_document
from reports.labels import key_figure_labels
from reports.models import IssuedBilan
from reports.periods import Period, within
from seniors.models import AccessLog, Senior
from seniors.services import log_access
from visits.models import Call, Visit
from volunteers.models import Pair

# One issuer at a time per period (a PostgreSQL advisory lock, per transaction); the unique
# constraint on (period, version) stays the last word.
ISSUE_LOCK = 4_242_016
# The "changes since" page lists this many changes, newest first, and counts the others.
CHANGES_SHOWN = 100


def user_label(user) -> str:
    return (user.get_full_name() or user.get_username()) if user else ""


def sha256_of(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def figures_of(period: Period) -> dict[str, int]:
    """The key figures a bilan is measured by, as stored with an issued version."""
    figures = key_figures(period, timezone.localdate())
    return {key: getattr(figures, key) for key in key_figure_labels()}


@dataclass(frozen=True)
class FigureMove:
    label: str
    before: int
    after: int


def figure_moves(before: dict, after: dict) -> list[FigureMove]:
    """The key figures that differ between two snapshots, under the bilan's labels."""
    return [
        FigureMove(label, before[key], after[key])
        for key, label in key_figure_labels().items()
        if key in before and key in after and before[key] != after[key]
    ]


class AlreadyIssued(ValidationError):
    """The version asked for exists (a second click): nothing more is issued."""

    def __init__(self, message: str, *, issued: IssuedBilan | None) -> None:
        super().__init__(message)
        self.issued = issued


def next_version(period: Period) -> int:
    latest = IssuedBilan.objects.of_period(period.start, period.end).aggregate(v=Max("version"))["v"]
    return (latest or 0) + 1


def _lock_period(period: Period) -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [ISSUE_LOCK, period.start.toordinal()])


@transaction.atomic
def issue_bilan(*, period: Period, version: int, by) -> IssuedBilan:
    """Issue version `version` of the period's bilan: the PDF, XLSX and CSV written once,
    stored with their SHA-256 and the key figures. `version` is the one the coordinator was
    offered: a second click, or a colleague faster by a second, finds it taken and issues
    nothing."""
    if period.end >= timezone.localdate():
        raise ValidationError(
            _("A bilan is issued once its period is over: this one ends on %(day)s.")
            % {"day": period.end.strftime("%d/%m/%Y")}
        )
    _lock_period(period)
    if version != next_version(period):
        raise AlreadyIssued(
            _("Version %(version)s of this bilan has already been issued.") % {"version": version},
            issued=IssuedBilan.objects.of_period(period.start, period.end).filter(version=version).first(),
        )
    previous = IssuedBilan.objects.of_period(period.start, period.end).filter(version=version - 1).first()
    now = timezone.now()
    figures = figures_of(period)
    changes = {}
    if previous is not None:
        moved = {
            key: [previous.figures.get(key), value]
            for key, value in figures.items()
            if previous.figures.get(key) != value
        }
        changes = {"figures": moved, "records": changes_since(previous).total}
    issued = IssuedBilan(
        start=period.start,
        end=period.end,
        version=version,
        issued_at=now,
        issued_by=by,
        issued_by_name=user_label(by),
        figures=figures,
        changes=changes,
    )
    document = bilan_document(period)
    document.issue = IssueNote.of(issued, previous)
    for fmt in IssuedBilan.FORMATS:
        content = render_document(document, fmt)
        setattr(issued, f"{fmt}_sha256", sha256_of(content))
        issued.file(fmt).save(issued.filename(fmt), ContentFile(content), save=False)
    try:
        issued.full_clean()
        issued.save()
    except Exception:
        for fmt in IssuedBilan.FORMATS:
            issued.file(fmt).delete(save=False)
        raise
    log_access(
        user=by,
        action=AccessLog.Action.EXPORT,
        list_name=_("Issued bilan"),
        detail=f"issue v{version} {period.start:%Y-%m-%d} {period.end:%Y-%m-%d}",
    )
    return issued


def log_issued_download(*, issued: IssuedBilan, fmt: str, by) -> None:
    log_access(
        user=by,
        action=AccessLog.Action.EXPORT,
        list_name=_("Issued bilan"),
        detail=f"download {fmt} v{issued.version} {issued.start:%Y-%m-%d} {issued.end:%Y-%m-%d}",
    )


# --- Changes since -----------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    """One change to a record of the period: which (by identifier and pair), when, by whom."""

    record: str
    identifier: int
    pair: str
    kind: str
    at: object
    by: str


@dataclass
class Changes:
    shown: list[Change]
    total: int


def _history_since(model, issued: IssuedBilan, in_period: Q):
    """History rows written after the issue, of the records that were in the period at any
    time (so that a contact moved out of it, or into it, counts too)."""
    history = model.history.model
    ids = history.objects.filter(in_period).values("id")
    return history.objects.filter(history_date__gt=issued.issued_at, id__in=ids)


def changes_since(issued: IssuedBilan) -> Changes:
    """Calls, visits and seniors' files of the period changed since the bilan was issued,
    from their audit history: a fixed number of queries, whatever the number of changes."""
    period = issued.period
    contacts_in_period = (
        Q(id__in=Visit.objects.filter(within("visited_at", period)).values("senior_id"))
        | Q(id__in=Call.objects.filter(within("called_at", period)).values("senior_id"))
        | Q(identified_on__range=(period.start, period.end))
    )
    sources = [
        (_("Call"), _history_since(Call, issued, within("called_at", period))),
        (_("Visit"), _history_since(Visit, issued, within("visited_at", period))),
        (
            _("Senior's file"),
            Senior.history.model.objects.filter(
                history_date__gt=issued.issued_at,
                id__in=Senior.objects.filter(contacts_in_period).values("id"),
            ),
        ),
    ]
    total = 0
    rows = []
    for record, history in sources:
        total += history.count()
        fields = [
            "id",
            "history_date",
            "history_type",
            "history_user__first_name",
            "history_user__last_name",
            "history_user__username",
        ]
        fields += ["pair_id"] if record != _("Senior's file") else []
        for row in history.order_by("-history_date").values(*fields)[:CHANGES_SHOWN]:
            rows.append((record, row))
    return Changes(shown=_as_changes(rows), total=total)


def _as_changes(rows: list) -> list[Change]:
    pair_ids = {row.get("pair_id") for _record, row in rows} - {None}
    found = Pair.objects.filter(pk__in=pair_ids).select_related("volunteer_a", "volunteer_b")
    pairs = {pair.pk: str(pair) for pair in found}
    labels = {"+": _("added"), "~": _("changed"), "-": _("deleted")}
    changes = [
        Change(
            record=record,
            identifier=row["id"],
            pair=pairs.get(row.get("pair_id"), ""),
            kind=labels[row["history_type"]],
            at=row["history_date"],
            by=" ".join(filter(None, [row["history_user__first_name"], row["history_user__last_name"]]))
            or row["history_user__username"]
            or "",
        )
        for record, row in rows
    ]
    return sorted(changes, key=lambda change: change.at, reverse=True)[:CHANGES_SHOWN]
