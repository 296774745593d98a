"""The Django admin's limits, shared by every app: records and fields a workflow owns are shown
there, never written. Each workflow (assigning a pair, changing a status, ending a pair,
handling an alert, anonymising…) lives in its app's services and keeps its history, checks
and access log; the admin must not be a second way around it."""

from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest


class WorkflowRecordInline(admin.TabularInline):
    """Rows only a workflow writes (assignments, status changes, campaign lists): read-only."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


class CreatedByWorkflowAdmin(admin.ModelAdmin):
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
