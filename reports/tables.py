"""The tables a report is made of, and how their cells read in French.

A report's query functions return plain aggregates; one row generator per report turns
them into `Table`s; the HTML preview, the PDF, the XLSX and the CSV all render those same
tables, so a figure is never computed twice."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from ccas_visits.lib.spreadsheet_writing import Cell

TEXT = "text"
INT = "int"
MONEY = "money"
PCT = "pct"
DECIMAL = "decimal"
DATE = "date"

# French typography: thousands separated by a non-breaking space, decimal comma.
NBSP = "\u00a0"
EMPTY = "—"


@dataclass(frozen=True)
class Column:
    label: str
    kind: str = INT
    # For the printed tally table: a group header (the month) above a short label.
    group: str = ""
    short: str = ""

    @property
    def is_numeric(self) -> bool:
        return self.kind != TEXT and self.kind != DATE


@dataclass
class Table:
    key: str
    title: str
    columns: list[Column]
    rows: list[list[Cell]]
    totals: list[list[Cell]] = field(default_factory=list)
    note: str = ""

    @property
    def headers(self) -> list[str]:
        return [c.label for c in self.columns]

    @property
    def has_groups(self) -> bool:
        return any(c.group for c in self.columns)

    def header_groups(self) -> list[tuple[str, int]]:
        """Consecutive columns sharing a group, as (label, span) for a two-level header."""
        groups: list[tuple[str, int]] = []
        for column in self.columns:
            if groups and column.group and groups[-1][0] == column.group:
                groups[-1] = (column.group, groups[-1][1] + 1)
            else:
                groups.append((column.group, 1))
        return groups

    def _printed(self, rows: list[list[Cell]]) -> list[list[tuple[str, bool]]]:
        kinds = [(c.kind, c.is_numeric) for c in self.columns]
        return [
            [(format_cell(value, kind), numeric) for value, (kind, numeric) in zip(row, kinds, strict=True)]
            for row in rows
        ]

    @property
    def body(self) -> list[list[tuple[str, bool]]]:
        """Rows as printed, each cell with whether it is a number (right-aligned): the
        templates only place strings, a wide table costs no per-cell template work."""
        return self._printed(self.rows)

    @property
    def foot(self) -> list[list[tuple[str, bool]]]:
        return self._printed(self.totals)

    def all_rows(self) -> list[list[Cell]]:
        return [*self.rows, *self.totals]

    def is_empty(self) -> bool:
        return not self.rows

    def sliced(self, indexes: list[int]) -> Table:
        """The same table restricted to some columns (a wide table printed in parts)."""

        def pick(row: list[Cell]) -> list[Cell]:
            return [row[i] for i in indexes]

        return Table(
            key=self.key,
            title=self.title,
            columns=[self.columns[i] for i in indexes],
            rows=[pick(r) for r in self.rows],
            totals=[pick(r) for r in self.totals],
            note=self.note,
        )


def share(part: int | Decimal, whole: int | Decimal) -> Decimal | None:
    """`part` as a percentage of `whole`, one decimal; None when there is no whole."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def change(current: int | Decimal, previous: int | Decimal) -> Decimal | None:
    """Change from `previous` to `current` in percent; None when there is nothing to compare."""
    if not previous:
        return None
    return share(Decimal(current) - Decimal(previous), previous)


def _grouped(value: Decimal, decimals: int) -> str:
    text = f"{value:,.{decimals}f}"
    return text.replace(",", NBSP).replace(".", ",")


def format_cell(value: Cell, kind: str = INT) -> str:
    """A cell as printed: 1 234 ; 1 234,56 € ; 12,5 % ; 30/06/2025 ; — for nothing."""
    if value is None or value == "":
        return EMPTY if kind != TEXT else ""
    if isinstance(value, datetime.datetime | datetime.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, str):
        return value
    if kind == MONEY:
        return _grouped(Decimal(value), 2) + NBSP + "€"
    if kind == PCT:
        return _grouped(Decimal(value), 1) + NBSP + "%"
    number = Decimal(value)
    if kind == DECIMAL or number != number.to_integral_value():
        return _grouped(number, 1)
    return _grouped(number, 0)


def indicator_table(
    key: str, title: str, rows: list[tuple[str, int | Decimal | None]], note: str = ""
) -> Table:
    return Table(
        key=key,
        title=title,
        columns=[Column(_("Indicator"), TEXT), Column(_("Number"))],
        rows=[[label, value] for label, value in rows],
        note=note,
    )
