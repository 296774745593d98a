"""Coordinators' pages on pairs: list, form one, its caseload, end it."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from ccas_visits.lib.db import person_order
from ccas_visits.lib.history import recent_changes, requested_page
from ccas_visits.lib.lists import FilteredListView
from ccas_visits.lib.permissions import COORDINATOR, RoleRequiredMixin, role_required
from seniors.filters import next_planned_contact, with_last_contact
from seniors.forms import PairEndForm
from seniors.models import Senior
from seniors.services import end_pair
from volunteers.filters import PairFilter, pair_list
from volunteers.forms import PairForm, PairReplaceForm
from volunteers.models import Pair
from volunteers.services import form_pair, replace_member

PAGE_SIZE = 25


class PairList(RoleRequiredMixin, FilteredListView):
    roles = (COORDINATOR,)
    paginate_by = PAGE_SIZE
    template_name = "volunteers/pair_list.html"

    def get_filterset(self) -> PairFilter:
        return pair_list(self.request.GET, user=self.request.user)


@role_required(COORDINATOR)
def pair_create(request: HttpRequest) -> HttpResponse:
    form = PairForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            pair = form_pair(
                volunteer_a=form.cleaned_data["volunteer_a"],
                volunteer_b=form.cleaned_data["volunteer_b"],
                started_on=form.cleaned_data["started_on"],
                name=form.cleaned_data["name"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Pair formed."))
            return redirect("volunteers:pair_detail", pk=pair.pk)
    return render(request, "volunteers/pair_form.html", {"form": form})


def _get_pair(request: HttpRequest, pk: int) -> Pair:
    return get_object_or_404(Pair.objects.visible_to(request.user).with_members(), pk=pk)


def _caseload(pair: Pair) -> list[Senior]:
    seniors = list(
        with_last_contact(
            Senior.objects.filter(pair=pair).select_related("neighbourhood"), timezone.localdate()
        ).order_by(*person_order())
    )
    for senior in seniors:
        senior.next_planned = next_planned_contact(senior)
    return seniors


@role_required(COORDINATOR)
def pair_detail(request: HttpRequest, pk: int) -> HttpResponse:
    pair = _get_pair(request, pk)
    context = {
        "pair": pair,
        "memberships": pair.memberships.select_related("volunteer", "changed_by").order_by(
            "started_on", "id"
        ),
        "seniors": _caseload(pair),
        "past_assignments": pair.assignments.filter(ended_on__isnull=False).select_related("senior")[:50],
        "history": recent_changes(pair, requested_page(request)),
    }
    return render(request, "volunteers/pair_detail.html", context)


@role_required(COORDINATOR)
def pair_replace_member(request: HttpRequest, pk: int) -> HttpResponse:
    """Replace one member: the pair keeps its seniors and its history."""
    pair = _get_pair(request, pk)
    if pair.ended_on is not None:
        messages.error(request, _("This pair has already ended."))
        return redirect("volunteers:pair_detail", pk=pair.pk)
    form = PairReplaceForm(request.POST or None, pair=pair)
    if request.method == "POST" and form.is_valid():
        try:
            replace_member(
                pair=pair,
                outgoing=form.cleaned_data["outgoing"],
                incoming=form.cleaned_data["incoming"],
                on=form.cleaned_data["on"],
                reason=form.cleaned_data["reason"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The pair's member has been replaced."))
            return redirect("volunteers:pair_detail", pk=pair.pk)
    return render(request, "volunteers/pair_replace_form.html", {"pair": pair, "form": form})


@role_required(COORDINATOR)
def pair_end(request: HttpRequest, pk: int) -> HttpResponse:
    """End a pair; the form asks where each of its seniors goes."""
    pair = _get_pair(request, pk)
    if pair.ended_on is not None:
        messages.error(request, _("This pair has already ended."))
        return redirect("volunteers:pair_detail", pk=pair.pk)
    seniors = list(Senior.objects.filter(pair=pair).order_by(*person_order()))
    form = PairEndForm(request.POST or None, pair=pair, seniors=seniors)
    if request.method == "POST" and form.is_valid():
        try:
            end_pair(
                pair=pair,
                ended_on=form.cleaned_data["ended_on"],
                reason=form.cleaned_data["reason"],
                destinations=form.destinations(),
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The pair has ended."))
            return redirect("volunteers:pair_detail", pk=pair.pk)
    return render(request, "volunteers/pair_end_form.html", {"pair": pair, "form": form})
