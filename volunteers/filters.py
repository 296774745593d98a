"""The volunteers and pairs lists' filters: one FilterSet each, built by one function that
the page and its export both call, so that they select exactly the same rows."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Count, QuerySet
from django.utils.translation import gettext_lazy as _

from ccas_visits.lib.db import person_order, search
from ccas_visits.lib.lists import ListFilterSet
from volunteers.models import Meeting, Neighbourhood, Pair, Volunteer

SEARCH_FIELDS = ["last_name", "first_name", "email", "phone"]


class VolunteerFilter(ListFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_search")
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Volunteer.Kind.choices)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Volunteer.Status.choices)
    neighbourhood = django_filters.ModelChoiceFilter(
        label=_("Neighbourhood"),
        queryset=Neighbourhood.objects.all(),
        field_name="neighbourhoods",
        distinct=True,
    )
    onboarding_incomplete = django_filters.BooleanFilter(
        label=_("Onboarding incomplete"),
        method="filter_onboarding_incomplete",
        widget=forms.CheckboxInput,
    )

    class Meta:
        model = Volunteer
        fields: list[str] = []

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return search(queryset, value, SEARCH_FIELDS)

    def filter_onboarding_incomplete(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        if value:
            return queryset.filter(onboarding_complete=False)
        return queryset


def volunteer_list(data, *, user) -> VolunteerFilter:
    """The volunteers list as the page shows it (and as an export must reproduce it)."""
    queryset = (
        Volunteer.objects.visible_to(user)
        .with_onboarding()
        .prefetch_related("neighbourhoods")
        .order_by(*person_order())
    )
    return VolunteerFilter(data, queryset=queryset)


class PairFilter(ListFilterSet):
    """Current pairs, or with `ended=1` the ended ones (the two tabs of the pairs page)."""

    ended = django_filters.CharFilter(label=_("Ended pairs"))

    class Meta:
        model = Pair
        fields: list[str] = []

    @property
    def shows_ended(self) -> bool:
        return getattr(self.form, "cleaned_data", {}).get("ended") == "1"

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        # The only filter, and its absence (or any other value) also selects: the current pairs.
        return queryset.filter(ended_on__isnull=not self.shows_ended)


def pair_list(data, *, user) -> PairFilter:
    """The pairs list as the page shows it (and as its export must reproduce it)."""
    queryset = Pair.objects.visible_to(user).with_members().with_open_seniors().in_name_order()
    return PairFilter(data, queryset=queryset)


class MeetingFilter(ListFilterSet):
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Meeting.Kind.choices, empty_label=_("All"))

    class Meta:
        model = Meeting
        fields: list[str] = []


def meeting_list(data) -> MeetingFilter:
    """Meetings, trainings and practice-analysis sessions, the latest first, with their attendance."""
    queryset = Meeting.objects.annotate(attendance_count=Count("attendances")).order_by("-held_on", "-id")
    return MeetingFilter(data, queryset=queryset)
