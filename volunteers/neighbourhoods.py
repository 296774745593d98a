"""The neighbourhoods an import names: matched without accents or case to those we hold.
A name we do not hold yet is listed by the preview; confirming creates it, or, as the
coordinator chose in the preview, counts it as one we hold ("St Leu" is "Saint-Leu") or
leaves it empty.

A fresh install has no neighbourhoods at all, so refusing unknown ones would refuse every
row of a first register."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ccas_visits.lib.db import fold
from ccas_visits.lib.import_reports import ImportReport, RowReport
from volunteers.models import Neighbourhood

NAME_MAX_LENGTH = Neighbourhood._meta.get_field("name").max_length
# What the preview offers for a new name, besides one of the neighbourhoods held (its id).
CREATE = ""
LEAVE_EMPTY = "-"


@dataclass
class ImportNeighbourhoods:
    known: dict[str, Neighbourhood]  # folded name -> the neighbourhood we hold
    # The new names the preview listed, folded, each with what the coordinator chose
    # (CREATE, LEAVE_EMPTY or a neighbourhood's id); None: any name is created (preview, command line).
    choices: dict[str, str] | None = None
    new: dict[str, Neighbourhood] = field(default_factory=dict)  # folded name -> to create

    @classmethod
    def load(cls, choices: dict[str, str] | None = None) -> ImportNeighbourhoods:
        """`choices`: {name as the preview listed it: what to do with it}."""
        known = {fold(n.name): n for n in Neighbourhood.objects.all()}
        folded = None if choices is None else {fold(name): str(choice) for name, choice in choices.items()}
        return cls(known=known, choices=folded)

    def find(self, row: RowReport, column: str, name: str) -> Neighbourhood | None:
        """The neighbourhood `name` stands for, unsaved if new; None if left empty, or if it
        cannot be (the row is then refused)."""
        folded = fold(name)
        if folded in self.known:
            return self.known[folded]
        if folded in self.new:
            return self.new[folded]
        if len(name) > NAME_MAX_LENGTH:
            too_long = _("A neighbourhood name has at most %(max)s characters.") % {"max": NAME_MAX_LENGTH}
            row.refuse(column, name, too_long)
            return None
        choice = CREATE if self.choices is None else self.choices.get(folded)
        if choice is None:
            row.refuse(
                column,
                name,
                _("This neighbourhood was not listed as new in the preview: upload the file again."),
            )
            return None
        if choice == LEAVE_EMPTY:
            row.notes.append(_("Neighbourhood “%(name)s” left empty, as chosen.") % {"name": name})
            return None
        if choice != CREATE:
            chosen = next((n for n in self.known.values() if str(n.pk) == choice), None)
            if chosen is None:
                row.refuse(
                    column,
                    name,
                    _("The neighbourhood chosen for this name no longer exists: upload the file again."),
                )
            return chosen
        self.new[folded] = Neighbourhood(name=name)
        return self.new[folded]

    def report_on(self, report: ImportReport) -> None:
        names = sorted(n.name for n in self.new.values())
        report.new_neighbourhoods = names
        report.known_neighbourhoods = sorted(self.known.values(), key=lambda n: n.name)
        if names:
            report.notes.append(
                ngettext(
                    "%(count)s new neighbourhood, created when the import is confirmed: %(names)s.",
                    "%(count)s new neighbourhoods, created when the import is confirmed: %(names)s.",
                    len(names),
                )
                % {"count": len(names), "names": ", ".join(names)}
            )

    def create(self) -> None:
        """Save the new neighbourhoods, before the rows that point to them."""
        Neighbourhood.objects.bulk_create(list(self.new.values()))
