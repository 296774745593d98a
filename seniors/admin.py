from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse

from ccas_visits.lib.admin import (
    CreatedByWorkflowAdmin,
    ProgrammeAdmin,
    StackedInline,
    TabularInline,
    WorkflowRecordInline,
)
from seniors.accounts import record_account_change, roles_of
from seniors.models import (
    AccessLog,
    Assignment,
    Consent,
    Partner,
    Referral,
    RegisterEntry,
    Senior,
    SeniorStatusChange,
)
from seniors.services import log_access


class ConsentInline(TabularInline):
    model = Consent
    extra = 0


class RegisterEntryInline(StackedInline):
    model = RegisterEntry
    extra = 0


class AssignmentInline(WorkflowRecordInline):
    """Written by seniors.services.assign_pair only."""

    model = Assignment


class StatusChangeInline(WorkflowRecordInline):
    """Written by the status workflow (Senior.change_status, create_senior) only."""

    model = SeniorStatusChange


@admin.register(Senior)
class SeniorAdmin(CreatedByWorkflowAdmin):
    list_display = ["last_name", "first_name", "birth_date", "status", "neighbourhood", "pair"]
    list_filter = ["status", "source", "sex", "living_situation", "neighbourhood"]
    search_fields = ["last_name", "first_name", "phone", "address"]
    list_select_related = ["neighbourhood", "pair__volunteer_a", "pair__volunteer_b"]
    # The pair (assign_pair), the status (change_senior_status) and the erasure (anonymise_senior)
    # each have their workflow, on the senior's page.
    readonly_fields = ["pair", "status", "closed_reason", "status_changed_on", "anonymised_at"]
    inlines = [ConsentInline, RegisterEntryInline, AssignmentInline, StatusChangeInline]

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: dict | None = None
    ) -> HttpResponse:
        response = super().change_view(request, object_id, form_url, extra_context)
        senior = self.get_object(request, object_id)
        if senior is not None and request.method == "GET":
            # Opening a file here is a read of personal data, as on the senior's page.
            log_access(user=request.user, action=AccessLog.Action.VIEW_SENIOR, senior=senior, detail="admin")
        return response


@admin.register(Partner)
class PartnerAdmin(ProgrammeAdmin):
    list_display = ["name", "kind", "contact_name", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "contact_name"]


@admin.register(Referral)
class ReferralAdmin(ProgrammeAdmin):
    list_display = ["last_name", "first_name", "partner", "received_on", "status"]
    list_filter = ["status", "partner"]
    search_fields = ["last_name", "first_name"]
    # Triaged by accept_referral / reject_referral, from the referrals' list.
    readonly_fields = ["status", "senior", "triaged_on", "triage_note"]


@admin.register(RegisterEntry)
class RegisterEntryAdmin(ProgrammeAdmin):
    list_display = ["senior", "register_id", "basis", "registered_on", "objected_on", "left_on"]
    list_filter = ["basis", "requested_by"]
    search_fields = ["senior__last_name", "register_id"]
    raw_id_fields = ["senior"]


class AccountAdmin(UserAdmin):
    """Django's user admin, where a coordinator may change an account's role (its group) or
    deactivate it: either ends the account's open sessions at once, and a role change is in
    the access log (seniors.accounts)."""

    def save_model(self, request: HttpRequest, obj, form, change: bool) -> None:
        form.roles_before = roles_of(obj) if change else set()  # the groups are saved after
        super().save_model(request, obj, form, change)

    def save_related(self, request: HttpRequest, form, formsets, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        if change:
            record_account_change(account=form.instance, roles_before=form.roles_before, by=request.user)


admin.site.unregister(User)
admin.site.register(User, AccountAdmin)
