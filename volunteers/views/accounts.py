"""Coordinators manage user accounts: create one for a volunteer, deactivate, unlock."""

from axes.models import AccessAttempt
from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ccas_visits.lib.permissions import COORDINATOR, ROLES, role_required
from ccas_visits.lib.sessions import close_sessions_of
from volunteers.forms import AccountForm


@role_required(COORDINATOR)
def account_list(request: HttpRequest) -> HttpResponse:
    users = (
        User.objects.filter(groups__name__in=ROLES)
        .select_related("volunteer")
        .prefetch_related("groups")
        .order_by("-is_active", "last_name", "username")
        .distinct()
    )
    locked = set(
        AccessAttempt.objects.filter(failures_since_start__gte=settings.AXES_FAILURE_LIMIT).values_list(
            "username", flat=True
        )
    )
    rows = [(user, user.groups.all()[0].name, user.username in locked) for user in users]
    return render(request, "volunteers/account_list.html", {"rows": rows})


@role_required(COORDINATOR)
def account_create(request: HttpRequest) -> HttpResponse:
    form = AccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        messages.success(request, _("Account “%(username)s” created.") % {"username": user.username})
        return redirect("volunteers:account_list")
    return render(request, "volunteers/account_form.html", {"form": form})


@require_POST
@role_required(COORDINATOR)
def account_toggle_active(request: HttpRequest, pk: int) -> HttpResponse:
    user = get_object_or_404(User.objects.filter(groups__name__in=ROLES).distinct(), pk=pk)
    if user == request.user:
        messages.error(request, _("You cannot deactivate your own account."))
        return redirect("volunteers:account_list")
    user.is_active = not user.is_active
    user.save(update_fields=["is_active"])
    if not user.is_active:
        close_sessions_of(user)  # every open session ends now, not at its next request
        messages.success(request, _("Account “%(username)s” deactivated.") % {"username": user.username})
    else:
        messages.success(request, _("Account “%(username)s” reactivated.") % {"username": user.username})
    return redirect("volunteers:account_list")


@require_POST
@role_required(COORDINATOR)
def account_unlock(request: HttpRequest, pk: int) -> HttpResponse:
    user = get_object_or_404(User.objects.filter(groups__name__in=ROLES).distinct(), pk=pk)
    axes_reset(username=user.username)
    messages.success(request, _("Account “%(username)s” unlocked.") % {"username": user.username})
    return redirect("volunteers:account_list")
