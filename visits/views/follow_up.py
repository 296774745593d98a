"""Coordinators' follow-up queues: seniors overdue for a contact, pairs gone quiet, and the
urgent alerts to handle."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from ccas_visits.lib.lists import FilteredListView, ListPage
from ccas_visits.lib.permissions import COORDINATOR, RoleRequiredMixin, role_required
from seniors.models import Senior
from visits import services
from visits.filters import AlertFilter, alert_list
from visits.forms.coordination import (
    AlertHandlingForm,
)
from visits.indicators import overdue_seniors
from visits.models import (
    Alert,
)
from visits.queries import silent_pairs

PAGE_SIZE = 50


class OverdueContacts(RoleRequiredMixin, ListPage):
    roles = (COORDINATOR,)
    paginate_by = PAGE_SIZE
    template_name = "visits/coordination/overdue_list.html"
    context_object_name = "seniors"

    def get_queryset(self):
        return (
            overdue_seniors(timezone.localdate())
            .filter(pk__in=Senior.objects.visible_to(self.request.user))
            .select_related("pair__volunteer_a", "pair__volunteer_b")
        )

    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        for senior in context["seniors"]:
            senior.overdue_days = (today - senior.due_on).days
        return context


class SilentPairs(RoleRequiredMixin, ListPage):
    roles = (COORDINATOR,)
    paginate_by = PAGE_SIZE
    template_name = "visits/coordination/silent_pairs.html"
    context_object_name = "pairs"

    def get_queryset(self):
        return silent_pairs()


class AlertList(RoleRequiredMixin, FilteredListView):
    roles = (COORDINATOR,)
    paginate_by = PAGE_SIZE
    template_name = "visits/coordination/alert_list.html"

    def get_filterset(self) -> AlertFilter:
        return alert_list(self.request.GET, user=self.request.user)


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
