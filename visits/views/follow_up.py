"""Coordinators' follow-up queues: seniors overdue for a contact, pairs gone quiet, and the
urgent alerts to handle."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import BooleanField, ExpressionWrapper, F, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import ListView
from django_filters.views import FilterView

from seniors.models import Senior
from visits import services
from visits.filters import AlertFilter
from visits.forms.coordination import (
    AlertHandlingForm,
)
from visits.models import (
    Alert,
)
from visits.queries import overdue_seniors, silent_pairs
from volunteers.roles import COORDINATOR, RoleRequiredMixin, role_required

PAGE_SIZE = 50


class OverdueContacts(RoleRequiredMixin, ListView):
    roles = (COORDINATOR,)
    paginate_by = PAGE_SIZE
    template_name = "visits/coordination/overdue_list.html"
    context_object_name = "seniors"

    def get_queryset(self):
        return (
            overdue_seniors()
            .filter(pk__in=Senior.objects.visible_to(self.request.user))
            .select_related("pair__volunteer_a", "pair__volunteer_b")
        )


class SilentPairs(RoleRequiredMixin, ListView):
    roles = (COORDINATOR,)
    paginate_by = PAGE_SIZE
    template_name = "visits/coordination/silent_pairs.html"
    context_object_name = "pairs"

    def get_queryset(self):
        return silent_pairs()


class AlertList(RoleRequiredMixin, FilterView):
    roles = (COORDINATOR,)
    filterset_class = AlertFilter
    paginate_by = PAGE_SIZE
    template_name = "visits/coordination/alert_list.html"

    def get_queryset(self):
        # Open alerts first, the nearest deadline on top; then the latest handled.
        return (
            Alert.objects.filter(senior__in=Senior.objects.visible_to(self.request.user))
            .select_related("senior", "raised_by", "handled_by")
            .annotate(
                is_overdue=ExpressionWrapper(
                    Q(handled_at__isnull=True, due_at__lt=timezone.now()), BooleanField()
                )
            )
            .order_by(F("handled_at").desc(nulls_first=True), "due_at")
        )


@role_required(COORDINATOR)
def alert_detail(request: HttpRequest, pk: int) -> HttpResponse:
    alert = get_object_or_404(
        Alert.objects.filter(senior__in=Senior.objects.visible_to(request.user)).select_related(
            "senior", "visit", "raised_by", "handled_by"
        ),
        pk=pk,
    )
    form = AlertHandlingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.handle_alert(alert, by=request.user, outcome=form.cleaned_data["outcome"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The alert is closed."))
            return redirect("visits:alert_list")
    return render(request, "visits/coordination/alert_detail.html", {"alert": alert, "form": form})
