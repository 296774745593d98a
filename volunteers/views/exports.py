"""Coordinators take the volunteers' and pairs' lists out as XLSX or CSV, filtered as on screen.

Each export receives its list page's query string and builds its rows with the page's own
queryset function, so the file holds exactly the rows (and order) the coordinator sees."""

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from ccas_visits.lib.permissions import COORDINATOR, role_required
from seniors.exports import export_response, pair_rows, volunteer_rows
from volunteers.filters import volunteer_list
from volunteers.views.pairs import pair_list_queryset


@role_required(COORDINATOR)
def export_volunteers(request: HttpRequest) -> HttpResponse:
    headers, rows = volunteer_rows(volunteer_list(request.GET, user=request.user).qs)
    return export_response(
        request=request,
        list_name=_("Volunteers"),
        headers=headers,
        rows=rows,
        format=request.GET.get("format", "xlsx"),
    )


@role_required(COORDINATOR)
def export_pairs(request: HttpRequest) -> HttpResponse:
    headers, rows = pair_rows(pair_list_queryset(request.GET, user=request.user))
    return export_response(
        request=request,
        list_name=_("Pairs"),
        headers=headers,
        rows=rows,
        format=request.GET.get("format", "xlsx"),
    )
