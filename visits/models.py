"""What the pairs and staff do: calls, visits, the needs and alerts they note, the CCAS
activities proposed to seniors, and the heatwave/cold call campaigns."""

from __future__ import annotations

import datetime
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ccas_visits.lib.dates import local_midnight
from ccas_visits.lib.permissions import is_coordinator, is_volunteer
from seniors.models import Senior
from volunteers.models import Pair, Volunteer


class ContactQuerySet(models.QuerySet):
    """Shared by calls and visits: the same reads for pages, reports and exports."""

    def visible_to(self, user) -> ContactQuerySet:
        if is_coordinator(user):
            return self
        if is_volunteer(user):
            return self.filter(
                pair__in=Pair.objects.of_user(user), senior__in=Senior.objects.visible_to(user)
            )
        return self.none()

    def successful(self) -> ContactQuerySet:
        """Successful contacts: every visit; a call whose outcome is in `Call.SUCCESSFUL`."""
        if self.model is Call:
            return self.filter(outcome__in=Call.SUCCESSFUL)
        return self

    def between(self, start: datetime.date, end: datetime.date) -> ContactQuerySet:
        """Records dated from `start` to `end` inclusive, in local (Paris) days.

        Bounds are aware datetimes so that the date index is used."""
        field = self.model.DATE_FIELD
        return self.filter(
            **{
                f"{field}__gte": local_midnight(start),
                f"{field}__lt": local_midnight(end + datetime.timedelta(days=1)),
            }
        )


class ServiceOffer(models.Model):
    """A CCAS service a pair can present (meals on wheels, telecare, Christmas parcel...)."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    description = models.TextField(_("description"), blank=True)
    is_active = models.BooleanField(_("offered now"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("CCAS service")
        verbose_name_plural = _("CCAS services")

    def __str__(self) -> str:
        return self.name


class Activity(models.Model):
    class Kind(models.TextChoices):
        CAFE = "cafe", _("Café Relais")
        WORKSHOP = "workshop", _("Workshop")
        SPORT = "sport", _("Sport or relaxation")
        SEMAINE_BLEUE = "semaine_bleue", _("Semaine Bleue")
        SHOW = "show", _("Show or outing")
        MEAL = "meal", _("Intergenerational lunch")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    description = models.TextField(_("description"), blank=True)
    is_active = models.BooleanField(_("in the catalogue"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")

    def __str__(self) -> str:
        return self.name


class ActivitySession(models.Model):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="sessions")
    starts_at = models.DateTimeField(_("starts at"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    capacity = models.PositiveSmallIntegerField(_("capacity"), null=True, blank=True)

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("activity session")
        verbose_name_plural = _("activity sessions")

    def __str__(self) -> str:
        local = timezone.localtime(self.starts_at)
        return f"{self.activity} — {local:%d/%m/%Y %H:%M}"


class Call(models.Model):
    class Outcome(models.TextChoices):
        REACHED = "reached", _("Reached")
        NO_ANSWER = "no_answer", _("No answer")
        WRONG_NUMBER = "wrong_number", _("Wrong number")
        DECLINED = "declined", _("Declined")
        VISIT_BOOKED = "visit_booked", _("Visit booked")

    # The person was spoken to, even to say no (INDICATORS.md, "successful contact").
    SUCCESSFUL = (Outcome.REACHED, Outcome.VISIT_BOOKED, Outcome.DECLINED)
    DATE_FIELD = "called_at"

    uuid = models.UUIDField(_("identifier"), default=uuid.uuid4, unique=True, editable=False)
    senior = models.ForeignKey(Senior, on_delete=models.PROTECT, related_name="calls")
    pair = models.ForeignKey(
        Pair,
        verbose_name=_("pair"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="calls",
        help_text=_("Empty for a call made by CCAS staff."),
    )
    called_at = models.DateTimeField(_("called at"), default=timezone.now)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    visit_booked_for = models.DateField(_("visit booked for"), null=True, blank=True)
    # Optional: a call logged in a hurry still counts; without a duration it adds no hours.
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    campaign = models.ForeignKey(
        "Campaign", on_delete=models.SET_NULL, null=True, blank=True, related_name="calls"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = ContactQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["recorded_at"])

    class Meta:
        ordering = ["-called_at"]
        get_latest_by = "called_at"
        verbose_name = _("call")
        verbose_name_plural = _("calls")
        indexes = [
            models.Index(fields=["called_at"]),
            models.Index(fields=["senior", "-called_at"]),
            models.Index(fields=["pair", "called_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome="visit_booked") | Q(visit_booked_for__isnull=True),
                name="call_booking_date_only_when_booked",
                violation_error_message=_("A visit date goes with the outcome “visit booked”."),
            ),
            models.CheckConstraint(
                condition=Q(duration_minutes__isnull=True)
                | Q(duration_minutes__gte=1, duration_minutes__lte=600),
                name="call_duration_range",
                violation_error_message=_("A call lasts between 1 minute and 10 hours."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.senior} — {self.get_outcome_display()}"

    @property
    def is_successful(self) -> bool:
        return self.outcome in self.SUCCESSFUL

    def clean(self) -> None:
        if self.called_at and self.called_at > timezone.now() + datetime.timedelta(minutes=5):
            raise ValidationError({"called_at": _("A call cannot be in the future.")})
        if self.outcome == self.Outcome.VISIT_BOOKED and not self.visit_booked_for:
            raise ValidationError({"visit_booked_for": _("Give the date of the booked visit.")})


# A visit report the coordinators have not read yet (a visit without a note has nothing to read).
UNREAD_REPORT = Q(read_at__isnull=True) & ~Q(note="")


class Visit(models.Model):
    class Kind(models.TextChoices):
        FIRST = "first", _("First visit")
        FOLLOW_UP = "follow_up", _("Follow-up visit")

    DATE_FIELD = "visited_at"

    uuid = models.UUIDField(_("identifier"), default=uuid.uuid4, unique=True, editable=False)
    senior = models.ForeignKey(Senior, on_delete=models.PROTECT, related_name="visits")
    pair = models.ForeignKey(
        Pair,
        verbose_name=_("pair"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="visits",
        help_text=_("Empty for a visit made by CCAS staff."),
    )
    visited_at = models.DateTimeField(_("visited at"), default=timezone.now)
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=60)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.FOLLOW_UP)
    present = models.ManyToManyField(
        Volunteer, verbose_name=_("volunteers present"), blank=True, related_name="visits"
    )
    services_presented = models.ManyToManyField(
        ServiceOffer, verbose_name=_("CCAS services presented"), blank=True, related_name="visits"
    )
    note = models.TextField(_("note to the coordinator"), blank=True)
    next_visit_on = models.DateField(_("next visit on"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    read_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reply = models.TextField(_("coordinator's reply"), blank=True)

    objects = ContactQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["recorded_at"])

    class Meta:
        ordering = ["-visited_at"]
        get_latest_by = "visited_at"
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        indexes = [
            models.Index(fields=["visited_at"]),
            models.Index(fields=["senior", "-visited_at"]),
            models.Index(fields=["pair", "visited_at"]),
            # The coordinator's queue of reports to read: a few rows among years of visits.
            models.Index(fields=["visited_at"], condition=UNREAD_REPORT, name="visit_unread_report_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=1, duration_minutes__lte=600),
                name="visit_duration_range",
                violation_error_message=_("A visit lasts between 1 minute and 10 hours."),
            ),
        ]

    def __str__(self) -> str:
        local = timezone.localtime(self.visited_at)
        return f"{self.senior} — {local:%d/%m/%Y}"

    def clean(self) -> None:
        if self.visited_at and self.visited_at > timezone.now() + datetime.timedelta(minutes=5):
            raise ValidationError({"visited_at": _("A visit cannot be in the future.")})
        if self.next_visit_on and self.visited_at and self.next_visit_on < self.visited_at.date():
            raise ValidationError({"next_visit_on": _("The next visit comes after this one.")})


# A need noted and not answered yet: the coordinator's queue of needs to follow.
OPEN_NEED = Q(is_met=False)


class Need(models.Model):
    """A need noted during a visit (no health detail: kinds only, and a short note)."""

    class Kind(models.TextChoices):
        COMPANY = "company", _("Company, going out")
        SHOPPING = "shopping", _("Shopping, meals")
        HOUSEHOLD = "household", _("Housework, home help")
        MOBILITY = "mobility", _("Getting around, transport")
        PAPERWORK = "paperwork", _("Paperwork, rights")
        HOUSING = "housing", _("Housing, home adaptation")
        DIGITAL = "digital", _("Digital help")
        CARE = "care", _("Care, health follow-up")
        OTHER = "other", _("Other")

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="needs", null=True, blank=True)
    senior = models.ForeignKey(Senior, on_delete=models.CASCADE, related_name="needs")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    noted_on = models.DateField(_("noted on"), default=datetime.date.today)
    note = models.CharField(_("note"), max_length=300, blank=True)
    is_met = models.BooleanField(_("answered"), default=False)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    # The orientation made to answer it (partner or CCAS service, and when): the bilan's
    # orientations count it.
    orientation = models.ForeignKey(
        "Orientation", on_delete=models.SET_NULL, null=True, blank=True, related_name="needs"
    )

    class Meta:
        ordering = ["-noted_on"]
        verbose_name = _("need")
        verbose_name_plural = _("needs")
        indexes = [
            models.Index(fields=["noted_on"]),
            # The coordinator's queue of needs to follow: the open ones among years of needs.
            models.Index(fields=["noted_on"], condition=OPEN_NEED, name="need_open_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.senior}: {self.get_kind_display()}"


class Orientation(models.Model):
    """An orientation (referral) made for a senior towards a partner or a CCAS service."""

    visit = models.ForeignKey(
        Visit, on_delete=models.CASCADE, related_name="orientations", null=True, blank=True
    )
    senior = models.ForeignKey(Senior, on_delete=models.CASCADE, related_name="orientations")
    partner = models.ForeignKey(
        "seniors.Partner", on_delete=models.PROTECT, null=True, blank=True, related_name="orientations"
    )
    service = models.ForeignKey(
        ServiceOffer, on_delete=models.PROTECT, null=True, blank=True, related_name="orientations"
    )
    made_on = models.DateField(_("made on"), default=datetime.date.today)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["-made_on"]
        verbose_name = _("orientation")
        verbose_name_plural = _("orientations")
        constraints = [
            models.CheckConstraint(
                condition=Q(partner__isnull=False) | Q(service__isnull=False),
                name="orientation_has_target",
                violation_error_message=_("Say towards which partner or service."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.senior} → {self.partner or self.service}"


class Proposal(models.Model):
    """An activity proposed to a senior, and what came of it."""

    class Answer(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    senior = models.ForeignKey(Senior, on_delete=models.CASCADE, related_name="proposals")
    activity = models.ForeignKey(Activity, on_delete=models.PROTECT, related_name="proposals")
    session = models.ForeignKey(
        ActivitySession, on_delete=models.SET_NULL, null=True, blank=True, related_name="proposals"
    )
    visit = models.ForeignKey(
        Visit, on_delete=models.SET_NULL, null=True, blank=True, related_name="proposals"
    )
    proposed_on = models.DateField(_("proposed on"), default=datetime.date.today)
    answer = models.CharField(_("answer"), max_length=20, choices=Answer.choices, default=Answer.PROPOSED)
    attended = models.BooleanField(_("came"), null=True, blank=True)

    class Meta:
        ordering = ["-proposed_on"]
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        indexes = [models.Index(fields=["proposed_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(attended__isnull=True) | Q(answer="accepted"),
                name="proposal_attendance_after_acceptance",
                violation_error_message=_("Only an accepted proposal can be attended."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.senior} — {self.activity}"


class Alert(models.Model):
    """An urgent situation flagged during a call or a visit, by a pair or by CCAS staff, or a
    senior a call campaign could not reach: a coordinator task with a deadline."""

    class Kind(models.TextChoices):
        FALL = "fall", _("Fall")
        NO_FOOD = "no_food", _("No food")
        UNSAFE_HOME = "unsafe_home", _("Unsafe home")
        ABUSE = "abuse", _("Suspected abuse")
        NO_ANSWER = "no_answer", _("No answer at the door")
        OTHER = "other", _("Other worry")
        NOT_REACHED = "not_reached", _("Not reached during a call campaign")

    senior = models.ForeignKey(Senior, on_delete=models.CASCADE, related_name="alerts")
    visit = models.ForeignKey(Visit, on_delete=models.SET_NULL, null=True, blank=True, related_name="alerts")
    call = models.ForeignKey(Call, on_delete=models.SET_NULL, null=True, blank=True, related_name="alerts")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    description = models.CharField(_("description"), max_length=500)
    raised_at = models.DateTimeField(_("raised at"), default=timezone.now)
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    due_at = models.DateTimeField(_("to handle by"))
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    outcome = models.TextField(_("outcome"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["handled_at", "due_at"]
        verbose_name = _("urgent alert")
        verbose_name_plural = _("urgent alerts")
        indexes = [models.Index(fields=["raised_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(handled_at__isnull=True) | ~Q(outcome=""),
                name="alert_handled_with_outcome",
                violation_error_message=_("Say what was done before closing the alert."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.senior}"

    @property
    def is_open(self) -> bool:
        return self.handled_at is None


class Campaign(models.Model):
    """A call campaign when a heatwave or cold-weather plan is triggered."""

    class Kind(models.TextChoices):
        HEATWAVE = "heatwave", _("Heatwave")
        COLD = "cold", _("Cold weather")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    opened_at = models.DateTimeField(_("opened at"), default=timezone.now)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-opened_at"]
        verbose_name = _("call campaign")
        verbose_name_plural = _("call campaigns")

    def __str__(self) -> str:
        return self.name

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class CampaignEntry(models.Model):
    class State(models.TextChoices):
        TO_CALL = "to_call", _("To call")
        FINE = "fine", _("Reached, fine")
        NEEDS_HELP = "needs_help", _("Reached, needs help")
        NOT_REACHED = "not_reached", _("Not reached — escalate")

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="entries")
    senior = models.ForeignKey(Senior, on_delete=models.CASCADE, related_name="campaign_entries")
    pair = models.ForeignKey(
        Pair, on_delete=models.PROTECT, null=True, blank=True, related_name="campaign_entries"
    )
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.TO_CALL)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["campaign", "pair", "senior"]
        verbose_name = _("campaign entry")
        verbose_name_plural = _("campaign entries")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "senior"], name="campaign_senior_once"),
        ]

    def __str__(self) -> str:
        return f"{self.campaign}: {self.senior}"


# The tablets' review queue and outbox reports, the loneliness measure and the six-monthly
# review live in their own modules.
from visits.six_monthly import LonelinessMeasure, SixMonthReview  # noqa: E402, F401, I001
from visits.sync_models import SyncReview, TabletOutbox  # noqa: E402, F401
