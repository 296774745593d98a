"""The volunteer pair's pages on the shared tablet: their seniors, logging calls and visits."""

from django.db.models import Max
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from seniors.models import Senior
from volunteers.roles import VOLUNTEER, role_required


@role_required(VOLUNTEER)
def my_seniors(request: HttpRequest) -> HttpResponse:
    seniors = (
        Senior.objects.visible_to(request.user)
        .annotate(last_call=Max("calls__called_at"), last_visit=Max("visits__visited_at"))
        .order_by("last_name", "first_name")
    )
    return render(request, "visits/my_seniors.html", {"seniors": seniors})
