from django.contrib import admin

from ccas_visits.lib.admin import CreatedByWorkflowAdmin, ProgrammeAdmin, TabularInline, WorkflowRecordInline
from volunteers.models import (
    Association,
    Attendance,
    CharterSignature,
    CharterVersion,
    Meeting,
    Neighbourhood,
    Pair,
    PairMembership,
    Volunteer,
    VolunteerStatusChange,
)


class CharterSignatureInline(TabularInline):
    model = CharterSignature
    extra = 0


class StatusChangeInline(WorkflowRecordInline):
    """Written by Volunteer.change_status only."""

    model = VolunteerStatusChange


@admin.register(Volunteer)
class VolunteerAdmin(ProgrammeAdmin):
    list_display = ["last_name", "first_name", "kind", "status", "joined_on", "phone"]
    list_filter = ["kind", "status", "recruited_via", "association", "neighbourhoods"]
    search_fields = ["last_name", "first_name", "email", "phone"]
    filter_horizontal = ["neighbourhoods"]
    # The status and leaving date (change_status), the account (the accounts page gives it its
    # role) and the erasure (anonymise_volunteer) each have their workflow.
    readonly_fields = ["status", "left_on", "user", "anonymised_at"]
    inlines = [CharterSignatureInline, StatusChangeInline]


class MembershipInline(WorkflowRecordInline):
    """Written by form_pair and replace_member only."""

    model = PairMembership


@admin.register(Pair)
class PairAdmin(CreatedByWorkflowAdmin):
    list_display = ["__str__", "volunteer_a", "volunteer_b", "started_on", "ended_on"]
    list_filter = ["started_on", "ended_on"]
    search_fields = ["name", "volunteer_a__last_name", "volunteer_b__last_name"]
    list_select_related = ["volunteer_a", "volunteer_b"]
    # Formed by form_pair (onboarded volunteers only), ended by end_pair (each senior placed).
    readonly_fields = ["volunteer_a", "volunteer_b", "ended_on", "end_reason"]
    inlines = [MembershipInline]


class AttendanceInline(WorkflowRecordInline):
    """Written by record_attendance (which also dates a volunteer's initial training)."""

    model = Attendance


@admin.register(Meeting)
class MeetingAdmin(ProgrammeAdmin):
    list_display = ["title", "kind", "held_on", "place"]
    list_filter = ["kind", "held_on"]
    search_fields = ["title", "place", "facilitator"]
    inlines = [AttendanceInline]


@admin.register(CharterVersion)
class CharterVersionAdmin(ProgrammeAdmin):
    list_display = ["label", "published_on"]
    search_fields = ["label", "text"]


@admin.register(Neighbourhood)
class NeighbourhoodAdmin(ProgrammeAdmin):
    search_fields = ["name"]


@admin.register(Association)
class AssociationAdmin(ProgrammeAdmin):
    search_fields = ["name"]
