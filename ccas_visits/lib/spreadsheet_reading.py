"""Reading the spreadsheets French offices produce: XLSX, or CSV in UTF-8 or Windows-1252,
comma-, semicolon- or tab-separated, with or without a BOM, or Excel's "Texte Unicode"
export (UTF-16 with a BOM, tab-separated).

Bytes that are neither UTF-8 nor Windows-1252 refuse the file, naming the row, rather than
becoming "�"; a NUL character or an over-long cell is named too (see `decode_text`).

The reader returns raw cells keyed by the file's own headers; each import (seniors,
volunteers) maps those headers to its fields through `fold_header` and its synonyms
(ccas_visits.lib.import_parsing). Formula cells are read as their text and never evaluated."""

from __future__ import annotations

import codecs
import csv
import datetime
import io
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.utils import formats
from django.utils.translation import gettext_lazy as _
from openpyxl import load_workbook

from ccas_visits.lib.db import strip_accents

XLSX_MAGIC = b"PK\x03\x04"
# Password-protected XLSX files (and old .xls files) are OLE2 compound documents.
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# A real register of a few MB never unzips to more than this: beyond, it is a zip bomb.
MAX_UNZIPPED_BYTES = 100 * 1024 * 1024
# Excel often leaves thousands of formatted empty rows at the bottom: stop after this many.
MAX_TRAILING_EMPTY_ROWS = 1000
NOT_A_SPREADSHEET = _("This file is not a spreadsheet that can be read (XLSX or CSV expected).")
# A text file holds no NUL; a few are a damaged cell (refused with its row), more are a binary file.
MAX_STRAY_NULS = 8
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
    """UTF-16 when it starts with its BOM (Excel's "Texte Unicode"), else UTF-8 (with or
    without BOM) if it decodes, else Windows-1252, as Excel FR saves CSV.

    A byte that fits none of them is refused with its row rather than read as "�"."""
    utf16 = _utf16_codec(data)
    if utf16:
        try:
            return data.decode(utf16)
        except UnicodeDecodeError as error:
            raise TableError(_encoding_error(data, error.start, "UTF-16")) from error
    if b"\x00" in data.split(b"\n", 1)[0] or data[:4096].count(b"\x00") > MAX_STRAY_NULS:
        raise TableError(NOT_A_SPREADSHEET)  # a binary file; a stray NUL refuses its row instead
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as utf8_error:
        if re.search(rb"[\xc2-\xf4][\x80-\xbf]", data[: utf8_error.start]):
            # Accents written in UTF-8 before this byte: two encodings in one file.
            raise TableError(_encoding_error(data, utf8_error.start, "UTF-8")) from utf8_error
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError as error:
            raise TableError(_encoding_error(data, error.start, "UTF-8 / Windows-1252")) from error


def _utf16_codec(data: bytes) -> str:
    """'utf-16' for a file with a UTF-16 BOM; without one, 'utf-16-le' or 'utf-16-be' when
    the high byte of nearly every character of the start is NUL (Latin text); else ''."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    head = data[:400]
    half = len(head) // 2
    if half < 4:
        return ""
    even, odd = head[0::2].count(0), head[1::2].count(0)
    if odd >= 0.9 * half and even == 0:
        return "utf-16-le"
    if even >= 0.9 * half and odd == 0:
        return "utf-16-be"
    return ""


def _encoding_error(data: bytes, position: int, encoding: str) -> str:
    row = data[:position].count(b"\n") + 1
    return _(
        "Row %(row)s holds characters that are not in a known encoding (%(encoding)s expected): "
        "save the file again as “CSV UTF-8” or as .xlsx."
    ) % {"row": row, "encoding": encoding}


def sniff_delimiter(first_line: str) -> str:
    counts = {sep: first_line.count(sep) for sep in (";", ",", "\t")}
    return max(counts, key=counts.get) if any(counts.values()) else ";"


def _csv_rows(data: bytes) -> list[tuple[int, list[object]]]:
    text = decode_text(data)
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(first_line))
    rows: list[tuple[int, list[object]]] = []
    try:
        for number, row in enumerate(reader, 1):
            rows.append((number, row))
    except csv.Error as error:
        limit = formats.number_format(csv.field_size_limit(), force_grouping=True)
        raise TableError(
            _(
                "Row %(row)s has a cell longer than %(max)s characters, or a quotation mark that "
                "is never closed: check that row of the file."
            )
            % {"row": len(rows) + 1, "max": limit}
        ) from error
    return rows


def cell_text(value: object) -> str:
    """A cell as text: 80000.0 (a number cell) -> '80000', spaces collapsed."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime | datetime.date):
        return value.strftime("%d/%m/%Y")
    return " ".join(str(value).split())
