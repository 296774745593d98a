"""List filters for calls, visits and alerts: the same FilterSets serve pages and exports."""

from __future__ import annotations

import datetime

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from ccas_visits.dates import local_midnight
from ccas_visits.db import search
from visits.models import UNREAD_REPORT, Activity, Alert, Call, Proposal, Visit
from volunteers.models import Pair

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ContactFilter(django_filters.FilterSet):
    """Shared by calls and visits: who made it, for whom, when."""

    pair = django_filters.ModelChoiceFilter(
        label=_("Pair"),
        queryset=Pair.objects.with_members(),
        empty_label=_("All pairs"),
    )
    staff = django_filters.BooleanFilter(
        label=_("Made by CCAS staff"),
        field_name="pair",
        lookup_expr="isnull",
        widget=forms.Select(choices=[("", _("Everyone")), ("true", _("Yes")), ("false", _("No"))]),
    )
    senior = django_filters.CharFilter(label=_("Senior"), method="filter_senior")
    date_from = django_filters.DateFilter(label=_("From"), method="filter_from", widget=DATE_INPUT)
    date_to = django_filters.DateFilter(label=_("To"), method="filter_to", widget=DATE_INPUT)

    def filter_senior(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return search(queryset, value, ["senior__last_name", "senior__first_name"])

    def filter_from(self, queryset: QuerySet, name: str, value: datetime.date) -> QuerySet:
        return queryset.filter(**{f"{queryset.model.DATE_FIELD}__gte": local_midnight(value)})

    def filter_to(self, queryset: QuerySet, name: str, value: datetime.date) -> QuerySet:
        next_day = local_midnight(value + datetime.timedelta(days=1))
        return queryset.filter(**{f"{queryset.model.DATE_FIELD}__lt": next_day})


class CallFilter(ContactFilter):
    outcome = django_filters.ChoiceFilter(
        label=_("Outcome"), choices=Call.Outcome.choices, empty_label=_("All outcomes")
    )

    class Meta:
        model = Call
        fields = ["pair", "staff", "senior", "date_from", "date_to", "outcome"]


class VisitFilter(ContactFilter):
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=Visit.Kind.choices, empty_label=_("All kinds")
    )
    unread = django_filters.BooleanFilter(
        label=_("Report not read yet"),
        method="filter_unread",
        widget=forms.CheckboxInput,
    )

    class Meta:
        model = Visit
        fields = ["pair", "staff", "senior", "date_from", "date_to", "kind", "unread"]

    def filter_unread(self, queryset: QuerySet, name: str, value: bool) -> QuerySet:
        if not value:
            return queryset
        return queryset.filter(UNREAD_REPORT)


class AlertFilter(django_filters.FilterSet):
    OPEN, HANDLED = "open", "handled"

    state = django_filters.ChoiceFilter(
        label=_("State"),
        choices=[(OPEN, _("To handle")), (HANDLED, _("Handled"))],
        empty_label=_("All alerts"),
        method="filter_state",
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=Alert.Kind.choices, empty_label=_("All kinds")
    )
    senior = django_filters.CharFilter(label=_("Senior"), method="filter_senior")

    class Meta:
        model = Alert
        fields = ["state", "kind", "senior"]

    def filter_state(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(handled_at__isnull=(value == self.OPEN))

    def filter_senior(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return search(queryset, value, ["senior__last_name", "senior__first_name"])


class ProposalFilter(django_filters.FilterSet):
    """The proposals list (and its export): which activity, what answer, who came, when."""

    activity = django_filters.ModelChoiceFilter(
        label=_("Activity"), queryset=Activity.objects.all(), empty_label=_("All activities")
    )
    answer = django_filters.ChoiceFilter(
        label=_("Answer"), choices=Proposal.Answer.choices, empty_label=_("All answers")
    )
    attended = django_filters.BooleanFilter(
        label=_("Came"),
        widget=forms.Select(choices=[("", _("Everyone")), ("true", _("Yes")), ("false", _("No"))]),
    )
    date_from = django_filters.DateFilter(
        label=_("From"), field_name="proposed_on", lookup_expr="gte", widget=DATE_INPUT
    )
    date_to = django_filters.DateFilter(
        label=_("To"), field_name="proposed_on", lookup_expr="lte", widget=DATE_INPUT
    )

    class Meta:
        model = Proposal
        fields = ["activity", "answer", "attended", "date_from", "date_to"]
