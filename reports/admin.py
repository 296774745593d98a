from django.contrib import admin

from ccas_visits.lib.admin import ProgrammeAdmin, TabularInline
from reports.models import Budget, ExpenseLine, Funding, Target, ThreeYearTarget, VolunteerHourValue


class FundingInline(TabularInline):
    model = Funding
    extra = 0


class ExpenseLineInline(TabularInline):
    model = ExpenseLine
    extra = 0


@admin.register(Budget)
class BudgetAdmin(ProgrammeAdmin):
    list_display = ["name", "starts_on", "ends_on"]
    list_filter = ["starts_on"]
    search_fields = ["name"]
    inlines = [FundingInline, ExpenseLineInline]


@admin.register(Target)
class TargetAdmin(ProgrammeAdmin):
    list_display = ["year", "volunteers_growth_pct", "seniors_growth_pct"]


@admin.register(ThreeYearTarget)
class ThreeYearTargetAdmin(ProgrammeAdmin):
    list_display = ["first_year", "volunteers_growth_pct", "seniors_growth_pct"]


@admin.register(VolunteerHourValue)
class VolunteerHourValueAdmin(ProgrammeAdmin):
    list_display = ["year", "value"]


@admin.register(Funding)
class FundingAdmin(ProgrammeAdmin):
    list_display = ["budget", "source", "label", "amount"]
    list_filter = ["source"]
    search_fields = ["label"]


@admin.register(ExpenseLine)
class ExpenseLineAdmin(ProgrammeAdmin):
    list_display = ["budget", "category", "label", "planned", "spent"]
    list_filter = ["category"]
    search_fields = ["label"]
