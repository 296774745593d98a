"""What an import says about each row, on screen and on the command line."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from ccas_visits.lib.spreadsheet_reading import cell_text


class Action(StrEnum):
    CREATE = "create"
    UPDATE = "update"
    UNCHANGED = "unchanged"
    REFUSED = "refused"


ACTION_LABELS = {
    Action.CREATE: _("New"),
    Action.UPDATE: _("Update"),
    Action.UNCHANGED: _("Unchanged"),
    Action.REFUSED: _("Refused"),
}

# What the counts of an import say ("1 nouveau", "2 nouveaux"), the plural chosen by the count.
COUNT_LABELS = {
    Action.CREATE: ngettext_lazy("%(counter)s new", "%(counter)s new", "counter"),
    Action.UPDATE: ngettext_lazy("%(counter)s updated", "%(counter)s updated", "counter"),
    Action.UNCHANGED: ngettext_lazy("%(counter)s unchanged", "%(counter)s unchanged", "counter"),
    Action.REFUSED: ngettext_lazy("%(counter)s refused", "%(counter)s refused", "counter"),
}


@dataclass
class Problem:
    column: str
    value: str
    reason: str


@dataclass
class RowReport:
    number: int
    label: str = ""
    action: Action = Action.REFUSED
    changes: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def action_label(self) -> str:
        return str(ACTION_LABELS[self.action])

    def refuse(self, column: str, value: object, reason: str) -> None:
        self.action = Action.REFUSED
        self.problems.append(Problem(str(column), cell_text(value)[:80], str(reason)))


@dataclass
class ImportReport:
    file_name: str = ""
    columns: list[tuple[str, str]] = field(default_factory=list)  # (header in the file, what it means)
    unknown_columns: list[str] = field(default_factory=list)
    rows: list[RowReport] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    new_neighbourhoods: list[str] = field(default_factory=list)  # created when the import is confirmed
    known_neighbourhoods: list = field(default_factory=list)  # what a new name may be counted as instead
    written: bool = False

    def count(self, action: Action) -> int:
        return sum(1 for row in self.rows if row.action == action)

    @property
    def counts(self) -> dict[str, int]:
        return {action.value: self.count(action) for action in Action}

    def counts_text(self, *, refused: bool = True) -> str:
        """'1 nouveau, 2 mis à jour, 0 inchangé, 3 refusés': each count with its own plural."""
        actions = [Action.CREATE, Action.UPDATE, Action.UNCHANGED] + [Action.REFUSED] * refused
        return ", ".join(str(COUNT_LABELS[action] % {"counter": self.count(action)}) for action in actions)

    @property
    def has_refusals(self) -> bool:
        return any(row.action == Action.REFUSED for row in self.rows)

    def rows_to_show(self, limit: int = 1000) -> list[RowReport]:
        """Refused rows first (all of them), then changes, then the unchanged, up to `limit`."""
        order = [Action.REFUSED, Action.UPDATE, Action.CREATE, Action.UNCHANGED]
        ranked = sorted(self.rows, key=lambda row: (order.index(row.action), row.number))
        refused = self.count(Action.REFUSED)
        return ranked[: max(limit, refused)]

    def as_text(self) -> list[str]:
        """The report as lines, for the command line."""
        lines = [
            str(_("Column “%(header)s”: %(meaning)s")) % {"header": header, "meaning": meaning}
            for header, meaning in self.columns
        ]
        lines += [str(_("Column ignored: “%(header)s”")) % {"header": h} for h in self.unknown_columns]
        lines += [str(note) for note in self.notes]
        for row in self.rows:
            detail = "; ".join(
                [f"{p.column} « {p.value} » : {p.reason}" for p in row.problems]
                + [", ".join(row.changes)] * bool(row.changes)
                + [str(note) for note in row.notes]
            )
            lines.append(f"{row.number}\t{row.action_label}\t{row.label}\t{detail}".rstrip())
        return lines
