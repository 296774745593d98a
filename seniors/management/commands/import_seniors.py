"""Import a register, a partner's list or a birthday list from the command line.

Prints the same row-by-row report as the web preview. Exits with status 1, having written
nothing, when any row is refused or the file cannot be read."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _

from ccas_visits.lib.spreadsheet_reading import TableError
from seniors.imports import import_seniors
from seniors.models import Partner, Senior

SOURCES = {
    "register": Senior.Source.REGISTER,
    "partner": Senior.Source.PARTNER,
    "birthday": Senior.Source.BIRTHDAY,
}


class Command(BaseCommand):
    help = "Import seniors from an XLSX or CSV file (register, partner's list or birthday list)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what would be done, write nothing."
        )
        parser.add_argument("--source", choices=sorted(SOURCES), default="register")
        parser.add_argument("--partner", default="", help="The partner's name, for --source partner.")

    def handle(self, *args, file: Path, dry_run: bool, source: str, partner: str, **options) -> None:
        translation.activate(settings.LANGUAGE_CODE)
        referrer = self._partner(source, partner)
        try:
            data = file.read_bytes()
        except OSError as error:
            raise CommandError(
                _("Cannot read %(file)s: %(error)s") % {"file": file, "error": error}
            ) from error
        if len(data) > settings.IMPORT_MAX_BYTES:
            raise CommandError(_("The file is too large."))
        try:
            report = import_seniors(
                data, file_name=file.name, source=SOURCES[source], partner=referrer, dry_run=dry_run
            )
        except TableError as error:
            raise CommandError(str(error)) from error
        for line in report.as_text():
            self.stdout.write(line)
        self.stdout.write(report.counts_text() + ".")
        if report.has_refusals:
            raise CommandError(_("Some rows are refused: nothing was saved."))
        self.stdout.write(_("Nothing was saved (dry run).") if dry_run else _("Import saved."))

    def _partner(self, source: str, name: str) -> Partner | None:
        if source != "partner":
            return None
        found = Partner.objects.filter(name__iexact=name.strip()).first() if name.strip() else None
        if found is None:
            names = ", ".join(Partner.objects.values_list("name", flat=True)) or "—"
            raise CommandError(
                _("Give a known partner with --partner. Known partners: %(names)s.") % {"names": names}
            )
        return found
