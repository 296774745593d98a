"""What the two report commands share: the period, the file, the format from its extension."""

from __future__ import annotations

import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from reports.exports import DOCUMENTS, FORMATS, render_document
from reports.forms import PeriodForm


def parse_day(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(
            _("“%(value)s” is not a date: write it as YYYY-MM-DD.") % {"value": value}
        ) from error


class ReportCommand(BaseCommand):
    kind = ""

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--start", required=True, help="YYYY-MM-DD")
        parser.add_argument("--end", required=True, help="YYYY-MM-DD (inclusive)")
        parser.add_argument("--output", required=True, help="file.pdf, file.xlsx or file.csv")

    def handle(self, *args, start: str, end: str, output: str, **options) -> None:
        path = Path(output)
        fmt = path.suffix.lower().lstrip(".")
        if fmt not in FORMATS:
            raise CommandError(
                _("Unknown format “%(ext)s”: the file name must end in .pdf, .xlsx or .csv.")
                % {"ext": path.suffix or path.name}
            )
        form = PeriodForm({"start": parse_day(start), "end": parse_day(end)})
        if not form.is_valid():
            raise CommandError(" ".join(m for errors in form.errors.values() for m in errors))
        if not path.parent.is_dir():
            raise CommandError(_("The folder %(folder)s does not exist.") % {"folder": path.parent})
        document = DOCUMENTS[self.kind](form.period)
        path.write_bytes(render_document(document, fmt))
        self.stdout.write(_("Written: %(path)s") % {"path": path})
