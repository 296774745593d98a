"""Coordinators' pages on pairs: list, form one, its caseload, end it."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from ccas_visits.audit import recent_changes
from ccas_visits.lib.permissions import COORDINATOR, role_required
from seniors.filters import next_planned_contact, with_last_contact
from seniors.forms import PairEndForm
from seniors.models import Senior
from seniors.services import end_pair
from volunteers.forms import PairForm
from volunteers.models import Pair
from volunteers.services import form_pair

PAGE_SIZE = 25


def pair_list_queryset(data, *, user) -> QuerySet:
    """The pairs list as the page shows it (and as its export must reproduce it)."""
    show_ended = data.get("ended") == "1"
    pairs = Pair.objects.visible_to(user).with_members()
    pairs = pairs.filter(ended_on__isnull=False) if show_ended else pairs.filter(ended_on__isnull=True)
    return pairs.annotate(
        open_seniors=Count("seniors", filter=~Q(seniors__status=Senior.Status.CLOSED))
    ).order_by("name", "id")


@role_required(COORDINATOR)
def pair_list(request: HttpRequest) -> HttpResponse:
    show_ended = request.GET.get("ended") == "1"
    pairs = pair_list_queryset(request.GET, user=request.user)
    page = Paginator(pairs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "volunteers/pair_list.html", {"page": page, "show_ended": show_ended})


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
        with_last_contact(Senior.objects.filter(pair=pair).select_related("neighbourhood")).order_by(
            "last_name", "first_name"
        )
    )
    for senior in seniors:
        senior.next_planned = next_planned_contact(senior)
    return seniors


@role_required(COORDINATOR)
def pair_detail(request: HttpRequest, pk: int) -> HttpResponse:
    pair = _get_pair(request, pk)
    context = {
        "pair": pair,
        "seniors": _caseload(pair),
        "past_assignments": pair.assignments.filter(ended_on__isnull=False).select_related("senior")[:50],
        "audit_changes": recent_changes(pair),
    }
    return render(request, "volunteers/pair_detail.html", context)


@role_required(COORDINATOR)
def pair_end(request: HttpRequest, pk: int) -> HttpResponse:
    """End a pair; the form asks where each of its seniors goes."""
    pair = _get_pair(request, pk)
    if pair.ended_on is not None:
        messages.error(request, _("This pair has already ended."))
        return redirect("volunteers:pair_detail", pk=pair.pk)
    seniors = list(Senior.objects.filter(pair=pair).order_by("last_name", "first_name"))
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
