"""Coordinators' pages on meetings, trainings and practice-analysis sessions."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import CreateView, UpdateView

from ccas_visits.lib.db import person_order
from ccas_visits.lib.lists import FilteredListView
from ccas_visits.lib.permissions import COORDINATOR, RoleRequiredMixin, role_required
from volunteers.filters import MeetingFilter, meeting_list
from volunteers.forms import AttendanceForm, MeetingForm
from volunteers.models import Meeting
from volunteers.services import record_attendance

PAGE_SIZE = 25


class MeetingList(RoleRequiredMixin, FilteredListView):
    roles = (COORDINATOR,)
    paginate_by = PAGE_SIZE
    template_name = "volunteers/meeting_list.html"

    def get_filterset(self) -> MeetingFilter:
        return meeting_list(self.request.GET)


class MeetingCreateView(RoleRequiredMixin, CreateView):
    roles = (COORDINATOR,)
    model = Meeting
    form_class = MeetingForm
    template_name = "volunteers/meeting_form.html"

    def get_success_url(self) -> str:
        messages.success(self.request, _("Meeting saved."))
        return reverse("volunteers:meeting_detail", args=[self.object.pk])


class MeetingUpdateView(MeetingCreateView, UpdateView):
    pass


@role_required(COORDINATOR)
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting, pk=pk)
    context = {
        "meeting": meeting,
        "form": AttendanceForm(meeting=meeting),
        "attendees": meeting.attendees.order_by(*person_order()),
    }
    return render(request, "volunteers/meeting_detail.html", context)


@role_required(COORDINATOR)
@require_POST
def meeting_attendance(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting, pk=pk)
    form = AttendanceForm(request.POST, meeting=meeting)
    if not form.is_valid():
        context = {"meeting": meeting, "form": form, "attendees": meeting.attendees.all()}
        return render(request, "volunteers/meeting_detail.html", context, status=400)
    record_attendance(meeting=meeting, volunteers=list(form.cleaned_data["volunteers"]))
    messages.success(request, _("Attendance recorded."))
    return redirect("volunteers:meeting_detail", pk=meeting.pk)
