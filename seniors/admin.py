from django.contrib import admin

from seniors.models import (
    Assignment,
    Consent,
    Partner,
    Referral,
    RegisterEntry,
    Senior,
    SeniorStatusChange,
)


class ConsentInline(admin.TabularInline):
    model = Consent
    extra = 0


class RegisterEntryInline(admin.StackedInline):
    model = RegisterEntry
    extra = 0


class AssignmentInline(admin.TabularInline):
    model = Assignment
    extra = 0
    raw_id_fields = ["pair"]


class StatusChangeInline(admin.TabularInline):
    model = SeniorStatusChange
    extra = 0
    readonly_fields = ["from_status", "to_status", "closed_reason", "changed_on", "reason", "changed_by"]


@admin.register(Senior)
class SeniorAdmin(admin.ModelAdmin):
    list_display = ["last_name", "first_name", "birth_date", "status", "neighbourhood", "pair"]
    list_filter = ["status", "source", "sex", "living_situation", "neighbourhood"]
    search_fields = ["last_name", "first_name", "phone", "address"]
    list_select_related = ["neighbourhood", "pair__volunteer_a", "pair__volunteer_b"]
    raw_id_fields = ["pair"]
    readonly_fields = ["status", "closed_reason", "status_changed_on", "anonymised_at"]
    inlines = [ConsentInline, RegisterEntryInline, AssignmentInline, StatusChangeInline]


@admin.register(Partner)
class PartnerAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "contact_name", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "contact_name"]


@admin.register(Referral)
class ReferralAdmin(admin.ModelAdmin):
    list_display = ["last_name", "first_name", "partner", "received_on", "status"]
    list_filter = ["status", "partner"]
    search_fields = ["last_name", "first_name"]
    raw_id_fields = ["senior"]


@admin.register(RegisterEntry)
class RegisterEntryAdmin(admin.ModelAdmin):
    list_display = ["senior", "register_id", "basis", "registered_on", "objected_on", "left_on"]
    list_filter = ["basis", "requested_by"]
    search_fields = ["senior__last_name", "register_id"]
    raw_id_fields = ["senior"]
