from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from reports.figures import headline_figures
from reports.periods import Period
from seniors.models import Senior
from visits.models import Alert
from volunteers.roles import COORDINATOR, MANAGER, VOLUNTEER, role_of, role_required


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


@role_required(COORDINATOR)
def dashboard(request: HttpRequest) -> HttpResponse:
    period = Period.half_year_of(timezone.localdate())
    context = {
        "period": period,
        "figures": headline_figures(period),
        "waiting_for_pair": Senior.objects.waiting_for_pair().count(),
        "open_alerts": Alert.objects.filter(handled_at__isnull=True).select_related("senior")[:10],
    }
    return render(request, "reports/dashboard.html", context)
