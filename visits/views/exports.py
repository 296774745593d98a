"""Coordinators take the calls, visits and proposals lists out as XLSX or CSV, filtered as on screen.

Each export receives its list page's query string and builds its rows with the page's own
list function, so the file holds exactly the rows, in the order, the coordinator sees (an
invalid filter shows nothing, and exports nothing)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from ccas_visits.lib.exports import export_response
from ccas_visits.lib.permissions import COORDINATOR, role_required
from visits.exports import call_rows, proposal_rows, visit_rows
from visits.filters import call_list, proposal_list, visit_list


@role_required(COORDINATOR)
def call_export(request: HttpRequest) -> HttpResponse:
    rows = call_rows(call_list(request.GET, user=request.user).qs)
    return export_response(request, list_name=_("Calls"), rows=rows)


@role_required(COORDINATOR)
def visit_export(request: HttpRequest) -> HttpResponse:
    rows = visit_rows(visit_list(request.GET, user=request.user).qs)
    return export_response(request, list_name=_("Visits"), rows=rows)


@role_required(COORDINATOR)
def proposal_export(request: HttpRequest) -> HttpResponse:
    rows = proposal_rows(proposal_list(request.GET, user=request.user).qs)
    return export_response(request, list_name=_("Proposals"), rows=rows)
