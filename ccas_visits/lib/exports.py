"""Lists taken out as XLSX or CSV: one row generator per list (in each app's `exports.py`),
one writer per format (here).

A row generator takes the queryset the list page shows (already filtered and restricted to
what the user may see) and returns French headers and rows, in a fixed number of queries.
`export_response` writes them through the formula-safe writers and announces the export
(`list_exported`), which the app that keeps the access log records, as the DPO asks: so that
an app's exports never import the app above it that holds the log."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.dispatch import Signal
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.text import slugify

from ccas_visits.lib.spreadsheet_writing import Cell, write_csv, write_xlsx

Rows = tuple[list[str], Iterable[Sequence[Cell]]]
# Sent with request=, list_name=, rows= (how many) and detail= (format and filters) once the
# file is written; seniors.apps connects the access log to it.
list_exported = Signal()


def _csv(list_name: str, headers: Sequence[str], rows: list[Sequence[Cell]]) -> bytes:
    return write_csv(headers, rows)


def _xlsx(list_name: str, headers: Sequence[str], rows: list[Sequence[Cell]]) -> bytes:
    return write_xlsx([(list_name, headers, rows)])


WRITERS = {
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", _xlsx),
    "csv": ("text/csv; charset=utf-8", _csv),
}


def export_response(request: HttpRequest, *, list_name: str, rows: Rows) -> HttpResponse:
    """The list as a download named in French ("seniors-2025-06-15.xlsx"), in the format the
    query string asks for (XLSX unless CSV), announced to the access log (`list_exported`)."""
    file_format = request.GET.get("format", "xlsx")
    if file_format not in WRITERS:
        file_format = "xlsx"
    headers, generated = rows
    written = list(generated)
    content_type, write = WRITERS[file_format]
    response = HttpResponse(write(list_name, headers, written), content_type=content_type)
    file_name = f"{slugify(list_name)}-{timezone.localdate():%Y-%m-%d}.{file_format}"
    response["Content-Disposition"] = f'attachment; filename="{file_name}"'
    list_exported.send(
        sender=export_response,
        request=request,
        list_name=list_name,
        rows=len(written),
        detail=f"{file_format} {request.GET.urlencode()}",
    )
    return response
