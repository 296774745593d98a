"""Coordinators take the seniors' list out as XLSX or CSV, filtered as on screen."""

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from ccas_visits.db import search
from seniors.exports import export_response, senior_rows
from seniors.models import Senior
from volunteers.roles import COORDINATOR, role_required


def filter_seniors(queryset: QuerySet, params) -> QuerySet:
    """The list page's filters: a search, a status, a neighbourhood (until the shared FilterSet)."""
    queryset = search(queryset, params.get("q", ""), ["last_name", "first_name", "address"])
    if params.get("status") in Senior.Status.values:
        queryset = queryset.filter(status=params["status"])
    if params.get("neighbourhood", "").isdigit():
        queryset = queryset.filter(neighbourhood_id=int(params["neighbourhood"]))
    return queryset


@role_required(COORDINATOR)
def export_seniors(request: HttpRequest) -> HttpResponse:
    seniors = filter_seniors(Senior.objects.visible_to(request.user), request.GET)
    headers, rows = senior_rows(seniors)
    return export_response(
        request=request,
        list_name=_("Seniors"),
        headers=headers,
        rows=rows,
        format=request.GET.get("format", "xlsx"),
    )
