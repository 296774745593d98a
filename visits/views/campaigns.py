"""Heatwave and cold-weather call campaigns: opening one, working its lists, closing it."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Exists, F, OuterRef, Q
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ccas_visits.lib.db import person_order, search
from ccas_visits.lib.lists import ListPage
from ccas_visits.lib.permissions import COORDINATOR, RoleRequiredMixin, role_required
from seniors.models import Senior
from visits import services
from visits.forms.coordination import (
    CampaignAddForm,
    CampaignCallForm,
    CampaignMoveForm,
    CampaignOpenForm,
)
from visits.models import (
    Campaign,
    CampaignEntry,
)

PAGE_SIZE = 50


class CampaignList(RoleRequiredMixin, ListPage):
    roles = (COORDINATOR,)
    paginate_by = PAGE_SIZE
    template_name = "visits/coordination/campaign_list.html"
    context_object_name = "campaigns"

    def get_queryset(self):
        return Campaign.objects.annotate(
            total=Count("entries"),
            to_call=Count("entries", filter=Q(entries__state=CampaignEntry.State.TO_CALL)),
        ).order_by(F("closed_at").desc(nulls_first=True), "-opened_at")


@role_required(COORDINATOR)
def campaign_create(request: HttpRequest) -> HttpResponse:
    form = CampaignOpenForm(request.POST or None)
    if form.is_valid():
        data = form.cleaned_data
        campaign = services.open_campaign(
            name=data["name"],
            kind=data["kind"],
            seniors=list(data["seniors"]),
            by=request.user,
            spread_unpaired=data["spread_unpaired"],
        )
        messages.success(request, _("The campaign is open: the call lists are ready."))
        return redirect("visits:campaign_detail", pk=campaign.pk)
    return render(request, "visits/coordination/campaign_form.html", {"form": form})


def campaign_progress(campaign: Campaign) -> dict[str, int]:
    """Counts per state, in one aggregate query."""
    states = CampaignEntry.State
    return campaign.entries.aggregate(
        total=Count("id"), **{state.value: Count("id", filter=Q(state=state)) for state in states}
    )


def _call_lists(entries: Iterable[CampaignEntry]) -> list[dict]:
    """Group the (already loaded) entries into one call list per pair, staff list last."""
    lists: dict[int | None, dict] = {}
    for entry in entries:
        group = lists.setdefault(entry.pair_id, {"pair": entry.pair, "entries": [], "to_call": 0})
        group["entries"].append(entry)
        group["to_call"] += entry.state == CampaignEntry.State.TO_CALL
    return list(lists.values())


@role_required(COORDINATOR)
def campaign_detail(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = get_object_or_404(Campaign, pk=pk)
    entries = campaign.entries.select_related("senior", "pair__volunteer_a", "pair__volunteer_b").order_by(
        F("pair__number").asc(nulls_last=True), *person_order("senior__")
    )
    context = {
        "campaign": campaign,
        "lists": _call_lists(entries),
        "progress": campaign_progress(campaign),
    }
    return render(request, "visits/coordination/campaign_detail.html", context)


@role_required(COORDINATOR)
def campaign_counts(request: HttpRequest, pk: int) -> HttpResponse:
    """The live counts, polled by the campaign page."""
    campaign = get_object_or_404(Campaign, pk=pk)
    context = {"campaign": campaign, "progress": campaign_progress(campaign)}
    return render(request, "visits/coordination/_campaign_counts.html", context)


@role_required(COORDINATOR)
def campaign_entry_call(request: HttpRequest, pk: int) -> HttpResponse:
    entry = get_object_or_404(
        CampaignEntry.objects.select_related("campaign", "senior", "pair__volunteer_a", "pair__volunteer_b"),
        pk=pk,
    )
    form = CampaignCallForm(request.POST or None)
    if form.is_valid():
        try:
            data = form.cleaned_data
            call = services.record_campaign_call(
                entry,
                by=request.user,
                state=data["state"],
                note=data["note"],
                duration_minutes=data["duration_minutes"],
                alert=form.alert_input(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            done = _("The call to %(senior)s was recorded.") % {"senior": entry.senior}
            if call.alerts.exists():
                done = f"{done} {_('The urgent alert was raised; the coordinators were told.')}"
            messages.success(request, done)
            url = reverse("visits:campaign_detail", args=[entry.campaign_id])
            return HttpResponseRedirect(f"{url}#list-{entry.pair_id or 'staff'}")
    context = {"entry": entry, "form": form, "move_form": CampaignMoveForm(initial={"pair": entry.pair_id})}
    return render(request, "visits/coordination/campaign_call.html", context)


@require_POST
@role_required(COORDINATOR)
def campaign_close(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = get_object_or_404(Campaign, pk=pk)
    services.close_campaign(campaign, by=request.user)
    messages.success(request, _("The campaign is closed."))
    return redirect("visits:campaign_detail", pk=campaign.pk)


@role_required(COORDINATOR)
def campaign_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Find a senior by name and put them on the open campaign's lists."""
    campaign = get_object_or_404(Campaign, pk=pk)
    if request.method == "POST":
        form = CampaignAddForm(request.POST, user=request.user)
        try:
            if not form.is_valid():
                raise ValidationError(form.errors["senior"])
            entry = services.add_to_campaign(campaign, senior=form.cleaned_data["senior"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            listed = {"senior": entry.senior, "list": entry.pair or _("CCAS staff")}
            messages.success(request, _("%(senior)s was added to the call list of %(list)s.") % listed)
            url = reverse("visits:campaign_detail", args=[campaign.pk])
            return HttpResponseRedirect(f"{url}#list-{entry.pair_id or 'staff'}")
    term = request.GET.get("q", "").strip()
    found = search(
        Senior.objects.visible_to(request.user).open().filter(anonymised_at__isnull=True),
        term,
        ["last_name", "first_name"],
    ).annotate(listed=Exists(campaign.entries.filter(senior=OuterRef("pk"))))
    context = {"campaign": campaign, "term": term, "seniors": found[:20] if term else []}
    return render(request, "visits/coordination/campaign_add.html", context)


@require_POST
@role_required(COORDINATOR)
def campaign_entry_move(request: HttpRequest, pk: int) -> HttpResponse:
    entry = get_object_or_404(CampaignEntry.objects.select_related("campaign", "senior"), pk=pk)
    form = CampaignMoveForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(form.errors["pair"])
        services.move_campaign_entry(entry, pair=form.cleaned_data["pair"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("visits:campaign_entry_call", pk=entry.pk)
    listed = {"senior": entry.senior, "list": entry.pair or _("CCAS staff")}
    messages.success(request, _("%(senior)s is now on the call list of %(list)s.") % listed)
    url = reverse("visits:campaign_detail", args=[entry.campaign_id])
    return HttpResponseRedirect(f"{url}#list-{entry.pair_id or 'staff'}")
