"""One writer per format, each a thin rendering of a report's tables: XLSX, CSV and PDF.

The HTML preview renders the same tables through the same templates as the PDF."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from weasyprint import HTML
from weasyprint.urls import URLFetcher

from ccas_visits.lib.spreadsheet_writing import write_csv, write_xlsx
from reports import charts
from reports.annex_rows import annex_tables
from reports.bilan import Bilan, build_bilan
from reports.bilan.annex import funder_annex
from reports.bilan.progress import stock_day
from reports.budget import BudgetSummary, budget_summary
from reports.budget_rows import budget_tables
from reports.labels import key_figure_labels
from reports.periods import Period
from reports.rows import band_label, bilan_sections, short_month_label
from reports.tables import Table

FORMATS = ("pdf", "xlsx", "csv")
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}
SHEETS = {
    "tally": gettext_lazy("Calls and visits"),
    "seniors": gettext_lazy("Seniors"),
    "age_sex": gettext_lazy("Age and sex"),
    "sources": gettext_lazy("How found"),
    "pipeline": gettext_lazy("Pipeline by source"),
    "closed": gettext_lazy("Closed files"),
    "volunteers": gettext_lazy("Volunteers"),
    "volunteer_kinds": gettext_lazy("Volunteer kinds"),
    "meetings": gettext_lazy("Meetings"),
    "services": gettext_lazy("Services"),
    "activities": gettext_lazy("Activities"),
    "orientations": gettext_lazy("Orientations"),
    "needs": gettext_lazy("Needs"),
    "alerts": gettext_lazy("Alerts"),
    "loneliness_scores": gettext_lazy("Loneliness scores"),
    "loneliness": gettext_lazy("Loneliness"),
    "progress": gettext_lazy("Progress"),
    "targets": gettext_lazy("Targets"),
    "budgets": gettext_lazy("Budgets"),
    "fundings": gettext_lazy("Funding"),
    "expenses": gettext_lazy("Expenses"),
    "for_period": gettext_lazy("Cost of the period"),
    "unit_costs": gettext_lazy("Unit costs"),
    "in_kind": gettext_lazy("In kind"),
    "annex_followed": gettext_lazy("Followed"),
    "annex_new": gettext_lazy("New followed"),
    "annex_continuing": gettext_lazy("Continuing"),
    "annex_participants": gettext_lazy("Participants"),
    "annex_participations": gettext_lazy("Participations"),
    "annex_gir": gettext_lazy("GIR"),
    "annex_actions": gettext_lazy("Actions"),
    "annex_volunteer_kinds": gettext_lazy("Volunteers by kind"),
    "annex_associations": gettext_lazy("Volunteers by association"),
}


@dataclass(frozen=True)
class IssueNote:
    """What an issued bilan's files say of their issue: its version, when and by whom, and
    from version 2 on what moved since the version before."""

    version: int
    issued_at: datetime.datetime
    issued_by: str
    previous_version: int | None = None
    moved: tuple[tuple[str, int, int], ...] = ()
    records_changed: int = 0

    @classmethod
    def of(cls, issued, previous) -> IssueNote:
        labels = key_figure_labels()
        moved = tuple(
            (str(labels[key]), before, after)
            for key, (before, after) in issued.changes.get("figures", {}).items()
        )
        return cls(
            version=issued.version,
            issued_at=issued.issued_at,
            issued_by=issued.issued_by_name,
            previous_version=previous.version if previous else None,
            moved=moved,
            records_changed=issued.changes.get("records", 0),
        )

    @property
    def line(self) -> str:
        return _("Issued on %(day)s by %(name)s (version %(version)s)") % {
            "day": timezone.localtime(self.issued_at).strftime("%d/%m/%Y"),
            "name": self.issued_by,
            "version": self.version,
        }

    def change_lines(self) -> list[str]:
        """For version 2 onwards: how many records changed since the version before, and
        each key figure that moved."""
        if self.previous_version is None:
            return []
        lines = [
            ngettext(
                "Since version %(previous)s: %(count)s record of the period changed.",
                "Since version %(previous)s: %(count)s records of the period changed.",
                self.records_changed,
            )
            % {"previous": self.previous_version, "count": self.records_changed}
        ]
        lines += [f"{label} : {before} → {after}" for label, before, after in self.moved]
        if not self.moved:
            lines.append(_("No key figure moved."))
        return lines


@dataclass
class Document:
    """A report ready to print: its name, period, sections of tables and charts."""

    kind: str  # "bilan", "annex" or "budget"
    title: str
    period: Period
    sections: list[tuple[str, list[Table]]]
    charts: dict
    issue: IssueNote | None = None

    @property
    def tables(self) -> list[Table]:
        return [table for _title, tables in self.sections for table in tables]

    @property
    def made_on(self):
        return timezone.localdate()

    @property
    def file_url_name(self) -> str:
        return f"reports:{self.kind}_file"

    def filename(self, fmt: str) -> str:
        return f"{self.kind}-{self.period.start:%Y-%m-%d}-{self.period.end:%Y-%m-%d}.{fmt}"


def bilan_document(period: Period) -> Document:
    bilan: Bilan = build_bilan(period)
    return Document(
        kind="bilan",
        title=_("Six-monthly report"),
        period=period,
        sections=bilan_sections(bilan),
        charts=bilan_charts(bilan),
    )


def bilan_charts(bilan: Bilan) -> dict:
    t = bilan.tally
    by_band = bilan.seniors.by_band
    return {
        "per_month": charts.grouped_bars(
            _("Calls and visits per month"),
            [short_month_label(m) for m in t.months],
            [(_("Calls"), t.calls_per_month), (_("Visits"), t.visits_per_month)],
        ),
        "age_bands": charts.horizontal_bars(
            _("Seniors reached, by age band"), [(band_label(b), n) for b, n in by_band.items()]
        ),
    }


def annex_document(period: Period) -> Document:
    """The funders' annex alone, the same tables as the bilan's section."""
    annex = funder_annex(period, stock_day(period, timezone.localdate()))
    return Document(
        kind="annex",
        title=_("Funders' annex"),
        period=period,
        sections=[(_("Funders' annex"), annex_tables(annex))],
        charts={},
    )


def budget_document(period: Period) -> Document:
    summary: BudgetSummary = budget_summary(period)
    return Document(
        kind="budget",
        title=_("Budget summary"),
        period=period,
        sections=[(_("Budget"), budget_tables(summary))],
        charts={},
    )


DOCUMENTS: dict[str, Callable[[Period], Document]] = {
    "bilan": bilan_document,
    "annex": annex_document,
    "budget": budget_document,
}


# --- Writers -----------------------------------------------------------------------------


def labelled_cells(tables: list[Table]) -> list[list]:
    """Every figure of the tables on a line of its own, with the table, the row and the
    column it stands in: what a funder's form asks is found by its words and copied."""
    lines = []
    for table in tables:
        for row in table.all_rows():
            for column, value in zip(table.columns[1:], row[1:], strict=True):
                if value is not None:
                    lines.append([table.title, str(row[0]), column.label, value])
    return lines


def to_xlsx(document: Document) -> bytes:
    """One worksheet per table; an issued bilan's first sheet says which version it is; the
    funders' annex opens on every figure labelled, one a line."""
    sheets = [(str(SHEETS.get(t.key, t.title)), t.headers, t.all_rows()) for t in document.tables]
    if document.kind == "annex":
        headers = [_("Table"), _("Row"), _("Column"), _("Number")]
        sheets.insert(0, (_("For the funder's form"), headers, labelled_cells(document.tables)))
    if document.issue:
        lines = [document.issue.line, *document.issue.change_lines()]
        sheets.insert(0, (_("Issue"), [document.title, document.period.label], [[line] for line in lines]))
    return write_xlsx(sheets)


def to_csv(document: Document) -> bytes:
    """The tables one after the other, each under its title, a blank line between."""
    rows: list[list] = [[settings.CCAS_NAME, settings.PROGRAMME_NAME], []]
    if document.issue:
        rows[1:1] = [[document.issue.line], *[[line] for line in document.issue.change_lines()]]
    for table in document.tables:
        rows += [[table.title], table.headers, *table.all_rows(), []]
    return write_csv([document.title, document.period.label], rows)


class StaticFilesOnly(URLFetcher):
    """WeasyPrint reads the stylesheet and logo from disk, never over the network, and
    nothing outside the static folders."""

    def __init__(self, roots: list[Path]) -> None:
        super().__init__(allowed_protocols=("file", "data"))
        self.roots = [root.resolve() for root in roots]

    def fetch(self, url: str, headers=None):
        if url.startswith("file:"):
            path = Path(url.removeprefix("file://").split("?")[0]).resolve()
            if not any(path.is_relative_to(root) for root in self.roots):
                raise ValueError(f"Refused outside the static files: {url}")
        return super().fetch(url, headers)


def static_roots() -> list[Path]:
    roots = [Path(d) for d in settings.STATICFILES_DIRS]
    if logo := logo_path():
        roots.append(logo.parent)
    return roots


def logo_path() -> Path | None:
    """CCAS_LOGO: a path inside the static files (img/logo.png) or an absolute path."""
    if not settings.CCAS_LOGO:
        return None
    path = Path(settings.CCAS_LOGO)
    if not path.is_absolute():
        found = finders.find(settings.CCAS_LOGO)
        path = Path(found) if found else path
    return path if path.is_absolute() and path.is_file() else None


def to_pdf(document: Document) -> bytes:
    css = Path(finders.find("css/print.css"))
    logo = logo_path()
    html = render_to_string(
        f"reports/pdf/{document.kind}.html",
        {
            "document": document,
            "print_css": css.as_uri(),
            "logo_uri": logo.as_uri() if logo else "",
            "CCAS_NAME": settings.CCAS_NAME,
            "PROGRAMME_NAME": settings.PROGRAMME_NAME,
        },
    )
    base = Path(settings.STATICFILES_DIRS[0]).resolve().as_uri() + "/"
    return HTML(string=html, base_url=base, url_fetcher=StaticFilesOnly(static_roots())).write_pdf(
        pdf_variant="pdf/ua-1"
    )


WRITERS: dict[str, Callable[[Document], bytes]] = {"pdf": to_pdf, "xlsx": to_xlsx, "csv": to_csv}


def render_document(document: Document, fmt: str) -> bytes:
    return WRITERS[fmt](document)
