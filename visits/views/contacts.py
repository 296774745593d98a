"""Coordinators' pages on calls and visits: logging one for any senior, the lists, a record
and its corrections with their history, the reports to read and the replies to pairs.

Every record is fetched through `visible_to(user)`, so an unknown id and a forbidden id
both answer 404."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ccas_visits.lib.concurrency import EditConflict
from ccas_visits.lib.db import search
from ccas_visits.lib.history import recent_changes, requested_page
from ccas_visits.lib.lists import FilteredListView, ListPage
from ccas_visits.lib.permissions import COORDINATOR, RoleRequiredMixin, role_required
from seniors.models import Senior
from visits import services
from visits.filters import CallFilter, VisitFilter, call_list, visit_list
from visits.forms.coordination import (
    CallCorrectionForm,
    CallForm,
    CorrectionReason,
    ReplyForm,
    VisitCorrectionForm,
    VisitForm,
)
from visits.models import (
    UNREAD_REPORT,
    Call,
    Visit,
)

PAGE_SIZE = 50
CALL_FIELDS = ("pair", "called_at", "outcome", "visit_booked_for", "duration_minutes", "note")


def _back_to_file(request: HttpRequest, senior: Senior, done: str, record: Call | Visit) -> HttpResponse:
    """After logging a contact the coordinator is back on the senior's file, where the contact
    shows in the timeline; the message links to the record itself."""
    url = reverse(f"visits:{record._meta.model_name}_detail", args=[record.pk])
    link = format_html('<a href="{}">{}</a>', url, _("See the record"))
    raised = ""
    if record.alerts.exists():
        raised = format_html(" {}", _("The urgent alert was raised; the coordinators were told."))
    messages.success(request, format_html("{}{} {}", done, raised, link))
    return redirect("seniors:senior_detail", pk=senior.pk)


def senior_of_request(request: HttpRequest) -> Senior | None:
    senior_id = request.GET.get("senior", "")
    if not senior_id:
        return None
    if not senior_id.isdigit():
        raise Http404
    return get_object_or_404(Senior.objects.visible_to(request.user).open(), pk=senior_id)


def pick_senior(request: HttpRequest, title: str) -> HttpResponse:
    """Without `?senior=`, the coordinator first finds the senior by name."""
    term = request.GET.get("q", "").strip()
    found = search(Senior.objects.visible_to(request.user).open(), term, ["last_name", "first_name"])
    context = {"title": title, "term": term, "seniors": found[:20] if term else []}
    return render(request, "visits/coordination/pick_senior.html", context)


@role_required(COORDINATOR)
def call_create(request: HttpRequest) -> HttpResponse:
    senior = senior_of_request(request)
    if senior is None:
        return pick_senior(request, _("Log a call"))
    form = CallForm(request.POST or None, senior=senior)
    if form.is_valid():
        data = {name: form.cleaned_data[name] for name in CALL_FIELDS}
        try:
            call, _created = services.record_call(
                senior=senior, by=request.user, alert=form.alert_input(), **data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return _back_to_file(request, senior, _("The call was recorded."), call)
    return render(request, "visits/coordination/contact_form.html", {"form": form, "senior": senior})


@role_required(COORDINATOR)
def visit_create(request: HttpRequest) -> HttpResponse:
    senior = senior_of_request(request)
    if senior is None:
        return pick_senior(request, _("Log a visit"))
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
            alert=form.alert_input(),
            note=data["note"],
            next_visit_on=data["next_visit_on"],
        )
        try:
            visit, _created = services.record_visit(visit_input, by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return _back_to_file(request, senior, _("The visit was recorded."), visit)
    context = {"form": form, "senior": senior, "is_visit": True}
    return render(request, "visits/coordination/contact_form.html", context)


class CallList(RoleRequiredMixin, FilteredListView):
    roles = (COORDINATOR,)
    paginate_by = PAGE_SIZE
    template_name = "visits/coordination/call_list.html"

    def get_filterset(self) -> CallFilter:
        return call_list(self.request.GET, user=self.request.user)


class VisitList(RoleRequiredMixin, FilteredListView):
    roles = (COORDINATOR,)
    paginate_by = PAGE_SIZE
    template_name = "visits/coordination/visit_list.html"

    def get_filterset(self) -> VisitFilter:
        return visit_list(self.request.GET, user=self.request.user)


@role_required(COORDINATOR)
def call_detail(request: HttpRequest, pk: int) -> HttpResponse:
    call = get_object_or_404(
        Call.objects.visible_to(request.user).select_related(
            "senior", "pair__volunteer_a", "pair__volunteer_b", "campaign", "recorded_by"
        ),
        pk=pk,
    )
    context = {"call": call, "history": recent_changes(call, requested_page(request))}
    return render(request, "visits/coordination/call_detail.html", context)


@role_required(COORDINATOR)
def visit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    visit = get_object_or_404(
        Visit.objects.visible_to(request.user).select_related(
            "senior", "pair__volunteer_a", "pair__volunteer_b", "recorded_by", "read_by"
        ),
        pk=pk,
    )
    context = {
        "visit": visit,
        "history": recent_changes(visit, requested_page(request)),
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


class UnreadReports(RoleRequiredMixin, ListPage):
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
        Visit.objects.visible_to(request.user).select_related(
            "senior", "pair__volunteer_a", "pair__volunteer_b", "recorded_by", "read_by"
        ),
        pk=pk,
    )
    form = ReplyForm(request.POST)
    if not form.is_valid():
        history = recent_changes(visit, requested_page(request))
        context = {"visit": visit, "history": history, "reply_form": form}
        return render(request, "visits/coordination/visit_detail.html", context, status=400)
    services.reply_to_visit(visit, by=request.user, reply=form.cleaned_data["reply"])
    messages.success(request, _("Your reply was saved; the pair will see it."))
    return redirect("visits:visit_detail", pk=visit.pk)
