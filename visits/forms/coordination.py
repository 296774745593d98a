"""Forms CCAS staff fill about calls, visits, alerts, activities and campaigns."""

from __future__ import annotations

import datetime

from django import forms
from django.db.models import Case, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ccas_visits.lib.concurrency import VersionedForm
from ccas_visits.lib.db import person_order
from seniors.models import Partner, Senior
from visits.forms.urgency import UrgencyForm
from visits.models import (
    Activity,
    ActivitySession,
    Call,
    Campaign,
    CampaignEntry,
    Need,
    Proposal,
    ServiceOffer,
    Visit,
)
from visits.services import campaign_candidates
from volunteers.models import Pair, Volunteer

DATETIME_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def moment_field(label: str) -> forms.DateTimeField:
    # Years 1900 to 2100 only, as every date field (ccas_visits.lib.dates.bound_form_dates).
    return forms.DateTimeField(label=label, widget=DATETIME_INPUT)


def pair_field() -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=_("Pair"),
        queryset=Pair.objects.active().with_members().in_name_order(),
        required=False,
        empty_label=_("CCAS staff (no pair)"),
        help_text=_("Leave empty for a contact made by CCAS staff."),
    )


def call_duration_field() -> forms.IntegerField:
    return forms.IntegerField(
        label=_("Duration (minutes)"),
        min_value=1,
        max_value=600,
        required=False,
        help_text=_("Optional. A call without a duration adds no volunteer hours."),
    )


class CallForm(UrgencyForm):
    pair = pair_field()
    called_at = moment_field(_("Called at"))
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Call.Outcome.choices)
    visit_booked_for = forms.DateField(label=_("Visit booked for"), required=False, widget=DATE_INPUT)
    duration_minutes = call_duration_field()
    note = forms.CharField(
        label=_("Note"), max_length=500, required=False, widget=forms.Textarea({"rows": 3})
    )

    def __init__(self, *args, senior: Senior, **kwargs) -> None:
        kwargs.setdefault("initial", {}).update(pair=senior.pair_id, called_at=timezone.localtime())
        super().__init__(*args, **kwargs)

    def clean(self) -> dict:
        data = super().clean()
        if data.get("outcome") == Call.Outcome.VISIT_BOOKED and not data.get("visit_booked_for"):
            self.add_error("visit_booked_for", _("Give the date of the booked visit."))
        return data


class VisitForm(UrgencyForm):
    pair = pair_field()
    visited_at = moment_field(_("Visited at"))
    duration_minutes = forms.IntegerField(label=_("Duration (minutes)"), min_value=1, max_value=600)
    kind = forms.ChoiceField(label=_("Kind"), choices=Visit.Kind.choices, initial=Visit.Kind.FOLLOW_UP)
    present = forms.ModelMultipleChoiceField(
        label=_("Volunteers present"),
        queryset=Volunteer.objects.active(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    services = forms.ModelMultipleChoiceField(
        label=_("CCAS services presented"),
        queryset=ServiceOffer.objects.filter(is_active=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    needs = forms.MultipleChoiceField(
        label=_("Needs noted"), choices=Need.Kind.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea({"rows": 4}))
    next_visit_on = forms.DateField(label=_("Next visit on"), required=False, widget=DATE_INPUT)

    def __init__(self, *args, senior: Senior, **kwargs) -> None:
        members = [senior.pair.volunteer_a_id, senior.pair.volunteer_b_id] if senior.pair else []
        kwargs.setdefault("initial", {}).update(
            pair=senior.pair_id, visited_at=timezone.localtime(), duration_minutes=60, present=members
        )
        super().__init__(*args, **kwargs)
        # The senior's pair first (and chosen): the usual case, without searching the whole list.
        self.fields["present"].queryset = (
            Volunteer.objects.active()
            .annotate(of_pair=Case(When(pk__in=members, then=0), default=1))
            .order_by("of_pair", *person_order())
        )


class CorrectionReason(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the correction"),
        max_length=100,
        required=False,
        help_text=_("Kept in the record's history."),
    )


class CallCorrectionForm(VersionedForm):
    pair = pair_field()

    class Meta:
        model = Call
        fields = ["pair", "called_at", "outcome", "visit_booked_for", "duration_minutes", "note"]
        widgets = {"called_at": DATETIME_INPUT, "visit_booked_for": DATE_INPUT}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # A past pair stays choosable on its own old records.
        self.fields["pair"].queryset = Pair.objects.with_members().in_name_order()


class VisitCorrectionForm(VersionedForm):
    pair = pair_field()

    class Meta:
        model = Visit
        fields = ["pair", "visited_at", "duration_minutes", "kind", "note", "next_visit_on"]
        widgets = {"visited_at": DATETIME_INPUT, "next_visit_on": DATE_INPUT}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["pair"].queryset = Pair.objects.with_members().in_name_order()


class AlertHandlingForm(forms.Form):
    outcome = forms.CharField(
        label=_("What was done"),
        widget=forms.Textarea({"rows": 4}),
        error_messages={"required": _("Say what was done before closing the alert.")},
    )


class NeedAnswerForm(forms.Form):
    """How a need was answered: an orientation towards a partner or a CCAS service, and when."""

    partner = forms.ModelChoiceField(
        label=_("Partner"), queryset=Partner.objects.filter(is_active=True), required=False
    )
    service = forms.ModelChoiceField(
        label=_("CCAS service"), queryset=ServiceOffer.objects.filter(is_active=True), required=False
    )
    made_on = forms.DateField(label=_("Orientation made on"), widget=DATE_INPUT)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, need: Need, **kwargs) -> None:
        kwargs.setdefault("initial", {}).setdefault("made_on", timezone.localdate())
        super().__init__(*args, **kwargs)
        self.need = need

    def clean_made_on(self) -> datetime.date | None:
        day = self.cleaned_data.get("made_on")
        if day and day > timezone.localdate():
            raise forms.ValidationError(_("This date is in the future."))
        if day and day < self.need.noted_on:
            raise forms.ValidationError(_("The need was answered after it was noted."))
        return day

    def clean(self) -> dict:
        data = super().clean()
        if (
            not data.get("partner")
            and not data.get("service")
            and not self.errors.keys() & {"partner", "service"}
        ):
            raise forms.ValidationError(_("Say towards which partner or service."))
        return data


class ReplyForm(forms.Form):
    reply = forms.CharField(
        label=_("Reply to the pair"),
        widget=forms.Textarea({"rows": 3}),
        error_messages={"required": _("Write a reply before sending it.")},
    )


class ActivityForm(forms.ModelForm):
    class Meta:
        model = Activity
        fields = ["name", "kind", "description", "is_active"]


class ActivitySessionForm(forms.ModelForm):
    class Meta:
        model = ActivitySession
        fields = ["starts_at", "place", "capacity"]
        widgets = {"starts_at": DATETIME_INPUT}


class ProposalForm(forms.ModelForm):
    senior = forms.ModelChoiceField(label=_("Senior"), queryset=Senior.objects.open())

    class Meta:
        model = Proposal
        fields = ["senior", "session", "proposed_on", "answer"]
        widgets = {"proposed_on": DATE_INPUT}

    def __init__(self, *args, activity: Activity, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.instance.activity = activity
        self.fields["session"].queryset = activity.sessions.all()
        self.fields["proposed_on"].initial = datetime.date.today


class CampaignOpenForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=Campaign.Kind.choices)
    seniors = forms.ModelMultipleChoiceField(
        label=_("Seniors to call"),
        queryset=Senior.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=True,
        error_messages={"required": _("Choose at least one senior to call.")},
        help_text=_("By default, everyone on the vulnerability register who has not objected."),
    )
    spread_unpaired = forms.TypedChoiceField(
        label=_("Seniors without a pair"),
        choices=[("1", _("Spread them over the active pairs")), ("", _("Put them on the staff list"))],
        coerce=bool,
        empty_value=False,
        initial="1",
        required=False,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        candidates = campaign_candidates()
        self.fields["seniors"].queryset = candidates
        if not self.is_bound:
            self.initial["seniors"] = list(candidates.values_list("pk", flat=True))


class CampaignCallForm(UrgencyForm):
    state = forms.ChoiceField(
        label=_("Result of the call"),
        choices=[c for c in CampaignEntry.State.choices if c[0] != CampaignEntry.State.TO_CALL],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the result of the call.")},
    )
    duration_minutes = call_duration_field()
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class CampaignMoveForm(forms.Form):
    pair = forms.ModelChoiceField(
        label=_("Move to the call list of"),
        queryset=Pair.objects.active().with_members().in_name_order(),
        required=False,
        empty_label=_("CCAS staff"),
    )


class CampaignAddForm(forms.Form):
    senior = forms.ModelChoiceField(
        queryset=Senior.objects.none(),
        error_messages={"invalid_choice": _("This senior cannot be added (file closed or not found).")},
    )

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["senior"].queryset = (
            Senior.objects.visible_to(user).open().filter(anonymised_at__isnull=True)
        )
