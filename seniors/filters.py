"""The seniors list's filters: one FilterSet, so that the page and its exports select
exactly the same rows."""

from __future__ import annotations

import datetime

import django_filters
from django import forms
from django.db.models import F, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ccas_visits.lib.db import person_order, search
from ccas_visits.lib.lists import ListFilterSet
from seniors.ages import AgeBand, birth_dates_for_band
from seniors.follow_up import follow_up
from seniors.models import Senior, is_acknowledgement_overdue, is_on_register_only, is_waiting_for_pair
from volunteers.models import Neighbourhood, Pair

SEARCH_FIELDS = ["last_name", "first_name", "address", "phone"]


def with_last_contact(queryset: QuerySet, today: datetime.date) -> QuerySet:
    """The seniors with their contact dates (last contact, latest attempt, due date, next
    visit planned), as the visits app defines them: the seniors' pages show its figures."""
    return follow_up().with_contact_dates(queryset, today)


def next_planned_contact(senior: Senior) -> datetime.date | None:
    """The next visit planned, else, for a senior with a pair, the day a contact falls due."""
    if senior.next_visit_planned:
        return senior.next_visit_planned
    return senior.due_on if senior.pair_id else None


class SeniorFilter(ListFilterSet):
    SORTS = {
        "name": person_order(),
        "-name": [key.desc() if hasattr(key, "desc") else f"-{key}" for key in person_order()],
        # Ascending age = latest birth date first.
        "age": ["-birth_date", "pk"],
        "-age": ["birth_date", "pk"],
        "last_contact": [F("last_contact").asc(nulls_first=True), "pk"],
        "-last_contact": [F("last_contact").desc(nulls_last=True), "pk"],
    }

    q = django_filters.CharFilter(label=_("Search"), method="filter_search")
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Senior.Status.choices)
    neighbourhood = django_filters.ModelChoiceFilter(
        label=_("Neighbourhood"), queryset=Neighbourhood.objects.all()
    )
    age_band = django_filters.ChoiceFilter(
        label=_("Age band"),
        choices=[
            (AgeBand.FROM_60.value, AgeBand.FROM_60.label),
            (AgeBand.FROM_75.value, AgeBand.FROM_75.label),
            (AgeBand.FROM_85.value, AgeBand.FROM_85.label),
            ("75_plus", _("75 and over (priority)")),
        ],
        method="filter_age_band",
    )
    source = django_filters.ChoiceFilter(label=_("How they were found"), choices=Senior.Source.choices)
    pair = django_filters.ModelChoiceFilter(
        label=_("Pair"), queryset=Pair.objects.with_members().in_name_order()
    )
    no_contact_days = django_filters.NumberFilter(
        label=_("No contact for more than (days)"),
        method="filter_no_contact",
        min_value=1,
        max_value=3650,
    )
    waiting = django_filters.BooleanFilter(
        label=_("Waiting for a pair"),
        method="filter_waiting",
        widget=forms.CheckboxInput,
    )
    register_only = django_filters.BooleanFilter(
        label=_("On the register, not yet approached"),
        method="filter_register_only",
        widget=forms.CheckboxInput,
    )
    acknowledgement_overdue = django_filters.BooleanFilter(
        label=_("Register acknowledgement overdue (8 days)"),
        method="filter_acknowledgement_overdue",
        widget=forms.CheckboxInput,
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"),
        choices=[
            ("name", _("Name (A to Z)")),
            ("-name", _("Name (Z to A)")),
            ("age", _("Age (youngest first)")),
            ("-age", _("Age (oldest first)")),
            ("last_contact", _("Last contact (oldest first)")),
            ("-last_contact", _("Last contact (newest first)")),
        ],
        method="filter_sort",
        empty_label=None,
    )

    class Meta:
        model = Senior
        fields: list[str] = []

    def __init__(self, data=None, *args, **kwargs) -> None:
        super().__init__(data, *args, **kwargs)
        self.form.fields["pair"].queryset = Pair.objects.active().with_members().in_name_order()

    @property
    def qs(self) -> QuerySet:
        queryset = super().qs
        if not getattr(self.form, "cleaned_data", {}).get("sort"):
            queryset = queryset.order_by(*self.SORTS["name"])
        return queryset

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return search(queryset, value, SEARCH_FIELDS)

    def filter_age_band(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        today = timezone.localdate()
        if value == "75_plus":
            return queryset.filter(
                birth_dates_for_band(AgeBand.FROM_75, today) | birth_dates_for_band(AgeBand.FROM_85, today)
            )
        return queryset.filter(birth_dates_for_band(value, today))

    def filter_no_contact(self, queryset: QuerySet, name: str, value) -> QuerySet:
        return follow_up().without_contact_for(queryset, int(value), timezone.localdate())

    def filter_waiting(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        if value:
            return queryset.filter(is_waiting_for_pair())
        return queryset

    def filter_register_only(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        return queryset.filter(is_on_register_only()) if value else queryset

    def filter_acknowledgement_overdue(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        return queryset.filter(is_acknowledgement_overdue(timezone.localdate())) if value else queryset

    def filter_sort(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.order_by(*self.SORTS.get(value, self.SORTS["name"]))


def senior_list(data, *, user) -> SeniorFilter:
    """The seniors list as the page shows it (and as an export must reproduce it)."""
    queryset = with_last_contact(
        Senior.objects.visible_to(user)
        .select_related("neighbourhood", "pair__volunteer_a", "pair__volunteer_b")
        .with_waiting_for_pair(),
        timezone.localdate(),
    )
    return SeniorFilter(data, queryset=queryset)
