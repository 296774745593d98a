"""Coordinators' follow-up queues: seniors overdue for a contact, pairs gone quiet, the
urgent alerts to handle, and the needs noted at visits to follow to their end."""

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
    NeedAnswerForm,
)
from visits.indicators import overdue_seniors
from visits.models import (
    Alert,
)
from visits.needs import answer_need, needs_to_follow
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
            "senior", "visit", "call__campaign", "raised_by", "handled_by"
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


class NeedsToFollow(RoleRequiredMixin, ListPage):
    roles = (COORDINATOR,)
    paginate_by = PAGE_SIZE
    template_name = "visits/coordination/need_list.html"
    context_object_name = "needs"

    def get_queryset(self):
        return needs_to_follow(self.request.user)


@role_required(COORDINATOR)
def need_answer(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark a need answered, with the orientation made; back to where the coordinator came from."""
    need = get_object_or_404(needs_to_follow(request.user), pk=pk)
    form = NeedAnswerForm(request.POST or None, need=need)
    if request.method == "POST" and form.is_valid():
        try:
            answer_need(need, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("The need “%(kind)s” of %(senior)s is answered.")
                % {"kind": need.get_kind_display(), "senior": need.senior.full_name},
            )
            if need.visit_id:
                return redirect("visits:visit_detail", pk=need.visit_id)
            return redirect("visits:need_list")
    return render(request, "visits/coordination/need_answer.html", {"need": need, "form": form})
