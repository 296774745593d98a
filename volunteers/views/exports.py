"""Coordinators take the volunteers' list out as XLSX or CSV, filtered as on screen."""

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from ccas_visits.db import search
from seniors.exports import export_response, volunteer_rows
from volunteers.models import Volunteer
from volunteers.roles import COORDINATOR, role_required


def filter_volunteers(queryset: QuerySet, params) -> QuerySet:
    """The list page's filters: a search, a status, a neighbourhood (until the shared FilterSet)."""
    queryset = search(queryset, params.get("q", ""), ["last_name", "first_name", "email"])
    if params.get("status") in Volunteer.Status.values:
        queryset = queryset.filter(status=params["status"])
    if params.get("neighbourhood", "").isdigit():
        queryset = queryset.filter(neighbourhoods=int(params["neighbourhood"]))
    return queryset


@role_required(COORDINATOR)
def export_volunteers(request: HttpRequest) -> HttpResponse:
    volunteers = filter_volunteers(Volunteer.objects.visible_to(request.user), request.GET)
    headers, rows = volunteer_rows(volunteers)
    return export_response(
        request=request,
        list_name=_("Volunteers"),
        headers=headers,
        rows=rows,
        format=request.GET.get("format", "xlsx"),
    )
