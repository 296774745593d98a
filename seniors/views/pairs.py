"""Ending a pair: the form asks where each of its seniors goes (seniors.services.end_pair)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from ccas_visits.lib.db import person_order
from ccas_visits.lib.permissions import COORDINATOR, role_required
from seniors.forms import PairEndForm
from seniors.models import Senior
from seniors.services import end_pair
from volunteers.models import Pair


@role_required(COORDINATOR)
def pair_end(request: HttpRequest, pk: int) -> HttpResponse:
    """End a pair; the form asks where each of its seniors goes."""
    pair = get_object_or_404(Pair.objects.visible_to(request.user).with_members(), pk=pk)
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
    return render(request, "seniors/pair_end_form.html", {"pair": pair, "form": form})
