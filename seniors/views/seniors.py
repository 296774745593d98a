"""Coordinators' pages on seniors' files: list, create, edit, the file's page and its actions."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ccas_visits.lib.concurrency import EditConflict
from ccas_visits.lib.history import requested_page
from ccas_visits.lib.lists import FilteredListView
from ccas_visits.lib.permissions import COORDINATOR, RoleRequiredMixin, role_required
from seniors.filters import SeniorFilter, next_planned_contact, senior_list, with_last_contact
from seniors.forms import ApproachForm, AssignPairForm, ConsentForm, RhythmForm, SeniorForm, SeniorStatusForm
from seniors.models import AccessLog, Referral, RegisterEntry, Senior
from seniors.services import (
    assign_pair,
    change_senior_status,
    create_senior,
    log_access,
    record_consent,
    senior_audit,
    update_senior,
)
from seniors.timeline import senior_timeline

PAGE_SIZE = 25


class SeniorList(RoleRequiredMixin, FilteredListView):
    roles = (COORDINATOR,)
    paginate_by = PAGE_SIZE
    template_name = "seniors/senior_list.html"
    partial_template_name = "seniors/_senior_table.html"

    def get_filterset(self) -> SeniorFilter:
        return senior_list(self.request.GET, user=self.request.user)


def _get_senior(request: HttpRequest, pk: int) -> Senior:
    return get_object_or_404(Senior.objects.visible_to(request.user), pk=pk)


def _pending_referral(request: HttpRequest) -> Referral | None:
    referral_id = request.GET.get("signalement", "")
    if not referral_id.isdigit():
        return None
    return get_object_or_404(Referral.objects.select_related("partner"), pk=referral_id, status="pending")


def _initial_from(referral: Referral | None) -> dict:
    if referral is None:
        return {}
    return {
        "first_name": referral.first_name,
        "last_name": referral.last_name,
        "birth_date": referral.birth_date,
        "address": referral.address,
        "phone": referral.phone,
        "source": Senior.Source.PARTNER,
        "source_partner": referral.partner,
        "source_detail": _("Referral received on %(day)s")
        % {"day": referral.received_on.strftime("%d/%m/%Y")},
    }


@role_required(COORDINATOR)
def senior_create(request: HttpRequest) -> HttpResponse:
    referral = _pending_referral(request)
    form = SeniorForm(request.POST or None, initial=_initial_from(referral))
    consent_form = ConsentForm(request.POST or None, prefix="consent", optional=True)
    if request.method == "POST" and form.is_valid() and consent_form.is_valid():
        consent = consent_form.save(commit=False) if consent_form.is_filled() else None
        try:
            senior = create_senior(
                senior=form.save(commit=False), by=request.user, consent=consent, referral=referral
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Senior file created."))
            return redirect("seniors:senior_detail", pk=senior.pk)
    context = {"form": form, "consent_form": consent_form, "referral": referral}
    return render(request, "seniors/senior_form.html", context)


@role_required(COORDINATOR)
def senior_update(request: HttpRequest, pk: int) -> HttpResponse:
    senior = _get_senior(request, pk)
    form = SeniorForm(request.POST or None, instance=senior)
    if request.method == "POST" and form.is_valid():
        try:
            update_senior(form)
        except EditConflict as conflict:
            form.refuse(conflict)
        else:
            messages.success(request, _("Senior file saved."))
            return redirect("seniors:senior_detail", pk=senior.pk)
    return render(request, "seniors/senior_form.html", {"form": form, "senior": senior})


def _assignment_context(senior: Senior, form: AssignPairForm | None = None, *, consents=None) -> dict:
    """The pair card; `consents` (the latest consent first), when the page already read them,
    saves a query."""
    if consents is None:
        objection = senior.latest_objection()
    else:
        objection = consents[0] if consents and consents[0].is_objection else None
    return {
        "senior": senior,
        "assign_form": form or AssignPairForm(initial={"pair": senior.pair_id}),
        "objection": objection,
    }


def _timeline_until(request: HttpRequest) -> datetime.datetime | None:
    """Where the page of older events starts (`?anciens=`, an ISO date and time); anything
    unreadable shows the latest events."""
    try:
        until = datetime.datetime.fromisoformat(request.GET.get("anciens", ""))
        if timezone.is_naive(until):
            until = timezone.make_aware(until)
        timezone.localtime(until - datetime.timedelta(days=1))  # within the dates Python handles
    except (ValueError, OverflowError):
        return None
    return until


@role_required(COORDINATOR)
def senior_detail(request: HttpRequest, pk: int) -> HttpResponse:
    senior = get_object_or_404(
        with_last_contact(
            Senior.objects.visible_to(request.user).select_related(
                "neighbourhood", "source_partner", "pair__volunteer_a", "pair__volunteer_b"
            ),
            timezone.localdate(),
        ),
        pk=pk,
    )
    log_access(user=request.user, action=AccessLog.Action.VIEW_SENIOR, senior=senior)
    consents = list(senior.consents.all()[:1])
    register_entry = RegisterEntry.objects.filter(senior=senior).first()
    context = {
        **_assignment_context(senior, consents=consents),
        "next_planned": next_planned_contact(senior),
        "timeline": senior_timeline(senior, _timeline_until(request)),
        "status_form": SeniorStatusForm(),
        "approach_form": ApproachForm(),
        "rhythm_form": RhythmForm(instance=senior),
        "latest_consent": consents[0] if consents else None,
        "register_entry": register_entry,
        "today": timezone.localdate(),
        "audit": senior_audit(senior, requested_page(request), register_entry),
    }
    return render(request, "seniors/senior_detail.html", context)


@role_required(COORDINATOR)
def senior_timeline_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The older events of the file, for the "see older" link (htmx swaps them in)."""
    senior = _get_senior(request, pk)
    log_access(user=request.user, action=AccessLog.Action.VIEW_SENIOR, senior=senior)
    context = {"senior": senior, "timeline": senior_timeline(senior, _timeline_until(request))}
    return render(request, "seniors/_timeline.html", context)


@role_required(COORDINATOR)
@require_POST
def senior_assign(request: HttpRequest, pk: int) -> HttpResponse:
    """Assign or reassign a pair; answers the htmx fragment, or redirects without JavaScript."""
    senior = _get_senior(request, pk)
    form = AssignPairForm(request.POST)
    if form.is_valid():
        try:
            assign_pair(
                senior=senior,
                pair=form.cleaned_data["pair"],
                by=request.user,
                on=form.cleaned_data["on"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Pair assignment saved."))
            if not request.htmx:
                return redirect("seniors:senior_detail", pk=senior.pk)
            form = None
    if request.htmx:
        context = {**_assignment_context(senior, form), "fragment": True}
        return render(request, "seniors/_assignment.html", context)
    if form is not None and form.errors:
        for error in [e for field_errors in form.errors.values() for e in field_errors]:  # __all__ included
            messages.error(request, error)
    return redirect("seniors:senior_detail", pk=senior.pk)


@role_required(COORDINATOR)
def senior_status(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a refusal, pause, close, or resume: the lifecycle refuses what makes no sense."""
    senior = _get_senior(request, pk)
    form = SeniorStatusForm(request.POST or None, initial={"status": request.GET.get("status")})
    if request.method == "POST" and form.is_valid():
        try:
            change_senior_status(
                senior=senior,
                status=form.cleaned_data["status"],
                by=request.user,
                reason=form.cleaned_data["reason"],
                closed_reason=form.cleaned_data["closed_reason"],
                on=form.cleaned_data["changed_on"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Status changed."))
            return redirect("seniors:senior_detail", pk=senior.pk)
    return render(request, "seniors/senior_status_form.html", {"senior": senior, "form": form})


@role_required(COORDINATOR)
@require_POST
def senior_rhythm(request: HttpRequest, pk: int) -> HttpResponse:
    senior = _get_senior(request, pk)
    form = RhythmForm(request.POST, instance=senior)
    if form.is_valid():
        senior.visit_interval_days = form.cleaned_data["visit_interval_days"]
        senior.save(update_fields=["visit_interval_days", "updated_at"])
        messages.success(request, _("Contact rhythm saved."))
    else:
        messages.error(request, form.errors["visit_interval_days"][0])
    return redirect(reverse("seniors:senior_detail", args=[senior.pk]) + "#rhythm")


@role_required(COORDINATOR)
def senior_consent(request: HttpRequest, pk: int) -> HttpResponse:
    senior = _get_senior(request, pk)
    form = ConsentForm(request.POST or None, prefix="consent")
    if request.method == "POST" and form.is_valid():
        try:
            record_consent(senior=senior, consent=form.save(commit=False), by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Consent recorded."))
            return redirect("seniors:senior_detail", pk=senior.pk)
    return render(request, "seniors/consent_form.html", {"senior": senior, "form": form})
