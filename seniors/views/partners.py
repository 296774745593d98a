"""Coordinators' pages on partners and the referrals they send (the intake queue)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import CreateView, UpdateView

from ccas_visits.lib.db import person_order
from ccas_visits.lib.lists import ListPage
from ccas_visits.lib.permissions import COORDINATOR, RoleRequiredMixin, role_required
from seniors.forms import PartnerForm, ReferralForm, ReferralRejectForm
from seniors.models import Partner, Referral
from seniors.services import reject_referral

PAGE_SIZE = 25


class PartnerList(RoleRequiredMixin, ListPage):
    roles = (COORDINATOR,)
    paginate_by = PAGE_SIZE
    template_name = "seniors/partner_list.html"

    def get_queryset(self) -> QuerySet:
        return Partner.objects.annotate(
            senior_count=Count("seniors", distinct=True),
            pending_count=Count(
                "referrals", filter=Q(referrals__status=Referral.Status.PENDING), distinct=True
            ),
        ).order_by("-is_active", "name")


class PartnerCreateView(RoleRequiredMixin, CreateView):
    roles = (COORDINATOR,)
    model = Partner
    form_class = PartnerForm
    template_name = "seniors/partner_form.html"

    def get_success_url(self) -> str:
        messages.success(self.request, _("Partner saved."))
        return reverse("seniors:partner_detail", args=[self.object.pk])


class PartnerUpdateView(PartnerCreateView, UpdateView):
    pass


@role_required(COORDINATOR)
def partner_detail(request: HttpRequest, pk: int) -> HttpResponse:
    partner = get_object_or_404(Partner, pk=pk)
    context = {
        "partner": partner,
        "referrals": partner.referrals.select_related("senior")[:50],
        "seniors": partner.seniors.order_by(*person_order())[:50],
    }
    return render(request, "seniors/partner_detail.html", context)


@role_required(COORDINATOR)
def referral_create(request: HttpRequest, pk: int) -> HttpResponse:
    partner = get_object_or_404(Partner, pk=pk)
    form = ReferralForm(request.POST or None, instance=Referral(partner=partner))
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Referral recorded: it is in the intake queue."))
        return redirect("seniors:referral_list")
    return render(request, "seniors/referral_form.html", {"partner": partner, "form": form})


class ReferralList(RoleRequiredMixin, ListPage):
    """The intake queue: pending referrals first; triaged ones on demand (a tab per status)."""

    roles = (COORDINATOR,)
    paginate_by = PAGE_SIZE
    template_name = "seniors/referral_list.html"

    def get_queryset(self) -> QuerySet:
        self.status = self.request.GET.get("status", Referral.Status.PENDING)
        if self.status not in Referral.Status.values:
            self.status = Referral.Status.PENDING
        return (
            Referral.objects.filter(status=self.status)
            .select_related("partner", "senior")
            .order_by("received_on", "id")
        )

    def get_context_data(self, **kwargs) -> dict:
        return super().get_context_data(status=self.status, statuses=Referral.Status.choices, **kwargs)


@role_required(COORDINATOR)
def referral_reject(request: HttpRequest, pk: int) -> HttpResponse:
    referral = get_object_or_404(Referral.objects.select_related("partner"), pk=pk)
    form = ReferralRejectForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            reject_referral(referral=referral, note=form.cleaned_data["note"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Referral not taken up."))
            return redirect("seniors:referral_list")
    return render(request, "seniors/referral_reject_form.html", {"referral": referral, "form": form})
