"""Coordinators' forms on seniors' files, partners and referrals."""

from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ccas_visits.lib.concurrency import VersionedForm
from seniors.models import Consent, Partner, Referral, RegisterEntry, Senior
from seniors.services import find_possible_duplicates
from volunteers.forms import DateInput, not_in_future
from volunteers.models import Pair

IDENTITY_FIELDS = ["first_name", "last_name", "birth_date", "sex"]
CONTACT_FIELDS = [
    "address",
    "postal_code",
    "city",
    "neighbourhood",
    "phone",
    "access_notes",
    "best_times",
    "interests",
    "living_situation",
    "emergency_contact_name",
    "emergency_contact_phone",
    "emergency_contact_relation",
]
SOURCE_FIELDS = ["source", "source_partner", "source_detail", "identified_on"]
HEALTH_FIELDS = ["gir", "health_notes"]


class SeniorForm(VersionedForm):
    """The senior's file. Warns, before saving, about a file that may be the same person."""

    confirm_not_duplicate = forms.BooleanField(
        label=_("I have checked: this is a different person"),
        required=False,
    )

    class Meta:
        model = Senior
        fields = IDENTITY_FIELDS + CONTACT_FIELDS + SOURCE_FIELDS + ["visit_interval_days"] + HEALTH_FIELDS
        widgets = {
            "birth_date": DateInput,
            "identified_on": DateInput,
            "health_notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.duplicates: list[Senior] = []
        self.fields["source_partner"].queryset = Partner.objects.filter(is_active=True)
        self.fields["source_partner"].help_text = _("Required when the senior was referred by a partner.")
        if self.instance.status == Senior.Status.REGISTER_ONLY:
            # The day someone on the register enters the programme is set by the approach.
            del self.fields["identified_on"]
        else:
            self.fields["identified_on"].required = True

    def clean_identified_on(self) -> datetime.date | None:
        day = self.cleaned_data.get("identified_on")
        not_in_future(day)
        return day

    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("source") != Senior.Source.PARTNER:
            cleaned["source_partner"] = None
        if self.errors:
            return cleaned
        self.duplicates = find_possible_duplicates(
            first_name=cleaned.get("first_name", ""),
            last_name=cleaned.get("last_name", ""),
            birth_date=cleaned.get("birth_date"),
            exclude_pk=self.instance.pk,
        )
        if self.duplicates and not cleaned.get("confirm_not_duplicate"):
            self.add_error(
                "confirm_not_duplicate",
                _("A file with this name already exists (see below). Check it is a different person."),
            )
        return cleaned


class ConsentForm(forms.ModelForm):
    class Meta:
        model = Consent
        fields = ["decision", "given_on", "channel", "collected_by", "notes"]
        widgets = {"given_on": DateInput}

    def __init__(self, *args, optional: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.optional = optional
        self.fields["given_on"].initial = timezone.localdate
        if optional:
            # On the creation form, consent may be collected later.
            for field in self.fields.values():
                field.required = False
            self.fields["decision"].choices = [("", _("Not collected yet"))] + list(Consent.Decision.choices)

    def is_filled(self) -> bool:
        return bool(self.cleaned_data.get("decision"))

    def clean_given_on(self) -> datetime.date | None:
        day = self.cleaned_data.get("given_on")
        not_in_future(day)
        return day

    def clean(self) -> dict:
        cleaned = super().clean()
        if self.optional and cleaned.get("decision"):
            for name in ("given_on", "channel", "collected_by"):
                if not cleaned.get(name):
                    self.add_error(name, _("Required when a decision is recorded."))
        return cleaned


class AssignPairForm(forms.Form):
    pair = forms.ModelChoiceField(
        label=_("Pair"),
        queryset=Pair.objects.none(),
        required=False,
        empty_label=_("No pair (waiting for a pair)"),
    )
    on = forms.DateField(label=_("From"), widget=DateInput, initial=timezone.localdate)
    reason = forms.CharField(label=_("Reason"), max_length=300, required=False)

    def __init__(self, *args, **kwargs) -> None:
        # Distinct ids: this form shares the senior's page with the status form.
        kwargs.setdefault("auto_id", "assign_%s")
        super().__init__(*args, **kwargs)
        self.fields["pair"].queryset = Pair.objects.active().with_members().in_name_order()

    def clean_on(self) -> datetime.date:
        day = self.cleaned_data["on"]
        not_in_future(day)
        return day


class SeniorStatusForm(forms.Form):
    STATUS_CHOICES = [
        ("", _("— choose —")),
        (Senior.Status.DECLINED.value, _("Record a refusal")),
        (Senior.Status.PAUSED.value, _("Pause the follow-up")),
        (Senior.Status.CLOSED.value, _("Close the file")),
        (Senior.Status.CONTACTED.value, _("Contacted")),
        (Senior.Status.FOLLOWED.value, _("Visited and followed")),
    ]

    status = forms.ChoiceField(label=_("Action"), choices=STATUS_CHOICES)
    closed_reason = forms.ChoiceField(
        label=_("Closing reason"),
        choices=[("", "—")] + list(Senior.ClosedReason.choices),
        required=False,
    )
    changed_on = forms.DateField(label=_("Date"), widget=DateInput, initial=timezone.localdate)
    reason = forms.CharField(label=_("Reason"), max_length=300)

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("auto_id", "status_%s")
        super().__init__(*args, **kwargs)

    def clean_changed_on(self) -> datetime.date:
        day = self.cleaned_data["changed_on"]
        not_in_future(day)
        return day

    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("status") == Senior.Status.CLOSED and not cleaned.get("closed_reason"):
            self.add_error("closed_reason", _("Say why the file is closed."))
        if cleaned.get("status") != Senior.Status.CLOSED:
            cleaned["closed_reason"] = ""
        return cleaned


class RhythmForm(forms.ModelForm):
    class Meta:
        model = Senior
        fields = ["visit_interval_days"]
        widgets = {"visit_interval_days": forms.NumberInput(attrs={"min": 1, "max": 365})}

    def clean_visit_interval_days(self) -> int:
        days = self.cleaned_data["visit_interval_days"]
        if not 1 <= days <= 365:
            raise forms.ValidationError(_("The contact rhythm must be between 1 and 365 days."))
        return days


class ApproachForm(forms.Form):
    """Someone on the register is approached for visits: the day and how."""

    on = forms.DateField(label=_("Approached on"), widget=DateInput, initial=timezone.localdate)
    channel = forms.ChoiceField(label=_("How"), choices=Senior.ApproachChannel.choices)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("auto_id", "approach_%s")
        super().__init__(*args, **kwargs)

    def clean_on(self) -> datetime.date:
        day = self.cleaned_data["on"]
        not_in_future(day)
        return day


class RegisterEntryForm(forms.ModelForm):
    """The person's entry in the vulnerability register: who asked, the acknowledgement sent,
    an objection, leaving the register."""

    DATES = ("registered_on", "acknowledged_on", "objected_on", "left_on")

    class Meta:
        model = RegisterEntry
        fields = [
            "register_id",
            "basis",
            "requested_by",
            "third_party",
            "registered_on",
            "acknowledged_on",
            "objected_on",
            "left_on",
        ]
        widgets = {name: DateInput for name in ("registered_on", "acknowledged_on", "objected_on", "left_on")}

    def clean(self) -> dict:
        cleaned = super().clean()
        for name in self.DATES:
            day = cleaned.get(name)
            if day and day > timezone.localdate():
                self.add_error(name, _("This date is in the future."))
        registered = cleaned.get("registered_on")
        for name in self.DATES[1:]:
            day = cleaned.get(name)
            if day and registered and day < registered:
                self.add_error(name, _("This date is before the registration."))
        if cleaned.get("requested_by") == RegisterEntry.RequestedBy.THIRD_PARTY and not cleaned.get(
            "third_party"
        ):
            self.add_error("third_party", _("Say who asked in writing."))
        return cleaned


class PartnerForm(forms.ModelForm):
    class Meta:
        model = Partner
        fields = ["name", "kind", "contact_name", "email", "phone", "notes", "is_active"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}


class ReferralForm(forms.ModelForm):
    class Meta:
        model = Referral
        fields = ["received_on", "first_name", "last_name", "birth_date", "address", "phone", "reason"]
        widgets = {
            "received_on": DateInput,
            "birth_date": DateInput,
            "reason": forms.Textarea(attrs={"rows": 3}),
        }

    def clean_received_on(self) -> datetime.date:
        day = self.cleaned_data["received_on"]
        not_in_future(day)
        return day


class ReferralRejectForm(forms.Form):
    note = forms.CharField(label=_("Why is it not taken up?"), max_length=300)


# The choice that sends a senior of an ending pair to the "waiting for a pair" list.
WAITING = "waiting"


class PairEndForm(forms.Form):
    """Ending a pair: the date, the reason, and where each of its seniors goes."""

    ended_on = forms.DateField(label=_("End date"), widget=DateInput, initial=timezone.localdate)
    reason = forms.CharField(label=_("Reason"), max_length=300)

    def __init__(self, *args, pair: Pair, seniors: list[Senior], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.pair = pair
        self.seniors = seniors
        others = Pair.objects.active().with_members().exclude(pk=pair.pk).in_name_order()
        choices = [("", _("— choose —")), (WAITING, _("Waiting for a pair"))]
        choices += [(str(other.pk), str(other)) for other in others]
        self.other_pairs = {str(other.pk): other for other in others}
        for senior in seniors:
            self.fields[f"senior_{senior.pk}"] = forms.ChoiceField(
                label=_("Where does %(name)s go?") % {"name": senior},
                choices=choices,
                help_text=_("Another active pair, or explicitly “waiting for a pair”."),
            )

    def senior_fields(self) -> list:
        return [self[f"senior_{senior.pk}"] for senior in self.seniors]

    def clean_ended_on(self) -> datetime.date:
        day = self.cleaned_data["ended_on"]
        if day < self.pair.started_on:
            raise forms.ValidationError(_("A pair cannot end before it starts."))
        return day

    def destinations(self) -> dict[Senior, Pair | None]:
        return {
            senior: self.other_pairs.get(self.cleaned_data[f"senior_{senior.pk}"]) for senior in self.seniors
        }
