"""Forms the volunteer pairs fill on the tablet.

The same forms check a record posted from the page (without JavaScript) and a record sent
later by the tablet's outbox through the sync endpoint, so both give the same French messages.
Saving goes through `visits.services` only."""

from __future__ import annotations

import datetime
import uuid

from django import forms
from django.contrib.auth.models import User
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from seniors.models import Senior
from visits.forms.six_monthly import ANSWER_FIELDS, MeasureFields
from visits.forms.urgency import UrgencyForm, as_tablet_buttons
from visits.models import (
    Activity,
    ActivitySession,
    Alert,
    Call,
    CampaignEntry,
    LonelinessMeasure,
    Need,
    Proposal,
    ServiceOffer,
    Visit,
)
from visits.services import (
    CAMPAIGN_CALL_OUTCOMES,
    AlertInput,
    NeedInput,
    ProposalInput,
    VisitInput,
    record_call,
    record_campaign_call,
    record_visit,
)
from visits.six_monthly import record_measure
from volunteers.models import Pair, Volunteer

# Durations written the French way, the same in both languages.
DURATION_CHOICES = [(15, "15 min"), (30, "30 min"), (45, "45 min"), (60, "1 h"), (90, "1 h 30"), (120, "2 h")]
CALL_DURATION_CHOICES = [
    (5, "5 min"),
    (10, "10 min"),
    (15, "15 min"),
    (30, "30 min"),
    (45, "45 min"),
    (60, "1 h"),
]
# How far back a record made offline may be dated: a tablet left a week in a drawer still syncs.
MAX_AGE_DAYS = 60
# How far ahead a booked or planned visit may be: further is a typing slip (2999).
MAX_AHEAD_DAYS = 366
# The longest note to the coordinator; the tablet shows it under the field.
NOTE_MAX_LENGTH = 2000
# Radios and checkboxes drawn as large buttons (Bootstrap's btn-check).
CHOICE_BUTTONS = forms.RadioSelect(attrs={"class": "btn-check"})
TOGGLE_BUTTONS = forms.CheckboxSelectMultiple(attrs={"class": "btn-check"})
UPCOMING_SESSIONS_SHOWN = 3


def local_datetime(day: datetime.date, logged_at: datetime.datetime | None) -> datetime.datetime:
    """When a contact happened: the moment it was logged on the tablet if that was the same day,
    else noon that day (the volunteer only gave a date)."""
    now = timezone.now()
    logged_at = min(logged_at or now, now)
    if timezone.localtime(logged_at).date() == day:
        return logged_at
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12, 0)))


class TabletRecordForm(UrgencyForm):
    """What every record made on the tablet carries: its identifier, when it was logged, and
    the urgent alert the volunteer may raise."""

    # Hidden, but labelled: a refusal names the answer it is about.
    uuid = forms.UUIDField(label=_("Record identifier"), widget=forms.HiddenInput)
    # Filled by the tablet when the volunteer pressed "save", so a record sent later keeps its time.
    logged_at = forms.DateTimeField(
        label=_("Time saved on the tablet"), required=False, widget=forms.HiddenInput
    )

    def __init__(self, *args, senior: Senior, pair: Pair, **kwargs) -> None:
        self.senior = senior
        self.pair = pair
        kwargs.setdefault("initial", {}).setdefault("uuid", uuid.uuid4())
        super().__init__(*args, **kwargs)
        as_tablet_buttons(self)

    def clean_logged_at(self) -> datetime.datetime | None:
        logged_at = self.cleaned_data.get("logged_at")
        now = timezone.now()
        if logged_at and (logged_at > now + datetime.timedelta(minutes=5)):
            raise forms.ValidationError(_("The tablet's clock is ahead: check its date and time."))
        if logged_at and logged_at < now - datetime.timedelta(days=MAX_AGE_DAYS):
            raise forms.ValidationError(_("This record is too old to be sent: tell your coordinator."))
        return logged_at

    def check_day(self, day: datetime.date | None) -> datetime.date | None:
        today = timezone.localdate()
        if day and day > today:
            raise forms.ValidationError(_("This date is in the future."))
        if day and day < today - datetime.timedelta(days=MAX_AGE_DAYS):
            raise forms.ValidationError(_("This date is too far back."))
        return day

    def check_ahead(self, day: datetime.date | None) -> datetime.date | None:
        if day and day > timezone.localdate() + datetime.timedelta(days=MAX_AHEAD_DAYS):
            raise forms.ValidationError(_("This date is more than a year ahead: check the year."))
        return day


class CallForm(TabletRecordForm):
    outcome = forms.ChoiceField(
        label=_("How did the call go?"), choices=Call.Outcome.choices, widget=CHOICE_BUTTONS
    )
    visit_booked_for = forms.DateField(
        label=_("Date of the booked visit"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d"),
    )
    duration_minutes = forms.TypedChoiceField(
        label=_("How long? (optional)"),
        choices=CALL_DURATION_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
        widget=CHOICE_BUTTONS,
    )
    note = forms.CharField(
        label=_("Short note (optional)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
    )

    def clean_visit_booked_for(self) -> datetime.date | None:
        return self.check_ahead(self.cleaned_data.get("visit_booked_for"))

    def clean(self) -> dict:
        data = super().clean()
        booked = data.get("outcome") == Call.Outcome.VISIT_BOOKED
        day = data.get("visit_booked_for")
        if booked and not day and "visit_booked_for" not in self.errors:
            self.add_error("visit_booked_for", _("Give the date of the booked visit."))
        if booked and day and day < timezone.localdate() - datetime.timedelta(days=1):
            self.add_error("visit_booked_for", _("The booked visit cannot be in the past."))
        if not booked:
            data["visit_booked_for"] = None
        return data

    def save(self, *, by: User) -> tuple[Call, bool]:
        data = self.cleaned_data
        return record_call(
            senior=self.senior,
            pair=self.pair,
            by=by,
            outcome=data["outcome"],
            called_at=min(data.get("logged_at") or timezone.now(), timezone.now()),
            note=data["note"],
            visit_booked_for=data["visit_booked_for"],
            duration_minutes=data.get("duration_minutes"),
            alert=self.alert_input(),
            uuid=data["uuid"],
        )


# What a pair answers after a campaign call, in the tablet's words.
CAMPAIGN_RESULTS = [
    (CampaignEntry.State.FINE, _("Reached, all is well")),
    (CampaignEntry.State.NEEDS_HELP, _("Reached, needs help")),
    (CampaignEntry.State.NOT_REACHED, _("Not reached")),
]


class CampaignCallForm(TabletRecordForm):
    """A call of a heatwave or cold-weather campaign, from the pair's list on the tablet.

    Never refused for what changed on the server since the call was made: on a list moved to
    another pair it still moves the senior's line (counting for the pair that called); after
    the campaign closed it is kept as a call of that campaign. "Needs help" raises an alert
    with what is needed; "not reached" goes to the coordinators, as from their own list."""

    field_order = ("uuid", "logged_at", "campaign", "result", "help_needed", "duration_minutes", "note")

    campaign = forms.IntegerField(
        label=_("Campaign"), min_value=1, max_value=2**63 - 1, widget=forms.HiddenInput
    )
    result = forms.ChoiceField(
        label=_("How did the call go?"), choices=CAMPAIGN_RESULTS, widget=CHOICE_BUTTONS
    )
    help_needed = forms.CharField(
        label=_("What help is needed?"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
    )
    duration_minutes = CallForm.base_fields["duration_minutes"]
    note = CallForm.base_fields["note"]

    def clean(self) -> dict:
        data = super().clean()
        if data.get("result") == CampaignEntry.State.NEEDS_HELP and not data.get("help_needed", "").strip():
            self.add_error("help_needed", _("Say in a few words what help is needed."))
        return data

    def alert(self) -> AlertInput | None:
        data = self.cleaned_data
        if urgent := self.alert_input():
            return urgent
        if data["result"] == CampaignEntry.State.NEEDS_HELP:
            return AlertInput(kind=Alert.Kind.OTHER, description=data["help_needed"].strip())
        return None

    def save(self, *, by: User) -> tuple[Call, bool]:
        data = self.cleaned_data
        if existing := Call.objects.filter(uuid=data["uuid"]).first():
            return existing, False
        called_at = min(data.get("logged_at") or timezone.now(), timezone.now())
        entry = (
            CampaignEntry.objects.filter(campaign_id=data["campaign"], senior=self.senior)
            .select_related("campaign", "senior")
            .first()
        )
        note = data["note"]
        if entry is not None and entry.campaign.is_open:
            call = record_campaign_call(
                entry,
                by=by,
                state=data["result"],
                note=note,
                duration_minutes=data.get("duration_minutes"),
                alert=self.alert(),
                called_at=called_at,
                uuid=data["uuid"],
                pair=self.pair,
            )
            return call, True
        return record_call(
            senior=self.senior,
            pair=self.pair,
            by=by,
            outcome=CAMPAIGN_CALL_OUTCOMES[data["result"]],
            called_at=called_at,
            note=note,
            duration_minutes=data.get("duration_minutes"),
            campaign=entry.campaign if entry else None,
            alert=self.alert(),
            uuid=data["uuid"],
        )


def catalogue() -> list[Activity]:
    """The activities to propose, each with its next sessions (two queries)."""
    upcoming = ActivitySession.objects.filter(starts_at__gte=timezone.now()).order_by("starts_at")
    return list(
        Activity.objects.filter(is_active=True).prefetch_related(
            Prefetch("sessions", queryset=upcoming, to_attr="upcoming_sessions")
        )
    )


class VisitForm(TabletRecordForm):
    visited_on = forms.DateField(
        label=_("Date of the visit"),
        # The tablet puts today's date back when it opens a form it kept for offline use.
        widget=forms.DateInput(
            attrs={"type": "date", "class": "form-control", "data-today": ""}, format="%Y-%m-%d"
        ),
    )
    duration_minutes = forms.TypedChoiceField(
        label=_("How long?"), choices=DURATION_CHOICES, coerce=int, initial=60, widget=CHOICE_BUTTONS
    )
    kind = forms.ChoiceField(label=_("Which visit?"), choices=Visit.Kind.choices, widget=CHOICE_BUTTONS)
    present = forms.ModelMultipleChoiceField(
        label=_("Who of the pair came?"),
        queryset=Volunteer.objects.none(),
        widget=TOGGLE_BUTTONS,
        error_messages={"required": _("Tick who came to the visit.")},
    )
    services = forms.ModelMultipleChoiceField(
        label=_("CCAS services you presented"),
        queryset=ServiceOffer.objects.filter(is_active=True),
        required=False,
        widget=TOGGLE_BUTTONS,
    )
    proposed = forms.MultipleChoiceField(label=_("Activities proposed"), required=False)
    accepted = forms.MultipleChoiceField(label=_("Activities the senior accepted"), required=False)
    needs = forms.MultipleChoiceField(
        label=_("Needs noted"),
        choices=Need.Kind.choices,
        required=False,
        widget=TOGGLE_BUTTONS,
        help_text=_("Kinds only: no health detail."),
    )
    note = forms.CharField(
        label=_("Note to the coordinator"),
        max_length=NOTE_MAX_LENGTH,
        help_text=_("At most 2,000 characters."),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
    )
    next_visit_on = forms.DateField(
        label=_("Next visit planned on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, activities: list[Activity] | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.activities = catalogue() if activities is None else activities
        choices = [(str(a.pk), a.name) for a in self.activities]
        self.fields["proposed"].choices = choices
        self.fields["accepted"].choices = choices
        self.fields["present"].queryset = Volunteer.objects.filter(
            pk__in=[self.pair.volunteer_a_id, self.pair.volunteer_b_id]
        )
        self.initial.setdefault("visited_on", timezone.localdate())
        self.initial.setdefault("present", [self.pair.volunteer_a_id, self.pair.volunteer_b_id])

    def activity_rows(self) -> list[dict]:
        """The catalogue as the form shows it: each activity, its next dates, what is ticked."""
        proposed = {str(v) for v in (self["proposed"].value() or [])}
        accepted = {str(v) for v in (self["accepted"].value() or [])}
        return [
            {
                "activity": activity,
                "sessions": activity.upcoming_sessions[:UPCOMING_SESSIONS_SHOWN],
                "proposed": str(activity.pk) in proposed,
                "accepted": str(activity.pk) in accepted,
            }
            for activity in self.activities
        ]

    def clean_visited_on(self) -> datetime.date | None:
        return self.check_day(self.cleaned_data.get("visited_on"))

    def clean_next_visit_on(self) -> datetime.date | None:
        return self.check_ahead(self.cleaned_data.get("next_visit_on"))

    def clean(self) -> dict:
        data = super().clean()
        day, next_on = data.get("visited_on"), data.get("next_visit_on")
        if day and next_on and next_on < day:
            self.add_error("next_visit_on", _("The next visit comes after this one."))
        return data

    def proposals(self) -> list[ProposalInput]:
        by_pk = {str(a.pk): a for a in self.activities}
        accepted = set(self.cleaned_data["accepted"])
        chosen = [pk for pk in by_pk if pk in accepted or pk in set(self.cleaned_data["proposed"])]
        return [
            ProposalInput(
                activity=by_pk[pk],
                answer=Proposal.Answer.ACCEPTED if pk in accepted else Proposal.Answer.PROPOSED,
            )
            for pk in chosen
        ]

    def save(self, *, by: User) -> tuple[Visit, bool]:
        data = self.cleaned_data
        return record_visit(
            VisitInput(
                senior=self.senior,
                pair=self.pair,
                visited_at=local_datetime(data["visited_on"], data.get("logged_at")),
                duration_minutes=data["duration_minutes"],
                kind=data["kind"],
                present=list(data["present"]),
                services=list(data["services"]),
                proposals=self.proposals(),
                needs=[NeedInput(kind=kind) for kind in data["needs"]],
                alert=self.alert_input(),
                note=data["note"],
                next_visit_on=data.get("next_visit_on"),
                uuid=data["uuid"],
            ),
            by=by,
        )


class LonelinessForm(MeasureFields):
    """The loneliness questions asked by the pair (visits/six_monthly.py): answers only, no
    score shown, and nothing kept on the tablet once sent. Not a contact: no urgent alert."""

    uuid = forms.UUIDField(label=_("Record identifier"), widget=forms.HiddenInput)
    logged_at = forms.DateTimeField(
        label=_("Time saved on the tablet"), required=False, widget=forms.HiddenInput
    )
    field_order = ("declined", *ANSWER_FIELDS)

    def __init__(self, *args, senior: Senior, pair: Pair, **kwargs) -> None:
        self.senior = senior
        self.pair = pair
        kwargs.setdefault("initial", {}).setdefault("uuid", uuid.uuid4())
        super().__init__(*args, **kwargs)
        for name in ("declined", *ANSWER_FIELDS):
            self.fields[name].widget.attrs["class"] = "btn-check"

    clean_logged_at = TabletRecordForm.clean_logged_at

    def save(self, *, by: User) -> tuple[LonelinessMeasure, bool]:
        data = self.cleaned_data
        logged_at = min(data.get("logged_at") or timezone.now(), timezone.now())
        return record_measure(
            uuid=data["uuid"],
            senior=self.senior,
            pair=self.pair,
            by=by,
            occasion=LonelinessMeasure.Occasion.PAIR,
            measured_on=timezone.localtime(logged_at).date(),
            **self.measure_data(),
        )
