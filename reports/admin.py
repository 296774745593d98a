from django.contrib import admin

from reports.models import Budget, ExpenseLine, Funding, Target, ThreeYearTarget


class FundingInline(admin.TabularInline):
    model = Funding
    extra = 0


class ExpenseLineInline(admin.TabularInline):
    model = ExpenseLine
    extra = 0


@admin.register(Budget)
class BudgetAdmin(admin.ModelAdmin):
    list_display = ["name", "starts_on", "ends_on"]
    list_filter = ["starts_on"]
    search_fields = ["name"]
    inlines = [FundingInline, ExpenseLineInline]


@admin.register(Target)
class TargetAdmin(admin.ModelAdmin):
    list_display = ["year", "volunteers_growth_pct", "seniors_growth_pct"]


@admin.register(ThreeYearTarget)
class ThreeYearTargetAdmin(admin.ModelAdmin):
    list_display = ["first_year", "volunteers_growth_pct", "seniors_growth_pct"]


@admin.register(Funding)
class FundingAdmin(admin.ModelAdmin):
    list_display = ["budget", "source", "label", "amount"]
    list_filter = ["source"]
    search_fields = ["label"]


@admin.register(ExpenseLine)
class ExpenseLineAdmin(admin.ModelAdmin):
    list_display = ["budget", "category", "label", "planned", "spent"]
    list_filter = ["category"]
    search_fields = ["label"]
