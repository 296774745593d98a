from django.contrib import admin

from visits.models import (
    Activity,
    ActivitySession,
    Alert,
    Call,
    Campaign,
    CampaignEntry,
    Need,
    Orientation,
    Proposal,
    ServiceOffer,
    Visit,
)


@admin.register(Call)
class CallAdmin(admin.ModelAdmin):
    list_display = ["senior", "pair", "called_at", "outcome"]
    list_filter = ["outcome", "called_at"]
    search_fields = ["senior__last_name", "note"]
    date_hierarchy = "called_at"
    list_select_related = ["senior", "pair__volunteer_a", "pair__volunteer_b"]
    raw_id_fields = ["senior", "pair", "campaign"]


class NeedInline(admin.TabularInline):
    model = Need
    extra = 0
    raw_id_fields = ["senior"]


@admin.register(Visit)
class VisitAdmin(admin.ModelAdmin):
    list_display = ["senior", "pair", "visited_at", "kind", "duration_minutes"]
    list_filter = ["kind", "visited_at"]
    search_fields = ["senior__last_name", "note"]
    date_hierarchy = "visited_at"
    list_select_related = ["senior", "pair__volunteer_a", "pair__volunteer_b"]
    raw_id_fields = ["senior", "pair"]
    filter_horizontal = ["present", "services_presented"]
    inlines = [NeedInline]


class SessionInline(admin.TabularInline):
    model = ActivitySession
    extra = 0


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name"]
    inlines = [SessionInline]


@admin.register(Proposal)
class ProposalAdmin(admin.ModelAdmin):
    list_display = ["senior", "activity", "proposed_on", "answer", "attended"]
    list_filter = ["answer", "attended", "activity"]
    search_fields = ["senior__last_name"]
    raw_id_fields = ["senior", "visit", "session"]


@admin.register(Alert)
class AlertAdmin(admin.ModelAdmin):
    list_display = ["senior", "kind", "raised_at", "due_at", "handled_at"]
    list_filter = ["kind", "handled_at"]
    search_fields = ["senior__last_name", "description"]
    raw_id_fields = ["senior", "visit"]


class CampaignEntryInline(admin.TabularInline):
    model = CampaignEntry
    extra = 0
    raw_id_fields = ["senior", "pair"]


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "opened_at", "closed_at"]
    list_filter = ["kind"]
    search_fields = ["name"]
    inlines = [CampaignEntryInline]


@admin.register(Need)
class NeedAdmin(admin.ModelAdmin):
    list_display = ["senior", "kind", "noted_on", "is_met"]
    list_filter = ["kind", "is_met"]
    search_fields = ["senior__last_name", "note"]
    raw_id_fields = ["senior", "visit"]


@admin.register(Orientation)
class OrientationAdmin(admin.ModelAdmin):
    list_display = ["senior", "partner", "service", "made_on"]
    list_filter = ["partner", "service"]
    search_fields = ["senior__last_name"]
    raw_id_fields = ["senior", "visit"]


@admin.register(ServiceOffer)
class ServiceOfferAdmin(admin.ModelAdmin):
    list_display = ["name", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name"]
