"""Coordinators take the calls, visits and proposals lists out as XLSX or CSV, filtered as on screen.

Each export receives its list page's query string and runs the list view's own queryset and
FilterSet (with FilterView's strictness: an invalid filter shows nothing, and exports nothing),
so the file holds exactly the rows, in the order, the coordinator sees."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django_filters.views import FilterView

from ccas_visits.lib.permissions import COORDINATOR, role_required
from seniors.exports import call_rows, export_response, proposal_rows, visit_rows
from visits.views.activities import ProposalList
from visits.views.contacts import CallList, VisitList


def list_queryset(view_class: type[FilterView], request: HttpRequest) -> QuerySet:
    """The rows a FilterView list page shows for this query string, every page together."""
    view = view_class()
    view.setup(request)
    filterset = view.get_filterset(view.get_filterset_class())
    if not filterset.is_bound or filterset.is_valid() or not view.get_strict():
        return filterset.qs
    return filterset.queryset.none()


def _export(request: HttpRequest, view_class: type[FilterView], list_name: str, rows_for) -> HttpResponse:
    headers, rows = rows_for(list_queryset(view_class, request))
    return export_response(
        request=request,
        list_name=list_name,
        headers=headers,
        rows=rows,
        format=request.GET.get("format", "xlsx"),
    )


@role_required(COORDINATOR)
def call_export(request: HttpRequest) -> HttpResponse:
    return _export(request, CallList, _("Calls"), call_rows)


@role_required(COORDINATOR)
def visit_export(request: HttpRequest) -> HttpResponse:
    return _export(request, VisitList, _("Visits"), visit_rows)


@role_required(COORDINATOR)
def proposal_export(request: HttpRequest) -> HttpResponse:
    return _export(request, ProposalList, _("Proposals"), proposal_rows)
