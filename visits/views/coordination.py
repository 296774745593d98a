"""Coordinators' pages on calls, visits, alerts, activities and campaigns.

Every record is fetched through `visible_to(user)` (or behind the coordinator role for
records without one), so an unknown id and a forbidden id both answer 404."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import BooleanField, Count, ExpressionWrapper, F, Q
from django.db.models.functions import Now
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.generic import CreateView, DetailView, ListView, UpdateView
from django_filters.views import FilterView

from ccas_visits.concurrency import EditConflict
from ccas_visits.db import search
from seniors.models import Senior
from visits import services
from visits.filters import AlertFilter, CallFilter, ProposalFilter, VisitFilter
from visits.forms.coordination import (
    ActivityForm,
    ActivitySessionForm,
    AlertHandlingForm,
    CallCorrectionForm,
    CallForm,
    CampaignCallForm,
    CampaignOpenForm,
    CorrectionReason,
    ProposalForm,
    ReplyForm,
    VisitCorrectionForm,
    VisitForm,
)
from visits.models import (
    UNREAD_REPORT,
    Activity,
    ActivitySession,
    Alert,
    Call,
    Campaign,
    CampaignEntry,
    Proposal,
    Visit,
)
from visits.queries import overdue_seniors, silent_pairs
from volunteers.roles import COORDINATOR, RoleRequiredMixin, role_required

PAGE_SIZE = 50


def _shown(record, name: str) -> str:
    """A historical value as a person reads it: choice labels, names, local dates."""
    field = record.instance_type._meta.get_field(name)
    value = getattr(record, field.attname)
    if value in (None, ""):
        return "—"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if field.is_relation:
        return str(getattr(record, name))
    if isinstance(value, datetime.datetime):
        return formats.localize(timezone.localtime(value))
    return formats.localize(value)


def describe_changes(record: Call | Visit) -> list[dict]:
    """The corrections made to a record, newest first: who, when, why, and each field's
    previous and new value (from django-simple-history)."""
    versions = list(record.history.select_related("history_user").order_by("history_date", "history_id"))
    described = []
    for previous, current in zip(versions, versions[1:], strict=False):
        delta = current.diff_against(previous)
        changes = [
            {
                "field": record._meta.get_field(change.field).verbose_name,
                "old": _shown(previous, change.field),
                "new": _shown(current, change.field),
            }
            for change in delta.changes
        ]
        if changes:
            described.append(
                {
                    "at": current.history_date,
                    "by": current.history_user,
                    "reason": current.history_change_reason,
                    "changes": changes,
                }
            )
    return described[::-1]


def _senior_of_request(request: HttpRequest) -> Senior | None:
    senior_id = request.GET.get("senior", "")
    if not senior_id:
        return None
    if not senior_id.isdigit():
        raise Http404
    return get_object_or_404(Senior.objects.visible_to(request.user).open(), pk=senior_id)


def _pick_senior(request: HttpRequest, title: str) -> HttpResponse:
    """Without `?senior=`, the coordinator first finds the senior by name."""
    term = request.GET.get("q", "").strip()
    found = search(Senior.objects.visible_to(request.user).open(), term, ["last_name", "first_name"])
    context = {"title": title, "term": term, "seniors": found[:20] if term else []}
    return render(request, "visits/coordination/pick_senior.html", context)


# --- Calls and visits -------------------------------------------------------------------------


@role_required(COORDINATOR)
def call_create(request: HttpRequest) -> HttpResponse:
    senior = _senior_of_request(request)
    if senior is None:
        return _pick_senior(request, _("Log a call"))
    form = CallForm(request.POST or None, senior=senior)
    if form.is_valid():
        try:
            call, _created = services.record_call(senior=senior, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The call was recorded."))
            return redirect("visits:call_detail", pk=call.pk)
    return render(request, "visits/coordination/contact_form.html", {"form": form, "senior": senior})


@role_required(COORDINATOR)
def visit_create(request: HttpRequest) -> HttpResponse:
    senior = _senior_of_request(request)
    if senior is None:
        return _pick_senior(request, _("Log a visit"))
    form = VisitForm(request.POST or None, senior=senior)
    if form.is_valid():
        data = form.cleaned_data
        visit_input = services.VisitInput(
            senior=senior,
            pair=data["pair"],
            visited_at=data["visited_at"],
            duration_minutes=data["duration_minutes"],
            kind=data["kind"],
            present=list(data["present"]),
            services=list(data["services"]),
            needs=[services.NeedInput(kind=kind) for kind in data["needs"]],
            note=data["note"],
            next_visit_on=data["next_visit_on"],
        )
        try:
            visit, _created = services.record_visit(visit_input, by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The visit was recorded."))
            return redirect("visits:visit_detail", pk=visit.pk)
    context = {"form": form, "senior": senior, "is_visit": True}
    return render(request, "visits/coordination/contact_form.html", context)


class CallList(RoleRequiredMixin, FilterView):
    roles = (COORDINATOR,)
    filterset_class = CallFilter
    paginate_by = PAGE_SIZE
    template_name = "visits/coordination/call_list.html"

    def get_queryset(self):
        return Call.objects.visible_to(self.request.user).select_related(
            "senior", "pair__volunteer_a", "pair__volunteer_b", "campaign"
        )


class VisitList(RoleRequiredMixin, FilterView):
    roles = (COORDINATOR,)
    filterset_class = VisitFilter
    paginate_by = PAGE_SIZE
    template_name = "visits/coordination/visit_list.html"

    def get_queryset(self):
        return Visit.objects.visible_to(self.request.user).select_related(
            "senior", "pair__volunteer_a", "pair__volunteer_b"
        )


@role_required(COORDINATOR)
def call_detail(request: HttpRequest, pk: int) -> HttpResponse:
    call = get_object_or_404(
        Call.objects.visible_to(request.user).select_related("senior", "pair", "campaign", "recorded_by"),
        pk=pk,
    )
    context = {"call": call, "changes": describe_changes(call)}
    return render(request, "visits/coordination/call_detail.html", context)


@role_required(COORDINATOR)
def visit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    visit = get_object_or_404(
        Visit.objects.visible_to(request.user).select_related("senior", "pair", "recorded_by", "read_by"),
        pk=pk,
    )
    context = {
        "visit": visit,
        "changes": describe_changes(visit),
        "reply_form": ReplyForm(initial={"reply": visit.reply}),
    }
    return render(request, "visits/coordination/visit_detail.html", context)


def _correct(request: HttpRequest, record: Call | Visit, form_class: type) -> HttpResponse:
    form = form_class(request.POST or None, instance=record)
    reason = CorrectionReason(request.POST or None)
    if form.is_valid() and reason.is_valid():
        changes = {name: value for name, value in form.cleaned_data.items() if name != "version"}
        try:
            changed = services.correct_record(
                record,
                by=request.user,
                changes=changes,
                reason=reason.cleaned_data["reason"],
                version=form.cleaned_data["version"],
            )
        except EditConflict as conflict:
            form.refuse(conflict)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if changed:
                messages.success(request, _("The correction was saved; the previous values are kept."))
            return redirect(f"visits:{record._meta.model_name}_detail", pk=record.pk)
    context = {"form": form, "reason_form": reason, "record": record}
    return render(request, "visits/coordination/correction_form.html", context)


@role_required(COORDINATOR)
def call_update(request: HttpRequest, pk: int) -> HttpResponse:
    call = get_object_or_404(Call.objects.visible_to(request.user).select_related("senior"), pk=pk)
    return _correct(request, call, CallCorrectionForm)


@role_required(COORDINATOR)
def visit_update(request: HttpRequest, pk: int) -> HttpResponse:
    visit = get_object_or_404(Visit.objects.visible_to(request.user).select_related("senior"), pk=pk)
    return _correct(request, visit, VisitCorrectionForm)


# --- Reports to read, replies -------------------------------------------------------------------


class UnreadReports(RoleRequiredMixin, ListView):
    roles = (COORDINATOR,)
    paginate_by = PAGE_SIZE
    template_name = "visits/coordination/report_list.html"
    context_object_name = "visits"

    def get_queryset(self):
        return (
            Visit.objects.visible_to(self.request.user)
            .filter(UNREAD_REPORT)
            .select_related("senior", "pair__volunteer_a", "pair__volunteer_b")
            .order_by("visited_at")
        )


@require_POST
@role_required(COORDINATOR)
def visit_mark_read(request: HttpRequest, pk: int) -> HttpResponse:
    visit = get_object_or_404(Visit.objects.visible_to(request.user), pk=pk)
    services.mark_visit_read(visit, by=request.user)
    if request.htmx:
        return render(request, "visits/coordination/_read_status.html", {"visit": visit})
    messages.success(request, _("The report is marked as read."))
    return redirect("visits:visit_detail", pk=visit.pk)


@require_POST
@role_required(COORDINATOR)
def visit_reply(request: HttpRequest, pk: int) -> HttpResponse:
    visit = get_object_or_404(
        Visit.objects.visible_to(request.user).select_related("senior", "pair", "recorded_by", "read_by"),
        pk=pk,
    )
    form = ReplyForm(request.POST)
    if not form.is_valid():
        context = {"visit": visit, "changes": describe_changes(visit), "reply_form": form}
        return render(request, "visits/coordination/visit_detail.html", context, status=400)
    services.reply_to_visit(visit, by=request.user, reply=form.cleaned_data["reply"])
    messages.success(request, _("Your reply was saved; the pair will see it."))
    return redirect("visits:visit_detail", pk=visit.pk)


# --- Follow-up queues ---------------------------------------------------------------------------


class OverdueContacts(RoleRequiredMixin, ListView):
    roles = (COORDINATOR,)
    paginate_by = PAGE_SIZE
    template_name = "visits/coordination/overdue_list.html"
    context_object_name = "seniors"

    def get_queryset(self):
        return (
            overdue_seniors()
            .filter(pk__in=Senior.objects.visible_to(self.request.user))
            .select_related("pair__volunteer_a", "pair__volunteer_b")
        )


class SilentPairs(RoleRequiredMixin, ListView):
    roles = (COORDINATOR,)
    paginate_by = PAGE_SIZE
    template_name = "visits/coordination/silent_pairs.html"
    context_object_name = "pairs"

    def get_queryset(self):
        return silent_pairs()


# --- Urgent alerts ------------------------------------------------------------------------------


class AlertList(RoleRequiredMixin, FilterView):
    roles = (COORDINATOR,)
    filterset_class = AlertFilter
    paginate_by = PAGE_SIZE
    template_name = "visits/coordination/alert_list.html"

    def get_queryset(self):
        # Open alerts first, the nearest deadline on top; then the latest handled.
        return (
            Alert.objects.filter(senior__in=Senior.objects.visible_to(self.request.user))
            .select_related("senior", "raised_by", "handled_by")
            .annotate(
                is_overdue=ExpressionWrapper(Q(handled_at__isnull=True, due_at__lt=Now()), BooleanField())
            )
            .order_by(F("handled_at").desc(nulls_first=True), "due_at")
        )


@role_required(COORDINATOR)
def alert_detail(request: HttpRequest, pk: int) -> HttpResponse:
    alert = get_object_or_404(
        Alert.objects.filter(senior__in=Senior.objects.visible_to(request.user)).select_related(
            "senior", "visit", "raised_by", "handled_by"
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


# --- Activities ---------------------------------------------------------------------------------


class ActivityList(RoleRequiredMixin, ListView):
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
        .order_by("senior__last_name", "senior__first_name")
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


# --- Heatwave / cold-weather campaigns ----------------------------------------------------------


class CampaignList(RoleRequiredMixin, ListView):
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
        F("pair__name").asc(nulls_last=True), "pair_id", "senior__last_name", "senior__first_name"
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
            services.record_campaign_call(entry, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The call to %(senior)s was recorded.") % {"senior": entry.senior})
            url = reverse("visits:campaign_detail", args=[entry.campaign_id])
            return HttpResponseRedirect(f"{url}#list-{entry.pair_id or 'staff'}")
    return render(request, "visits/coordination/campaign_call.html", {"entry": entry, "form": form})


@require_POST
@role_required(COORDINATOR)
def campaign_close(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = get_object_or_404(Campaign, pk=pk)
    services.close_campaign(campaign, by=request.user)
    messages.success(request, _("The campaign is closed."))
    return redirect("visits:campaign_detail", pk=campaign.pk)


class ProposalList(RoleRequiredMixin, FilterView):
    """Every activity proposal, filtered; the page coordinators export for the activity reviews."""

    roles = (COORDINATOR,)
    filterset_class = ProposalFilter
    paginate_by = PAGE_SIZE
    template_name = "visits/coordination/proposal_list.html"

    def get_queryset(self):
        return (
            Proposal.objects.filter(senior__in=Senior.objects.visible_to(self.request.user))
            .select_related("senior", "activity", "session__activity")
            .order_by("-proposed_on", "-pk")
        )
