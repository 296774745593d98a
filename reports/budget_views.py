"""Coordinators enter the programme budget (funding and expense lines) and the yearly
targets that the reports set against the records, and what a volunteer hour is worth."""

from decimal import Decimal

from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from ccas_visits.lib.lists import ListPage
from ccas_visits.lib.permissions import COORDINATOR, RoleRequiredMixin, role_required
from reports.budget import budget_totals
from reports.forms import (
    BudgetForm,
    ExpenseLineFormSet,
    FundingFormSet,
    HourValueFormSet,
    TargetFormSet,
    ThreeYearTargetFormSet,
)
from reports.models import Budget, Target, ThreeYearTarget, VolunteerHourValue
from reports.periods import programme_year, programme_year_of


class BudgetListView(RoleRequiredMixin, ListPage):
    roles = (COORDINATOR,)
    template_name = "reports/budget_list.html"
    context_object_name = "budgets"

    def get_queryset(self) -> QuerySet[Budget]:
        return budget_totals(Budget.objects.all())


@role_required(COORDINATOR)
def budget_create(request: HttpRequest) -> HttpResponse:
    return _budget_form(request, Budget())


@role_required(COORDINATOR)
def budget_update(request: HttpRequest, pk: int) -> HttpResponse:
    return _budget_form(request, get_object_or_404(Budget, pk=pk))


def _budget_form(request: HttpRequest, budget: Budget) -> HttpResponse:
    """The budget with its funding and expense lines, saved all together or not at all."""
    data = request.POST if request.method == "POST" else None
    form = BudgetForm(data, instance=budget)
    fundings = FundingFormSet(data, instance=budget, prefix="funding")
    expenses = ExpenseLineFormSet(data, instance=budget, prefix="expense")
    if data is not None and all([form.is_valid(), fundings.is_valid(), expenses.is_valid()]):
        with transaction.atomic():
            budget = form.save()
            fundings.instance = expenses.instance = budget
            fundings.save()
            expenses.save()
        messages.success(request, _("The budget “%(name)s” is saved.") % {"name": budget.name})
        return redirect("reports:budget_list")
    context = {"form": form, "fundings": fundings, "expenses": expenses, "budget": budget}
    return render(request, "reports/budget_form.html", context, status=400 if data is not None else 200)


@role_required(COORDINATOR)
def budget_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """A budget entered by mistake goes, with its lines, after a confirmation page; its
    history keeps what it held."""
    budget = get_object_or_404(Budget, pk=pk)
    if request.method == "POST":
        budget.delete()
        messages.success(request, _("The budget “%(name)s” is deleted.") % {"name": budget.name})
        return redirect("reports:budget_list")
    lines = {"fundings": budget.fundings.count(), "expenses": budget.expense_lines.count()}
    return render(request, "reports/budget_confirm_delete.html", {"budget": budget, **lines})


@role_required(COORDINATOR)
def targets(request: HttpRequest) -> HttpResponse:
    """The yearly (+10 % unless changed) and three-year (+50 %) growth targets, every year
    on one page; both tables are saved together or not at all."""
    data = request.POST if request.method == "POST" else None
    yearly = TargetFormSet(data, queryset=Target.objects.all())
    three_year = ThreeYearTargetFormSet(data, queryset=ThreeYearTarget.objects.all(), prefix="plan")
    hour_values = HourValueFormSet(data, queryset=VolunteerHourValue.objects.all(), prefix="hour")
    formsets = (yearly, three_year, hour_values)
    if data is not None and all([formset.is_valid() for formset in formsets]):
        with transaction.atomic():
            for formset in formsets:
                formset.save()
        messages.success(request, _("The targets are saved."))
        return redirect("reports:targets")
    context = {
        "formset": yearly,
        "three_year_formset": three_year,
        "hour_value_formset": hour_values,
        "default_hour_value": Decimal(settings.VOLUNTEER_HOUR_VALUE),
        "programme_year": programme_year(programme_year_of(timezone.localdate())),
    }
    return render(request, "reports/targets.html", context, status=400 if data else 200)
