"""Coordinators take the volunteers' and pairs' lists out as XLSX or CSV, filtered as on screen.

Each export receives its list page's query string and builds its rows with the page's own
list function, so the file holds exactly the rows (and order) the coordinator sees."""

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from ccas_visits.lib.exports import export_response
from ccas_visits.lib.permissions import COORDINATOR, role_required
from volunteers.exports import pair_rows, volunteer_rows
from volunteers.filters import pair_list, volunteer_list


@role_required(COORDINATOR)
def export_volunteers(request: HttpRequest) -> HttpResponse:
    rows = volunteer_rows(volunteer_list(request.GET, user=request.user).qs)
    return export_response(request, list_name=_("Volunteers"), rows=rows)


@role_required(COORDINATOR)
def export_pairs(request: HttpRequest) -> HttpResponse:
    rows = pair_rows(pair_list(request.GET, user=request.user).qs)
    return export_response(request, list_name=_("Pairs"), rows=rows)
