"""Coordinators take the seniors' list out as XLSX or CSV, filtered as on screen.

The export receives the list page's query string and builds its rows with the page's own
`senior_list`, so the file holds exactly the rows (and order) the coordinator sees."""

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from ccas_visits.lib.exports import export_response
from ccas_visits.lib.permissions import COORDINATOR, role_required
from seniors.exports import senior_rows
from seniors.filters import senior_list


@role_required(COORDINATOR)
def export_seniors(request: HttpRequest) -> HttpResponse:
    rows = senior_rows(senior_list(request.GET, user=request.user).qs)
    return export_response(request, list_name=_("Seniors"), rows=rows)
