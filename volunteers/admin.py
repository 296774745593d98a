from django.contrib import admin

from volunteers.models import (
    Attendance,
    CharterSignature,
    CharterVersion,
    Meeting,
    Neighbourhood,
    Pair,
    Volunteer,
    VolunteerStatusChange,
)


class CharterSignatureInline(admin.TabularInline):
    model = CharterSignature
    extra = 0


class StatusChangeInline(admin.TabularInline):
    model = VolunteerStatusChange
    extra = 0
    readonly_fields = ["from_status", "to_status", "changed_on", "reason", "changed_by"]


@admin.register(Volunteer)
class VolunteerAdmin(admin.ModelAdmin):
    list_display = ["last_name", "first_name", "kind", "status", "joined_on", "phone"]
    list_filter = ["kind", "status", "recruited_via", "neighbourhoods"]
    search_fields = ["last_name", "first_name", "email", "phone"]
    filter_horizontal = ["neighbourhoods"]
    raw_id_fields = ["user"]
    inlines = [CharterSignatureInline, StatusChangeInline]


@admin.register(Pair)
class PairAdmin(admin.ModelAdmin):
    list_display = ["__str__", "volunteer_a", "volunteer_b", "started_on", "ended_on"]
    list_filter = ["started_on", "ended_on"]
    search_fields = ["name", "volunteer_a__last_name", "volunteer_b__last_name"]
    list_select_related = ["volunteer_a", "volunteer_b"]
    autocomplete_fields = ["volunteer_a", "volunteer_b"]


class AttendanceInline(admin.TabularInline):
    model = Attendance
    extra = 0
    autocomplete_fields = ["volunteer"]


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "held_on", "place"]
    list_filter = ["kind", "held_on"]
    search_fields = ["title", "place", "facilitator"]
    inlines = [AttendanceInline]


@admin.register(CharterVersion)
class CharterVersionAdmin(admin.ModelAdmin):
    list_display = ["label", "published_on"]
    search_fields = ["label", "text"]


@admin.register(Neighbourhood)
class NeighbourhoodAdmin(admin.ModelAdmin):
    search_fields = ["name"]
