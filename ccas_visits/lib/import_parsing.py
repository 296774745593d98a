"""An import's file read and cleaned: headers matched to fields through their synonyms,
every cell cleaned by the resource's widget and the model field's own validation."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ccas_visits.lib.import_reports import Action, ImportReport, RowReport
from ccas_visits.lib.spreadsheet_reading import TableError, cell_text, fold_header, read_table

NUL_IN_CELL = _(
    "The cell holds an invisible NUL character (a damaged file or a copy from another program): "
    "retype the cell."
)


def match_columns(headers: list[str], synonyms: dict[str, set[str]]) -> tuple[dict[str, int], list[str]]:
    """{field: column index} for the headers found, and the headers matching no field.

    A header is matched when its folded form is one of a field's folded synonyms; a field
    named twice keeps its first column and the second is listed as ignored."""
    folded_synonyms = {fold_header(word): name for name, words in synonyms.items() for word in words}
    found: dict[str, int] = {}
    unknown: list[str] = []
    for index, header in enumerate(headers):
        if not header:
            continue  # the empty cells of a merged header, or an unnamed column
        name = folded_synonyms.get(fold_header(header))
        if name is None or name in found:
            unknown.append(header)
        else:
            found[name] = index
    return found, unknown


def known_headers(synonyms: dict[str, set[str]]) -> set[str]:
    return {fold_header(word) for words in synonyms.values() for word in words}


@dataclass
class ParsedFile:
    report: ImportReport
    header_of: dict[str, str]  # field -> the file's own header
    rows: list[tuple[RowReport, dict]]  # each row's report and cleaned values


def parse_file(
    data: bytes,
    *,
    file_name: str,
    resource,
    synonyms: dict[str, set[str]],
    required: Sequence[str],
    model_fields: Sequence[str],
) -> ParsedFile:
    """Read `data` and clean every cell with the resource's widget, then with the model
    field's own validation (`model_fields`): names, phones, lengths, required values.

    A cell that does not fit refuses its row, saying which column, which value and why."""
    table = read_table(data, known_headers=known_headers(synonyms), max_rows=settings.IMPORT_MAX_ROWS)
    columns, unknown = match_columns(table.headers, synonyms)
    fields = resource.fields
    missing = [str(fields[name].column_name) for name in required if name not in columns]
    if missing:
        raise TableError(
            _("Required columns are missing: %(columns)s. Columns found: %(found)s.")
            % {"columns": ", ".join(missing), "found": ", ".join(h for h in table.headers if h) or "—"}
        )
    report = ImportReport(file_name=file_name, unknown_columns=unknown)
    report.columns = [(table.headers[i], str(fields[name].column_name)) for name, i in columns.items()]
    model = resource._meta.model
    parsed = []
    for number, cells in table.rows:
        row = RowReport(number=number, action=Action.CREATE)
        values: dict = {}
        for name, index in columns.items():
            if isinstance(cells[index], str) and "\x00" in cells[index]:
                row.refuse(table.headers[index], cells[index].replace("\x00", ""), NUL_IN_CELL)
                continue
            try:
                value = fields[name].widget.clean(cells[index])
                if name in model_fields:
                    value = model._meta.get_field(name).clean(value, None)
            except (ValueError, ValidationError) as error:
                reason = "; ".join(error.messages) if isinstance(error, ValidationError) else str(error)
                row.refuse(table.headers[index], cells[index], reason)
                continue
            values[name] = value
        row.label = " ".join(cell_text(cells[columns[name]]) for name in required[:2]).strip()
        parsed.append((row, values))
    return ParsedFile(report, {name: table.headers[i] for name, i in columns.items()}, parsed)
