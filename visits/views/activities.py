"""Coordinators' pages on activities, their sessions, and the proposals made to seniors."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.generic import CreateView, DetailView, UpdateView

from ccas_visits.lib.db import person_order
from ccas_visits.lib.lists import FilteredListView, ListPage
from ccas_visits.lib.permissions import COORDINATOR, RoleRequiredMixin, role_required
from visits import services
from visits.filters import ProposalFilter, proposal_list
from visits.forms.coordination import (
    ActivityForm,
    ActivitySessionForm,
    ProposalForm,
)
from visits.models import (
    Activity,
    ActivitySession,
    Proposal,
)

PAGE_SIZE = 50


class ActivityList(RoleRequiredMixin, ListPage):
    roles = (COORDINATOR,)
    paginate_by = PAGE_SIZE
    template_name = "visits/coordination/activity_list.html"
    context_object_name = "activities"

    def get_queryset(self):
        return Activity.objects.annotate(
            session_count=Count("sessions", distinct=True),
            proposal_count=Count("proposals", distinct=True),
        ).order_by("-is_active", "name")


class ActivityCreate(RoleRequiredMixin, CreateView):
    roles = (COORDINATOR,)
    model = Activity
    form_class = ActivityForm
    template_name = "visits/coordination/simple_form.html"
    extra_context = {"title": gettext_lazy("New activity")}

    def get_success_url(self) -> str:
        return reverse("visits:activity_detail", args=[self.object.pk])


class ActivityUpdate(ActivityCreate, UpdateView):
    extra_context = {"title": gettext_lazy("Edit the activity")}


class ActivityDetail(RoleRequiredMixin, DetailView):
    roles = (COORDINATOR,)
    model = Activity
    template_name = "visits/coordination/activity_detail.html"

    def get_context_data(self, **kwargs) -> dict:
        sessions = self.object.sessions.annotate(
            accepted=Count("proposals", filter=Q(proposals__answer=Proposal.Answer.ACCEPTED)),
            came=Count("proposals", filter=Q(proposals__attended=True)),
        )
        proposals = self.object.proposals.select_related("senior", "session").order_by("-proposed_on")[:100]
        return super().get_context_data(sessions=sessions, proposals=proposals, **kwargs)


class SessionCreate(RoleRequiredMixin, CreateView):
    roles = (COORDINATOR,)
    model = ActivitySession
    form_class = ActivitySessionForm
    template_name = "visits/coordination/simple_form.html"
    extra_context = {"title": gettext_lazy("New session")}

    def get(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        get_object_or_404(Activity, pk=self.kwargs["pk"])
        return super().get(request, *args, **kwargs)

    def form_valid(self, form: ActivitySessionForm) -> HttpResponse:
        form.instance.activity = get_object_or_404(Activity, pk=self.kwargs["pk"])
        return super().form_valid(form)

    def get_success_url(self) -> str:
        return reverse("visits:session_detail", args=[self.object.pk])


class SessionUpdate(RoleRequiredMixin, UpdateView):
    roles = (COORDINATOR,)
    model = ActivitySession
    form_class = ActivitySessionForm
    template_name = "visits/coordination/simple_form.html"
    extra_context = {"title": gettext_lazy("Edit the session")}

    def get_success_url(self) -> str:
        return reverse("visits:session_detail", args=[self.object.pk])


@role_required(COORDINATOR)
def session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_object_or_404(ActivitySession.objects.select_related("activity"), pk=pk)
    # Accepted proposals for this session, and those accepted for the activity without a date yet.
    proposals = (
        Proposal.objects.filter(activity=session.activity, answer=Proposal.Answer.ACCEPTED)
        .filter(Q(session=session) | Q(session__isnull=True))
        .select_related("senior")
        .order_by(*person_order("senior__"))
    )
    return render(
        request, "visits/coordination/session_detail.html", {"session": session, "proposals": proposals}
    )


@role_required(COORDINATOR)
def proposal_create(request: HttpRequest, pk: int) -> HttpResponse:
    activity = get_object_or_404(Activity, pk=pk)
    form = ProposalForm(request.POST or None, activity=activity)
    if form.is_valid():
        form.save()
        messages.success(request, _("The proposal was recorded."))
        return redirect("visits:activity_detail", pk=activity.pk)
    context = {"form": form, "title": _("Propose “%(activity)s”") % {"activity": activity}}
    return render(request, "visits/coordination/simple_form.html", context)


@require_POST
@role_required(COORDINATOR)
def proposal_attendance(request: HttpRequest, pk: int, session_pk: int) -> HttpResponse:
    session = get_object_or_404(ActivitySession, pk=session_pk)
    proposal = get_object_or_404(
        Proposal.objects.select_related("senior").filter(activity=session.activity), pk=pk
    )
    came = request.POST.get("came") == "yes"
    services.record_attendance(proposal, session=session, came=came)
    if request.htmx:
        context = {"proposal": proposal, "session": session}
        return render(request, "visits/coordination/_attendance.html", context)
    return redirect("visits:session_detail", pk=session.pk)


class ProposalList(RoleRequiredMixin, FilteredListView):
    """Every activity proposal, filtered; the page coordinators export for the activity reviews."""

    roles = (COORDINATOR,)
    paginate_by = PAGE_SIZE
    template_name = "visits/coordination/proposal_list.html"

    def get_filterset(self) -> ProposalFilter:
        return proposal_list(self.request.GET, user=self.request.user)
