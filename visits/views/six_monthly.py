"""Coordinators' pages on the six-monthly review: the reviews due, a review with the
loneliness questions, a measure taken at enrolment, and a review read back.

Only coordinators reach them: the answers are personal data about feelings (managers see the
bilan's aggregates only). A senior or review out of reach answers 404, as one that does not
exist."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from ccas_visits.lib.lists import ListPage
from ccas_visits.lib.permissions import COORDINATOR, RoleRequiredMixin, role_required
from seniors.models import Senior
from visits.forms.six_monthly import MeasureForm, ReviewForm, questions
from visits.indicators import review_due_on, reviews_due
from visits.six_monthly import LonelinessMeasure, SixMonthReview, record_measure, record_review
from visits.views.contacts import pick_senior, senior_of_request

PAGE_SIZE = 50


class ReviewsDue(RoleRequiredMixin, ListPage):
    roles = (COORDINATOR,)
    paginate_by = PAGE_SIZE
    template_name = "visits/coordination/six_month_due.html"
    context_object_name = "seniors"

    def get_queryset(self):
        return (
            reviews_due(timezone.localdate())
            .filter(pk__in=Senior.objects.visible_to(self.request.user))
            .select_related("pair__volunteer_a", "pair__volunteer_b")
        )

    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        for senior in context["seniors"]:
            senior.review_due_on = review_due_on(senior.review_since)
        return context


@role_required(COORDINATOR)
def review_create(request: HttpRequest) -> HttpResponse:
    senior = senior_of_request(request)
    if senior is None:
        return pick_senior(request, _("Six-monthly review"))
    initial = {"uuid": uuid.uuid4(), "reviewed_on": timezone.localdate()}
    form = ReviewForm(request.POST or None, initial=initial)
    if form.is_valid():
        review = record_review(
            uuid=form.cleaned_data["uuid"],
            senior=senior,
            by=request.user,
            answers=form.measure_data(),
            **form.review_data(),
        )
        messages.success(request, _("The six-monthly review is recorded."))
        if review.decision == SixMonthReview.Decision.CLOSE:
            messages.info(request, _("To close the follow-up, change the file's status below."))
        return redirect("seniors:senior_detail", pk=senior.pk)
    context = {"form": form, "senior": senior, "title": _("Six-monthly review")}
    return render(request, "visits/coordination/six_month_form.html", context)


@role_required(COORDINATOR)
def measure_create(request: HttpRequest) -> HttpResponse:
    senior = senior_of_request(request)
    if senior is None:
        return pick_senior(request, _("Loneliness questions"))
    initial = {"uuid": uuid.uuid4(), "measured_on": timezone.localdate()}
    form = MeasureForm(request.POST or None, initial=initial)
    if form.is_valid():
        record_measure(
            uuid=form.cleaned_data["uuid"],
            senior=senior,
            by=request.user,
            occasion=LonelinessMeasure.Occasion.ENROLMENT,
            measured_on=form.cleaned_data["measured_on"],
            **form.measure_data(),
        )
        messages.success(request, _("The answers to the loneliness questions are recorded."))
        return redirect("seniors:senior_detail", pk=senior.pk)
    context = {"form": form, "senior": senior, "title": _("Loneliness questions at enrolment")}
    return render(request, "visits/coordination/six_month_form.html", context)


@role_required(COORDINATOR)
def review_detail(request: HttpRequest, pk: int) -> HttpResponse:
    review = get_object_or_404(
        SixMonthReview.objects.filter(senior__in=Senior.objects.visible_to(request.user)).select_related(
            "senior", "measure", "reviewed_by", "pair__volunteer_a", "pair__volunteer_b"
        ),
        pk=pk,
    )
    context = {"review": review, "questions": questions()}
    return render(request, "visits/coordination/six_month_detail.html", context)
