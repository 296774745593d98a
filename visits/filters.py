"""The filters of the calls, visits, proposals and alerts lists: one FilterSet each, built by
one function that the page and its export both call, so that they select the same rows."""

from __future__ import annotations

import datetime

import django_filters
from django import forms
from django.db.models import BooleanField, ExpressionWrapper, F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ccas_visits.lib.dates import local_midnight
from ccas_visits.lib.db import search
from ccas_visits.lib.lists import ListFilterSet
from seniors.models import Senior
from visits.models import UNREAD_REPORT, Activity, Alert, Call, Proposal, Visit
from volunteers.models import Pair

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ContactFilter(ListFilterSet):
    """Shared by calls and visits: who made it, for whom, when."""

    pair = django_filters.ModelChoiceFilter(
        label=_("Pair"),
        queryset=Pair.objects.with_members().in_name_order(),
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


class AlertFilter(ListFilterSet):
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


class ProposalFilter(ListFilterSet):
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


def call_list(data, *, user) -> CallFilter:
    """The calls list as the page shows it (and as its export must reproduce it)."""
    queryset = Call.objects.visible_to(user).select_related(
        "senior", "pair__volunteer_a", "pair__volunteer_b", "campaign"
    )
    return CallFilter(data, queryset=queryset)


def visit_list(data, *, user) -> VisitFilter:
    """The visits list as the page shows it (and as its export must reproduce it)."""
    queryset = Visit.objects.visible_to(user).select_related(
        "senior", "pair__volunteer_a", "pair__volunteer_b"
    )
    return VisitFilter(data, queryset=queryset)


def proposal_list(data, *, user) -> ProposalFilter:
    """The proposals list as the page shows it (and as its export must reproduce it)."""
    queryset = (
        Proposal.objects.filter(senior__in=Senior.objects.visible_to(user))
        .select_related("senior", "activity", "session__activity")
        .order_by("-proposed_on", "-pk")
    )
    return ProposalFilter(data, queryset=queryset)


def alert_list(data, *, user) -> AlertFilter:
    """The urgent alerts: open ones first, the nearest deadline on top; then the latest handled."""
    queryset = (
        Alert.objects.filter(senior__in=Senior.objects.visible_to(user))
        .select_related("senior", "raised_by", "handled_by")
        .annotate(
            is_overdue=ExpressionWrapper(
                Q(handled_at__isnull=True, due_at__lt=timezone.now()), BooleanField()
            )
        )
        .order_by(F("handled_at").desc(nulls_first=True), "due_at")
    )
    return AlertFilter(data, queryset=queryset)
