from django.contrib import admin

from ccas_visits.lib.admin import (
    CreatedByWorkflowAdmin,
    ProgrammeAdmin,
    TabularInline,
    ViewOnlyAdmin,
    WorkflowRecordInline,
)
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
class CallAdmin(ViewOnlyAdmin):
    list_display = ["senior", "pair", "called_at", "outcome", "duration_minutes"]
    list_filter = ["outcome", "called_at"]
    search_fields = ["senior__last_name", "note"]
    date_hierarchy = "called_at"
    list_select_related = ["senior", "pair__volunteer_a", "pair__volunteer_b"]


class NeedInline(WorkflowRecordInline):
    model = Need


@admin.register(Visit)
class VisitAdmin(ViewOnlyAdmin):
    list_display = ["senior", "pair", "visited_at", "kind", "duration_minutes"]
    list_filter = ["kind", "visited_at"]
    search_fields = ["senior__last_name", "note"]
    date_hierarchy = "visited_at"
    list_select_related = ["senior", "pair__volunteer_a", "pair__volunteer_b"]
    inlines = [NeedInline]


class SessionInline(TabularInline):
    model = ActivitySession
    extra = 0


@admin.register(Activity)
class ActivityAdmin(ProgrammeAdmin):
    list_display = ["name", "kind", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name"]
    inlines = [SessionInline]


@admin.register(Proposal)
class ProposalAdmin(ProgrammeAdmin):
    list_display = ["senior", "activity", "proposed_on", "answer", "attended"]
    list_filter = ["answer", "attended", "activity"]
    search_fields = ["senior__last_name"]
    raw_id_fields = ["senior", "visit"]
    # Who came to which session: record_attendance, from the activity's page.
    readonly_fields = ["session", "attended"]


@admin.register(Alert)
class AlertAdmin(CreatedByWorkflowAdmin):
    list_display = ["senior", "kind", "raised_at", "due_at", "handled_at"]
    list_filter = ["kind", "handled_at"]
    search_fields = ["senior__last_name", "description"]
    # Raised by raise_alert (which mails the coordinators), handled once by handle_alert.
    readonly_fields = [
        "senior", "visit", "raised_at", "raised_by", "due_at", "handled_at", "handled_by", "outcome"
    ]  # fmt: skip


class CampaignEntryInline(WorkflowRecordInline):
    """The call lists: add_to_campaign, move_campaign_entry and record_campaign_call."""

    model = CampaignEntry


@admin.register(Campaign)
class CampaignAdmin(CreatedByWorkflowAdmin):
    list_display = ["name", "kind", "opened_at", "closed_at"]
    list_filter = ["kind"]
    search_fields = ["name"]
    # Opened with its lists by open_campaign, closed by close_campaign.
    readonly_fields = ["opened_at", "opened_by", "closed_at"]
    inlines = [CampaignEntryInline]


@admin.register(Need)
class NeedAdmin(ProgrammeAdmin):
    list_display = ["senior", "kind", "noted_on", "is_met"]
    list_filter = ["kind", "is_met"]
    search_fields = ["senior__last_name", "note"]
    raw_id_fields = ["senior", "visit"]


@admin.register(Orientation)
class OrientationAdmin(ProgrammeAdmin):
    list_display = ["senior", "partner", "service", "made_on"]
    list_filter = ["partner", "service"]
    search_fields = ["senior__last_name"]
    raw_id_fields = ["senior", "visit"]


@admin.register(ServiceOffer)
class ServiceOfferAdmin(ProgrammeAdmin):
    list_display = ["name", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name"]
