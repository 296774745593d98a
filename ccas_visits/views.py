"""The site's own pages, which belong to no app."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from ccas_visits.lib.permissions import COORDINATOR, MANAGER, VOLUNTEER, role_of


def home(request: HttpRequest) -> HttpResponse:
    """Send each role to its own home page."""
    role = role_of(request.user)
    if role == COORDINATOR:
        return redirect("dashboard")
    if role == VOLUNTEER:
        return redirect("visits:my_seniors")
    if role == MANAGER:
        return redirect("manager_home")
    return render(request, "no_role.html", status=403)
