"""Coordinators' actions on the vulnerability register from a senior's page: the register
entry (request, acknowledgement, objection, leaving) and the approach that brings someone
on the register into the programme."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from ccas_visits.lib.permissions import COORDINATOR, role_required
from seniors.forms import ApproachForm, RegisterEntryForm
from seniors.models import RegisterEntry, Senior
from seniors.services import approach_senior, save_register_entry


def _get_senior(request: HttpRequest, pk: int) -> Senior:
    return get_object_or_404(
        Senior.objects.visible_to(request.user).filter(anonymised_at__isnull=True), pk=pk
    )


@role_required(COORDINATOR)
def senior_register(request: HttpRequest, pk: int) -> HttpResponse:
    senior = _get_senior(request, pk)
    entry = RegisterEntry.objects.filter(senior=senior).first() or RegisterEntry(senior=senior)
    form = RegisterEntryForm(request.POST or None, instance=entry)
    if request.method == "POST" and form.is_valid():
        try:
            save_register_entry(entry=form.save(commit=False), by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Register entry saved."))
            return redirect("seniors:senior_detail", pk=senior.pk)
    return render(request, "seniors/register_entry_form.html", {"senior": senior, "form": form})


@role_required(COORDINATOR)
def senior_approach(request: HttpRequest, pk: int) -> HttpResponse:
    """Record that someone only on the register was approached for visits."""
    senior = _get_senior(request, pk)
    form = ApproachForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            approach_senior(senior=senior, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Approach recorded: the file is in the programme."))
            return redirect("seniors:senior_detail", pk=senior.pk)
    return render(request, "seniors/approach_form.html", {"senior": senior, "form": form})
