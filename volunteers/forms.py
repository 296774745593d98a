"""Coordinators' forms on volunteers, pairs, and meetings."""

from __future__ import annotations

import datetime

from django import forms
from django.contrib.auth.models import Group, User
from django.contrib.auth.password_validation import validate_password
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ccas_visits.lib.concurrency import VersionedForm
from ccas_visits.lib.db import person_order
from ccas_visits.lib.permissions import COORDINATOR, MANAGER, VOLUNTEER
from volunteers.models import CharterSignature, CharterVersion, Meeting, Pair, Volunteer


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


def not_in_future(day: datetime.date | None) -> None:
    if day and day > timezone.localdate():
        raise forms.ValidationError(_("This date is in the future."))


class VolunteerForm(VersionedForm):
    class Meta:
        model = Volunteer
        fields = [
            "first_name",
            "last_name",
            "kind",
            "email",
            "phone",
            "recruited_via",
            "recruitment_detail",
            "neighbourhoods",
            "joined_on",
            "initial_training_on",
            "insurance_or_agreement_on",
            "mission_starts_on",
            "mission_ends_on",
            "association",
            "notes",
        ]
        widgets = {
            "joined_on": DateInput,
            "initial_training_on": DateInput,
            "insurance_or_agreement_on": DateInput,
            "mission_starts_on": DateInput,
            "mission_ends_on": DateInput,
            "neighbourhoods": forms.CheckboxSelectMultiple,
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def clean(self) -> dict:
        cleaned = super().clean()
        kind = cleaned.get("kind")
        if kind == Volunteer.Kind.CIVIC_SERVICE and not cleaned.get("mission_ends_on"):
            self.add_error("mission_ends_on", _("Give the end of the civic-service mission."))
        if kind != Volunteer.Kind.CIVIC_SERVICE:
            for field in ("mission_starts_on", "mission_ends_on"):
                if cleaned.get(field):
                    self.add_error(field, _("Only a civic-service volunteer has a mission."))
        if kind == Volunteer.Kind.ASSOCIATION and not cleaned.get("association"):
            self.add_error("association", _("Give the partner association of this volunteer."))
        if kind != Volunteer.Kind.ASSOCIATION and cleaned.get("association"):
            self.add_error("association", _("Only a partner-association member belongs to an association."))
        start, end = cleaned.get("mission_starts_on"), cleaned.get("mission_ends_on")
        if start and end and end < start:
            self.add_error("mission_ends_on", _("A mission cannot end before it starts."))
        return cleaned


class VolunteerStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=Volunteer.Status.choices)
    changed_on = forms.DateField(label=_("Date"), widget=DateInput, initial=timezone.localdate)
    reason = forms.CharField(label=_("Reason"), max_length=300)

    def __init__(self, *args, volunteer: Volunteer, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.volunteer = volunteer
        self.fields["status"].choices = [
            (value, label) for value, label in Volunteer.Status.choices if value != volunteer.status
        ]

    def clean_changed_on(self) -> datetime.date:
        day = self.cleaned_data["changed_on"]
        not_in_future(day)
        if day < self.volunteer.joined_on:
            raise forms.ValidationError(_("This date is before the volunteer joined."))
        return day


class CharterSignatureForm(forms.ModelForm):
    class Meta:
        model = CharterSignature
        fields = ["version", "signed_on"]
        widgets = {"signed_on": DateInput}

    def __init__(self, *args, volunteer: Volunteer, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.volunteer = volunteer
        self.fields["version"].queryset = CharterVersion.objects.order_by("-published_on")
        self.fields["signed_on"].initial = timezone.localdate

    def clean_signed_on(self) -> datetime.date:
        day = self.cleaned_data["signed_on"]
        not_in_future(day)
        return day

    def clean(self) -> dict:
        cleaned = super().clean()
        version = cleaned.get("version")
        if version and CharterSignature.objects.filter(volunteer=self.volunteer, version=version).exists():
            self.add_error("version", _("This volunteer already signed this version."))
        return cleaned


class PairForm(forms.ModelForm):
    class Meta:
        model = Pair
        fields = ["volunteer_a", "volunteer_b", "name", "started_on"]
        widgets = {"started_on": DateInput}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        available = Volunteer.objects.exclude(status=Volunteer.Status.LEFT).order_by(*person_order())
        self.fields["volunteer_a"].queryset = available
        self.fields["volunteer_b"].queryset = available
        self.fields["name"].help_text = _("Optional: by default the two last names.")

    def clean(self) -> dict:
        cleaned = super().clean()
        first, second = cleaned.get("volunteer_a"), cleaned.get("volunteer_b")
        if first and second and first == second:
            raise forms.ValidationError(_("A pair needs two different volunteers."))
        # The onboarding gate: nobody joins an active pair before charter and training.
        for field in ("volunteer_a", "volunteer_b"):
            volunteer = cleaned.get(field)
            if volunteer is not None:
                for problem in volunteer.onboarding_problems():
                    self.add_error(field, problem)
        return cleaned


class PairReplaceForm(forms.Form):
    """Replace one member of a pair (volunteers.services.replace_member checks the rest)."""

    outgoing = forms.ModelChoiceField(
        label=_("Member who leaves the pair"), queryset=Volunteer.objects.none()
    )
    incoming = forms.ModelChoiceField(
        label=_("Volunteer who takes their place"), queryset=Volunteer.objects.none()
    )
    on = forms.DateField(
        label=_("In the pair from"),
        widget=DateInput,
        initial=timezone.localdate,
        help_text=_("The member who leaves was in the pair until the day before."),
    )
    reason = forms.CharField(label=_("Reason"), max_length=300)

    def __init__(self, *args, pair: Pair, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["outgoing"].queryset = Volunteer.objects.filter(pk__in=[v.pk for v in pair.members])
        self.fields["incoming"].queryset = (
            Volunteer.objects.filter(status=Volunteer.Status.ACTIVE)
            .exclude(pk__in=[v.pk for v in pair.members])
            .order_by(*person_order())
        )

    def clean_on(self) -> datetime.date:
        day = self.cleaned_data["on"]
        not_in_future(day)
        return day


class MeetingForm(forms.ModelForm):
    class Meta:
        model = Meeting
        fields = ["kind", "title", "held_on", "duration_minutes", "place", "facilitator", "notes"]
        widgets = {"held_on": DateInput, "notes": forms.Textarea(attrs={"rows": 3})}


class AttendanceForm(forms.Form):
    volunteers = forms.ModelMultipleChoiceField(
        label=_("Who came"),
        queryset=Volunteer.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, meeting: Meeting, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        attended = meeting.attendances.values("volunteer")
        self.fields["volunteers"].queryset = (
            Volunteer.objects.exclude(status=Volunteer.Status.LEFT)
            | Volunteer.objects.filter(pk__in=attended)
        ).order_by(*person_order())
        self.fields["volunteers"].initial = list(meeting.attendances.values_list("volunteer_id", flat=True))


class AccountForm(forms.Form):
    ROLE_CHOICES = [(VOLUNTEER, _("Volunteer")), (COORDINATOR, _("Coordinator")), (MANAGER, _("Manager"))]

    role = forms.ChoiceField(label=_("Role"), choices=ROLE_CHOICES)
    volunteer = forms.ModelChoiceField(
        label=_("Volunteer"),
        queryset=Volunteer.objects.filter(user__isnull=True).exclude(status=Volunteer.Status.LEFT),
        required=False,
        help_text=_("Required for a volunteer account: the account sees this volunteer's pairs."),
    )
    username = forms.CharField(label=_("User name"), max_length=150)
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    password = forms.CharField(
        label=_("Initial password"),
        widget=forms.PasswordInput(render_value=False),
        help_text=_("Give it to the person by hand; they can change it later."),
    )

    def clean_username(self) -> str:
        username = self.cleaned_data["username"].strip()
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("This user name is already taken."))
        return username

    def clean(self) -> dict:
        data = super().clean()
        if data.get("role") == VOLUNTEER and not data.get("volunteer"):
            self.add_error("volunteer", _("Choose the volunteer this account belongs to."))
        if data.get("password") and data.get("username"):
            try:
                validate_password(
                    data["password"], User(username=data["username"], email=data.get("email", ""))
                )
            except forms.ValidationError as error:
                self.add_error("password", error)
        return data

    @transaction.atomic
    def save(self) -> User:
        data = self.cleaned_data
        volunteer = data.get("volunteer") if data["role"] == VOLUNTEER else None
        user = User.objects.create_user(
            data["username"],
            email=data["email"],
            password=data["password"],
            first_name=data["first_name"] or (volunteer.first_name if volunteer else ""),
            last_name=data["last_name"] or (volunteer.last_name if volunteer else ""),
            is_staff=data["role"] == COORDINATOR,
        )
        user.groups.add(Group.objects.get(name=data["role"]))
        if volunteer:
            volunteer.user = user
            volunteer.save(update_fields=["user"])
        return user
