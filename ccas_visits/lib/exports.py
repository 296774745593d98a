"""Lists taken out as XLSX or CSV: one row generator per list (in each app's `exports.py`),
one writer per format (here).

A row generator takes the queryset the list page shows (already filtered and restricted to
what the user may see) and returns French headers and rows, in a fixed number of queries.
`export_response` writes them through the formula-safe writers and has the export recorded
in the access log, as the DPO asks."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.text import slugify

from ccas_visits.lib.spreadsheet_writing import Cell, write_csv, write_xlsx

Rows = tuple[list[str], Iterable[Sequence[Cell]]]
# Who exported which list, with how many rows: the app that keeps the access log provides it.
ExportLog = Callable[..., object]


def _csv(list_name: str, headers: Sequence[str], rows: list[Sequence[Cell]]) -> bytes:
    return write_csv(headers, rows)


def _xlsx(list_name: str, headers: Sequence[str], rows: list[Sequence[Cell]]) -> bytes:
    return write_xlsx([(list_name, headers, rows)])


WRITERS = {
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", _xlsx),
    "csv": ("text/csv; charset=utf-8", _csv),
}


def export_response(request: HttpRequest, *, list_name: str, rows: Rows, log: ExportLog) -> HttpResponse:
    """The list as a download named in French ("seniors-2025-06-15.xlsx"), in the format the
    query string asks for (XLSX unless CSV), recorded by `log(request=, list_name=, rows=, detail=)`."""
    file_format = request.GET.get("format", "xlsx")
    if file_format not in WRITERS:
        file_format = "xlsx"
    headers, generated = rows
    written = list(generated)
    content_type, write = WRITERS[file_format]
    response = HttpResponse(write(list_name, headers, written), content_type=content_type)
    file_name = f"{slugify(list_name)}-{timezone.localdate():%Y-%m-%d}.{file_format}"
    response["Content-Disposition"] = f'attachment; filename="{file_name}"'
    log(
        request=request,
        list_name=list_name,
        rows=len(written),
        detail=f"{file_format} {request.GET.urlencode()}",
    )
    return response
