"""Coordinators' pages on volunteers: list, create, edit, detail, status, charter."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import CreateView, UpdateView

from ccas_visits.lib.concurrency import EditConflict
from ccas_visits.lib.history import recent_changes, requested_page
from ccas_visits.lib.lists import FilteredListView
from ccas_visits.lib.permissions import COORDINATOR, RoleRequiredMixin, role_required
from volunteers.filters import VolunteerFilter, volunteer_list
from volunteers.forms import CharterSignatureForm, VolunteerForm, VolunteerStatusForm
from volunteers.models import Meeting, Pair, Volunteer, current_charter
from volunteers.services import change_volunteer_status, update_volunteer

PAGE_SIZE = 25


class VolunteerList(RoleRequiredMixin, FilteredListView):
    roles = (COORDINATOR,)
    paginate_by = PAGE_SIZE
    template_name = "volunteers/volunteer_list.html"
    partial_template_name = "volunteers/_volunteer_table.html"

    def get_filterset(self) -> VolunteerFilter:
        return volunteer_list(self.request.GET, user=self.request.user)


class VolunteerCreateView(RoleRequiredMixin, CreateView):
    roles = (COORDINATOR,)
    model = Volunteer
    form_class = VolunteerForm
    template_name = "volunteers/volunteer_form.html"

    def get_success_url(self) -> str:
        messages.success(self.request, _("Volunteer saved."))
        return reverse("volunteers:volunteer_detail", args=[self.object.pk])


class VolunteerUpdateView(VolunteerCreateView, UpdateView):
    def get_queryset(self):
        return Volunteer.objects.visible_to(self.request.user)

    def form_valid(self, form: VolunteerForm) -> HttpResponse:
        try:
            self.object = update_volunteer(form)
        except EditConflict as conflict:
            form.refuse(conflict)
            return self.form_invalid(form)
        return HttpResponseRedirect(self.get_success_url())


def _get_volunteer(request: HttpRequest, pk: int) -> Volunteer:
    return get_object_or_404(Volunteer.objects.visible_to(request.user), pk=pk)


@role_required(COORDINATOR)
def volunteer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    volunteer = _get_volunteer(request, pk)
    pairs = Pair.objects.filter(Q(volunteer_a=volunteer) | Q(volunteer_b=volunteer)).with_members()
    pairs = pairs.annotate(
        open_seniors=Count("seniors", filter=~Q(seniors__status="closed"), distinct=True)
    ).order_by("-started_on")
    context = {
        "volunteer": volunteer,
        "signatures": volunteer.charter_signatures.select_related("version"),
        "meetings": Meeting.objects.filter(attendances__volunteer=volunteer).order_by("-held_on"),
        "meeting_kinds": Meeting.Kind,
        "pairs": pairs,
        "status_changes": volunteer.status_changes.all()[:20],
        "steps": volunteer.onboarding_steps(),
        "current_charter": current_charter(),
        "onboarding_problems": volunteer.onboarding_problems(),
        "visits_present_count": volunteer.visits.count(),
        "charter_form": CharterSignatureForm(volunteer=volunteer),
        "certificates": volunteer.certificates.all(),
        "certificate_request": volunteer.certificate_requests.open().first(),
        "history": recent_changes(volunteer, requested_page(request)),
    }
    return render(request, "volunteers/volunteer_detail.html", context)


@role_required(COORDINATOR)
def volunteer_status(request: HttpRequest, pk: int) -> HttpResponse:
    """Pause, end or reactivate a volunteer: always with a reason."""
    volunteer = _get_volunteer(request, pk)
    form = VolunteerStatusForm(request.POST or None, volunteer=volunteer)
    if request.method == "POST" and form.is_valid():
        change_volunteer_status(
            volunteer,
            form.cleaned_data["status"],
            reason=form.cleaned_data["reason"],
            by=request.user,
            on=form.cleaned_data["changed_on"],
        )
        messages.success(request, _("Status changed."))
        return redirect("volunteers:volunteer_detail", pk=volunteer.pk)
    return render(request, "volunteers/volunteer_status_form.html", {"volunteer": volunteer, "form": form})


@role_required(COORDINATOR)
def charter_sign(request: HttpRequest, pk: int) -> HttpResponse:
    volunteer = _get_volunteer(request, pk)
    form = CharterSignatureForm(request.POST or None, volunteer=volunteer)
    if request.method == "POST" and form.is_valid():
        form.instance.volunteer = volunteer
        form.save()
        messages.success(request, _("Charter signature recorded."))
        return redirect("volunteers:volunteer_detail", pk=volunteer.pk)
    return render(request, "volunteers/charter_form.html", {"volunteer": volunteer, "form": form})
