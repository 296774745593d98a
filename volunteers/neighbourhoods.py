"""The neighbourhoods an import names: matched without accents or case to those we hold;
a name we do not hold yet is listed by the preview and created when the import is confirmed.

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


@dataclass
class ImportNeighbourhoods:
    known: dict[str, Neighbourhood]  # folded name -> the neighbourhood we hold
    # Folded names the coordinator saw listed as new in the preview; None: any (preview, command line).
    approved: set[str] | None = None
    new: dict[str, Neighbourhood] = field(default_factory=dict)  # folded name -> to create

    @classmethod
    def load(cls, approved: list[str] | None = None) -> ImportNeighbourhoods:
        known = {fold(n.name): n for n in Neighbourhood.objects.all()}
        return cls(known=known, approved=None if approved is None else {fold(name) for name in approved})

    def find(self, row: RowReport, column: str, name: str) -> Neighbourhood | None:
        """The neighbourhood called `name`, unsaved if new; None (and the row refused) if it cannot be."""
        folded = fold(name)
        if folded in self.known:
            return self.known[folded]
        if folded in self.new:
            return self.new[folded]
        if len(name) > NAME_MAX_LENGTH:
            row.refuse(
                column,
                name,
                _("A neighbourhood name has at most %(max)s characters.") % {"max": NAME_MAX_LENGTH},
            )
            return None
        if self.approved is not None and folded not in self.approved:
            row.refuse(
                column,
                name,
                _("This neighbourhood was not listed as new in the preview: upload the file again."),
            )
            return None
        self.new[folded] = Neighbourhood(name=name)
        return self.new[folded]

    def report_on(self, report: ImportReport) -> None:
        names = sorted(n.name for n in self.new.values())
        report.new_neighbourhoods = names
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
