"""The Django admin's limits, shared by every app: records and fields a workflow owns are shown
there, never written. Each workflow (assigning a pair, changing a status, ending a pair,
handling an alert, anonymising…) lives in its app's services and keeps its history, checks
and access log; the admin must not be a second way around it."""

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList
from django.db.models import Model, QuerySet
from django.http import HttpRequest


class ProgrammeAdmin(admin.ModelAdmin):
    """Every model admin of the project. A changelist address the database cannot run (a NUL
    character, which PostgreSQL refuses in a query; a year past 9999 in the date hierarchy)
    gets the admin's own "invalid lookup" answer, as a filter on an unknown field does, and a
    search ignores NUL characters (the changelist's and the autocompletes')."""

    def get_changelist_instance(self, request: HttpRequest) -> ChangeList:
        if any("\x00" in value for _name, values in request.GET.lists() for value in values):
            raise IncorrectLookupParameters("NUL character in the address")
        try:
            return super().get_changelist_instance(request)
        except (OverflowError, ValueError) as error:
            raise IncorrectLookupParameters(error) from error

    def get_search_results(self, request: HttpRequest, queryset: QuerySet, search_term: str) -> tuple:
        return super().get_search_results(request, queryset, search_term.replace("\x00", " "))


class BoundedInline(admin.options.InlineModelAdmin):
    """An inline's formset builds at most the rows it holds plus NEW_ROWS, whatever the
    form's TOTAL_FORMS claims (Django's own bound is 2,000 forms, a page of megabytes); past
    that the admin says, in French, that too many forms were sent."""

    NEW_ROWS = 50

    def get_formset(self, request: HttpRequest, obj: Model | None = None, **kwargs) -> type:
        formset = super().get_formset(request, obj, **kwargs)
        held = (
            formset.model._default_manager.filter(**{formset.fk.name: obj}).count() if obj and obj.pk else 0
        )
        formset.absolute_max = held + self.NEW_ROWS
        return formset


class TabularInline(BoundedInline, admin.TabularInline):
    pass


class StackedInline(BoundedInline, admin.StackedInline):
    pass


class WorkflowRecordInline(TabularInline):
    """Rows only a workflow writes (assignments, status changes, campaign lists): read-only."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


class CreatedByWorkflowAdmin(ProgrammeAdmin):
    """A model whose records are created by a workflow of the application (a senior's file,
    a pair, a call or a visit, an alert, a campaign): the admin corrects, it does not create."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


class ViewOnlyAdmin(CreatedByWorkflowAdmin):
    """Records a workflow creates and corrects (calls and visits: correct_record keeps the
    previous values with who and why): the admin only shows them."""

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False
