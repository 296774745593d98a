"""Reading the spreadsheets French offices produce: XLSX, or CSV in UTF-8 or Windows-1252,
comma- or semicolon-separated, with or without a BOM.

The reader returns raw cells keyed by the file's own headers; each import (seniors,
volunteers) maps those headers to its fields through `fold_header` and its synonyms.
Formula cells are read as their text and never evaluated."""

from __future__ import annotations

import csv
import datetime
import io
import re
import secrets
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from import_export import widgets
from openpyxl import load_workbook
from openpyxl.utils.datetime import from_excel

from ccas_visits.db import strip_accents
from volunteers.validators import normalise_phone

XLSX_MAGIC = b"PK\x03\x04"
# Password-protected XLSX files (and old .xls files) are OLE2 compound documents.
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# A real register of a few MB never unzips to more than this: beyond, it is a zip bomb.
MAX_UNZIPPED_BYTES = 100 * 1024 * 1024
# Excel often leaves thousands of formatted empty rows at the bottom: stop after this many.
MAX_TRAILING_EMPTY_ROWS = 1000
NOT_A_SPREADSHEET = _("This file is not a spreadsheet that can be read (XLSX or CSV expected).")
# How many rows above the headers may hold a title ("Registre canicule 2025").
HEADER_SEARCH_ROWS = 10


class TableError(Exception):
    """The file as a whole cannot be read; the message is for the user, in French."""


@dataclass
class Table:
    headers: list[str]
    # (row number as the spreadsheet shows it, cells in header order)
    rows: list[tuple[int, list[object]]] = field(default_factory=list)


def fold_header(text: object) -> str:
    """'  Né(e) le ' -> 'ne e le'; 'N° registre' -> 'n registre'; 'Tél.' -> 'tel'."""
    plain = strip_accents(str(text or "")).lower()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", plain).split())


def is_empty(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def read_table(data: bytes, *, known_headers: set[str], max_rows: int) -> Table:
    """The table in `data`, its header row being the first of the top rows that names
    at least two of `known_headers` (folded), so that a title row above is skipped."""
    if not data or not data.strip():
        raise TableError(_("The file is empty."))
    if data.startswith(OLE2_MAGIC):
        raise TableError(
            _(
                "This file is protected by a password or is in the old Excel format (.xls). "
                "Save it again as .xlsx without a password, or as CSV."
            )
        )
    if data.startswith(XLSX_MAGIC):
        raw_rows = _xlsx_rows(data)
    else:
        raw_rows = _csv_rows(data)
    return _table_from_rows(raw_rows, known_headers=known_headers, max_rows=max_rows)


def _table_from_rows(
    raw_rows: Iterable[tuple[int, list[object]]], *, known_headers: set[str], max_rows: int
) -> Table:
    table: Table | None = None
    empty_run = 0
    for number, cells in raw_rows:
        if table is None:
            if number > HEADER_SEARCH_ROWS:
                break
            names = {fold_header(cell) for cell in cells if not is_empty(cell)}
            if len(names & known_headers) >= 2:
                table = Table(headers=["" if is_empty(c) else str(c).strip() for c in cells])
            continue
        if all(is_empty(cell) for cell in cells):
            # Blank lines, and the empty rows Excel leaves at the bottom.
            empty_run += 1
            if empty_run > MAX_TRAILING_EMPTY_ROWS:
                break
            continue
        empty_run = 0
        if len(table.rows) >= max_rows:
            raise TableError(
                _("The file has more than %(max)s rows: split it into several files.") % {"max": max_rows}
            )
        width = len(table.headers)
        table.rows.append((number, (list(cells) + [None] * width)[:width]))
    if table is None:
        raise TableError(
            _(
                "No header row was found: the first line of the table must name the columns "
                "(Nom, Prénom, Date de naissance…)."
            )
        )
    if not table.rows:
        raise TableError(_("The file has column headers but no rows."))
    return table


def _xlsx_rows(data: bytes) -> Iterator[tuple[int, list[object]]]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        if sum(info.file_size for info in archive.infolist()) > MAX_UNZIPPED_BYTES:
            raise TableError(_("The file is too large once unpacked."))
        # read_only streams the rows; formulas come back as their text (data_only=False).
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
        sheet = workbook.worksheets[0]
    except TableError:
        raise
    except Exception as error:  # openpyxl raises many kinds on a damaged or foreign zip
        raise TableError(NOT_A_SPREADSHEET) from error
    try:
        for number, cells in enumerate(sheet.iter_rows(values_only=True), 1):
            yield number, list(cells)
    except Exception as error:
        raise TableError(NOT_A_SPREADSHEET) from error
    finally:
        workbook.close()


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without BOM) if it decodes, else Windows-1252, as Excel FR saves CSV."""
    if b"\x00" in data[:4096]:
        raise TableError(NOT_A_SPREADSHEET)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def sniff_delimiter(first_line: str) -> str:
    counts = {sep: first_line.count(sep) for sep in (";", ",", "\t")}
    return max(counts, key=counts.get) if any(counts.values()) else ";"


def _csv_rows(data: bytes) -> list[tuple[int, list[object]]]:
    text = decode_text(data)
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(first_line))
    try:
        return [(number, row) for number, row in enumerate(reader, 1)]
    except csv.Error as error:
        raise TableError(NOT_A_SPREADSHEET) from error


# Cell widgets: django-import-export's widgets, taught how French offices write things.


def cell_text(value: object) -> str:
    """A cell as text: 80000.0 (a number cell) -> '80000', spaces collapsed."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime | datetime.date):
        return value.strftime("%d/%m/%Y")
    return " ".join(str(value).split())


class TextWidget(widgets.CharWidget):
    def clean(self, value: object, row: dict | None = None, **kwargs) -> str:
        return cell_text(value)


class PostalCodeWidget(TextWidget):
    def clean(self, value: object, row: dict | None = None, **kwargs) -> str:
        text = cell_text(value)
        # A number cell lost the leading zero of "02100".
        return text.zfill(5) if isinstance(value, int | float) and text.isdigit() else text


class PhoneWidget(TextWidget):
    def clean(self, value: object, row: dict | None = None, **kwargs) -> str:
        text = cell_text(value)
        if isinstance(value, int | float) and len(text) == 9:
            text = "0" + text  # a number cell lost the leading zero of "06..."
        return normalise_phone(text)


class FrenchDateWidget(widgets.DateWidget):
    """31/01/1942, 31-01-1942, 31.01.1942, 1942-01-31, 31/01/42, or an Excel date cell."""

    FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d", "%Y/%m/%d", "%d/%m/%y", "%d-%m-%y")

    def __init__(self) -> None:
        super().__init__(format=None)
        self.formats = self.FORMATS

    def clean(self, value: object, row: dict | None = None, **kwargs) -> datetime.date | None:
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        if isinstance(value, int | float) and 1 <= value < 100000:
            return from_excel(value).date()  # a date cell saved without its date format
        text = cell_text(value).split(" ")[0] if not is_empty(value) else ""
        if not text:
            return None
        for pattern in self.formats:
            try:
                parsed = datetime.datetime.strptime(text, pattern).date()  # noqa: DTZ007 - a calendar date
            except ValueError:
                continue
            if pattern.endswith("%y") and parsed > timezone.localdate():  # rare: two-digit years only
                parsed = parsed.replace(year=parsed.year - 100)  # 31/01/42 is 1942 for a birth date
            return parsed
        raise ValueError(_("Date not understood: write it as 31/01/1942."))


class ChoiceWidget(widgets.Widget):
    """A French word for a choice: {'femme': 'F', 'mme': 'F', ...} matched folded."""

    def __init__(self, words: dict[str, str], *, hint: str, default: str = "") -> None:
        super().__init__()
        self.words = {fold_header(word): value for word, value in words.items()}
        self.hint = hint
        self.default = default

    def clean(self, value: object, row: dict | None = None, **kwargs) -> str:
        if is_empty(value):
            return self.default
        folded = fold_header(value)
        if folded in self.words:
            return self.words[folded]
        raise ValueError(self.hint)


# What an import says about each row, on screen and on the command line.


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
    written: bool = False

    def count(self, action: Action) -> int:
        return sum(1 for row in self.rows if row.action == action)

    @property
    def counts(self) -> dict[str, int]:
        return {action.value: self.count(action) for action in Action}

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


# The uploaded file, kept on the server between the preview and the confirmation: the
# browser only holds a random token, checked against the one in its own session.

TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{32,64}$")
UPLOAD_MAX_AGE = datetime.timedelta(days=1)


def _upload_path(token: str) -> Path:
    if not TOKEN_RE.match(token):
        raise ValueError("bad upload token")
    return Path(settings.IMPORT_TMP_DIR) / f"{token}.upload"


def store_upload(session, key: str, data: bytes, **meta) -> str:
    """Keep `data` under a new random token recorded in the user's session; drop stale files."""
    discard_upload(session, key)
    directory = Path(settings.IMPORT_TMP_DIR)
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    cutoff = (timezone.now() - UPLOAD_MAX_AGE).timestamp()
    for old in directory.glob("*.upload"):
        if old.stat().st_mtime < cutoff:
            old.unlink(missing_ok=True)
    token = secrets.token_urlsafe(32)
    path = _upload_path(token)
    path.write_bytes(data)
    path.chmod(0o600)
    session[key] = {"token": token, **meta}
    return token


def load_upload(session, key: str, token: str) -> tuple[bytes, dict] | None:
    """The file stored for this session under `token`, with its details; None if gone."""
    stored = session.get(key)
    if not stored or not token or not secrets.compare_digest(stored["token"], token):
        return None
    try:
        return _upload_path(stored["token"]).read_bytes(), stored
    except (OSError, ValueError):
        return None


def discard_upload(session, key: str) -> None:
    stored = session.pop(key, None)
    if stored:
        try:
            _upload_path(stored["token"]).unlink(missing_ok=True)
        except ValueError:
            pass


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
