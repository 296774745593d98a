"""The site's own pages, which belong to no app."""

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

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


@login_not_required
def admin_login(request: HttpRequest) -> HttpResponse:
    """The Django admin signs in through the application's login, then the second factor."""
    if not request.user.is_authenticated:
        return redirect(f"{reverse('login')}?{request.GET.urlencode()}")
    if not request.user.is_staff:
        raise PermissionDenied  # signed in, without the admin: no loop back to the login
    return redirect("admin:index")


@login_not_required
def accessibility(request: HttpRequest) -> HttpResponse:
    """The accessibility statement (RGAA), public: also for someone who cannot sign in."""
    context = {
        "contact_email": settings.ACCESSIBILITY_CONTACT_EMAIL,
        "statement_date": settings.ACCESSIBILITY_STATEMENT_DATE,
        "programme_name": settings.PROGRAMME_NAME,
    }
    return render(request, "accessibility.html", context)
