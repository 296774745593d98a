"""A senior's file in the programme: its status over time and the pairs that followed it."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.db.models.lookups import In
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ccas_visits.lib.db import person_order
from ccas_visits.lib.permissions import is_coordinator, is_volunteer
from ccas_visits.lib.phones import PhoneNumberField
from seniors.ages import EARLIEST_BIRTH_DATE, age_band, age_on, birth_dates_for_band
from seniors.models.partners import Partner
from seniors.models.register import Consent
from volunteers.models import Neighbourhood, Pair
from volunteers.validators import validate_person_name, validate_phone


class SeniorQuerySet(models.QuerySet):
    def visible_to(self, user) -> SeniorQuerySet:
        """Coordinators see every file; a volunteer only their active pairs' seniors who have
        not objected to visits, and none while paused or gone (`Pair.objects.open_to`)."""
        if is_coordinator(user):
            return self
        if is_volunteer(user):
            pairs = Pair.objects.open_to(user)
            # A senior who objected to visits leaves the pair's lists at once.
            return self.filter(pair__in=pairs, anonymised_at__isnull=True).filter(~has_objected())
        return self.none()

    def in_age_band(self, band: str, day: datetime.date | None = None) -> SeniorQuerySet:
        return self.filter(birth_dates_for_band(band, day or timezone.localdate()))

    def open(self) -> SeniorQuerySet:
        return self.exclude(status=Senior.Status.CLOSED)

    def on_register_only(self) -> SeniorQuerySet:
        """On the vulnerability register, not yet approached for the programme."""
        return self.filter(is_on_register_only())

    def waiting_for_pair(self) -> SeniorQuerySet:
        """In the pipeline, no objection to visits, and no pair (INDICATORS.md)."""
        return self.filter(is_waiting_for_pair())

    def with_waiting_for_pair(self) -> SeniorQuerySet:
        """Annotate `is_waiting_for_pair`, for lists that show the badge row by row."""
        return self.annotate(
            is_waiting_for_pair=ExpressionWrapper(is_waiting_for_pair(), output_field=BooleanField())
        )

    def new_between(self, start: datetime.date, end: datetime.date) -> SeniorQuerySet:
        return self.filter(is_new_between(start, end))

    def declined_between(self, start: datetime.date, end: datetime.date) -> SeniorQuerySet:
        return self.filter(has_declined_between(start, end))


def is_on_register_only() -> Q:
    """On the vulnerability register and not yet approached for visits: a stage of its own,
    outside the programme's pipeline (no file "identified", not waiting for a pair, not new)."""
    return Q(status=Senior.Status.REGISTER_ONLY, anonymised_at__isnull=True)


def is_new_between(start: datetime.date, end: datetime.date) -> Q:
    """New seniors: files that entered the programme's pipeline in the period. Being on
    the vulnerability register alone makes no file; a file starts when the senior is
    approached for the programme (`identified_on`)."""
    return Q(identified_on__range=(start, end))


def has_declined_between(start: datetime.date, end: datetime.date) -> Q:
    """Refusals: seniors whose file moved to "declined" in the period (each counted once,
    however many times it moved)."""
    changes = SeniorStatusChange.objects.filter(
        senior=OuterRef("pk"), to_status=Senior.Status.DECLINED, changed_on__range=(start, end)
    )
    return Q(Exists(changes))


def is_open_to_visits() -> Q:
    """A file a pair may follow: in the pipeline, not closed, declined or paused."""
    return Q(status__in=Senior.IN_PIPELINE)


def has_objected() -> Q:
    """The senior's latest consent record is an objection or a withdrawal."""
    latest = Consent.objects.filter(senior=OuterRef("pk")).order_by("-given_on", "-id").values("decision")[:1]
    decision = Coalesce(Subquery(latest), Value(""))
    return Q(In(decision, [Consent.Decision.OBJECTION, Consent.Decision.WITHDRAWN]))


def is_waiting_for_pair() -> Q:
    """Waiting for a pair: open to visits, no objection, and no current assignment
    (`Senior.pair` is the open assignment, kept by `seniors.services.assign_pair`)."""
    return is_open_to_visits() & ~has_objected() & Q(pair__isnull=True)


class Senior(models.Model):
    class Gir(models.TextChoices):
        """The autonomy group of the AGGIR grid, from 1 (most dependent) to 6, where a
        département's APA team or a pension fund assessed it; empty when not assessed."""

        GIR_1 = "1", _("GIR 1")
        GIR_2 = "2", _("GIR 2")
        GIR_3 = "3", _("GIR 3")
        GIR_4 = "4", _("GIR 4")
        GIR_5 = "5", _("GIR 5")
        GIR_6 = "6", _("GIR 6")

    class Sex(models.TextChoices):
        FEMALE = "F", _("Woman")
        MALE = "M", _("Man")
        UNSPECIFIED = "X", _("Not stated")

    class Status(models.TextChoices):
        REGISTER_ONLY = "register", _("On the register, not yet approached")
        IDENTIFIED = "identified", _("Identified")
        CONTACTED = "contacted", _("Contacted")
        FOLLOWED = "followed", _("Visited and followed")
        DECLINED = "declined", _("Declined")
        PAUSED = "paused", _("Paused")
        CLOSED = "closed", _("Closed")

    class ClosedReason(models.TextChoices):
        MOVED = "moved", _("Moved away")
        CARE_HOME = "care_home", _("Moved to a care home")
        DECEASED = "deceased", _("Deceased")
        NO_LONGER_WISHES = "no_longer_wishes", _("No longer wishes to be visited")

    class Source(models.TextChoices):
        REGISTER = "register", _("Vulnerability register (heatwave or cold plan)")
        BIRTHDAY = "birthday", _("Birthday list")
        PARTNER = "partner", _("Partner referral")
        FLYER = "flyer", _("Flyer or poster")
        FAMILY = "family", _("Family or neighbour")
        SELF = "self", _("The senior asked")
        CCAS_SERVICE = "ccas_service", _("Another CCAS service")
        AUTONOMY_LIST = "autonomy_list", _("Autonomy allowance list (APA, PCH)")
        OTHER = "other", _("Other")

    class ApproachChannel(models.TextChoices):
        CALL = "call", _("A call proposing visits")
        LETTER = "letter", _("A letter")
        STAFF_VISIT = "staff_visit", _("A visit by CCAS staff")
        IN_PERSON = "in_person", _("In person at the CCAS")
        OTHER = "other", _("Other")

    class LivingSituation(models.TextChoices):
        ALONE = "alone", _("Lives alone")
        COUPLE = "couple", _("Lives as a couple")
        FAMILY = "family", _("Lives with family")
        OTHER = "other", _("Other")

    # A pair may follow these files; declined, paused and closed ones are out of the pipeline.
    IN_PIPELINE = (Status.IDENTIFIED, Status.CONTACTED, Status.FOLLOWED)

    # Lifecycle: which status may follow which.
    TRANSITIONS: dict[str, set[str]] = {
        # Leaving the register-only stage is an approach (`seniors.services.approach_senior`).
        Status.REGISTER_ONLY: {Status.IDENTIFIED},
        Status.IDENTIFIED: {Status.CONTACTED, Status.DECLINED, Status.PAUSED, Status.CLOSED},
        Status.CONTACTED: {Status.FOLLOWED, Status.DECLINED, Status.PAUSED, Status.CLOSED},
        Status.FOLLOWED: {Status.DECLINED, Status.PAUSED, Status.CLOSED},
        Status.DECLINED: {Status.CONTACTED, Status.CLOSED},
        Status.PAUSED: {Status.CONTACTED, Status.FOLLOWED, Status.CLOSED},
        Status.CLOSED: set(),
    }

    first_name = models.CharField(_("first name"), max_length=100, validators=[validate_person_name])
    last_name = models.CharField(_("last name"), max_length=100, validators=[validate_person_name])
    birth_date = models.DateField(_("date of birth"))
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, default=Sex.UNSPECIFIED)
    address = models.CharField(_("address"), max_length=250)
    postal_code = models.CharField(_("postal code"), max_length=10, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    neighbourhood = models.ForeignKey(
        Neighbourhood,
        verbose_name=_("neighbourhood"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="seniors",
    )
    phone = PhoneNumberField(_("phone"), max_length=20, blank=True, validators=[validate_phone])
    access_notes = models.CharField(
        _("access notes"), max_length=300, blank=True, help_text=_("Door code, floor, lift...")
    )
    best_times = models.CharField(_("best times to call or visit"), max_length=200, blank=True)
    interests = models.CharField(_("interests"), max_length=300, blank=True)
    living_situation = models.CharField(
        _("living situation"),
        max_length=20,
        choices=LivingSituation.choices,
        default=LivingSituation.ALONE,
    )
    health_notes = models.TextField(
        _("health-related notes"),
        blank=True,
        help_text=_("Only what the follow-up strictly needs. Visible to coordinators only."),
    )
    gir = models.CharField(
        _("GIR (autonomy group)"),
        max_length=1,
        choices=Gir.choices,
        blank=True,
        help_text=_(
            "Only when it was assessed (APA, pension fund); leave empty otherwise. "
            "Visible to coordinators only."
        ),
    )
    emergency_contact_name = models.CharField(_("emergency contact"), max_length=200, blank=True)
    emergency_contact_phone = PhoneNumberField(
        _("emergency contact phone"), max_length=20, blank=True, validators=[validate_phone]
    )
    emergency_contact_relation = models.CharField(_("relationship"), max_length=100, blank=True)

    source = models.CharField(_("how they were found"), max_length=20, choices=Source.choices)
    source_partner = models.ForeignKey(
        Partner,
        verbose_name=_("referring partner"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="seniors",
    )
    source_detail = models.CharField(
        _("source detail"), max_length=200, blank=True, help_text=_("Where the flyer was found...")
    )
    # The day the file entered the programme's pipeline (approached); empty while the person
    # is only on the vulnerability register.
    identified_on = models.DateField(_("identified on"), null=True, blank=True, default=datetime.date.today)
    approach_channel = models.CharField(
        _("approached by"), max_length=20, choices=ApproachChannel.choices, blank=True
    )

    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.IDENTIFIED)
    closed_reason = models.CharField(
        _("closing reason"), max_length=20, choices=ClosedReason.choices, blank=True
    )
    status_changed_on = models.DateField(_("status changed on"), default=datetime.date.today)
    pair = models.ForeignKey(
        Pair,
        verbose_name=_("pair"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="seniors",
    )
    visit_interval_days = models.PositiveSmallIntegerField(_("contact every (days)"), default=14)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True)

    objects = SeniorQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        # As French people sort names: "de La Tour" under T, accents and case ignored.
        ordering = person_order()
        verbose_name = _("senior")
        verbose_name_plural = _("seniors")
        indexes = [
            models.Index(fields=["status"]),
            models.Index(fields=["last_name", "first_name"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(birth_date__gte=EARLIEST_BIRTH_DATE),
                name="senior_birth_date_plausible",
                violation_error_message=_("The date of birth is not plausible."),
            ),
            models.CheckConstraint(
                condition=Q(visit_interval_days__gte=1, visit_interval_days__lte=365),
                name="senior_visit_interval_range",
                violation_error_message=_("The contact rhythm must be between 1 and 365 days."),
            ),
            models.CheckConstraint(
                condition=(Q(status="closed") & ~Q(closed_reason=""))
                | (~Q(status="closed") & Q(closed_reason="")),
                name="senior_closed_has_reason",
                violation_error_message=_("A closed file needs a closing reason, and only then."),
            ),
            models.CheckConstraint(
                condition=Q(status="register") | Q(identified_on__isnull=False),
                name="senior_in_programme_has_entry_date",
                violation_error_message=_("A file in the programme needs the day it was approached."),
            ),
            models.CheckConstraint(
                condition=~Q(source="partner") | Q(source_partner__isnull=False),
                name="senior_partner_source_names_partner",
                violation_error_message=_("Say which partner referred this senior."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def full_name(self) -> str:
        return str(self)

    @property
    def is_anonymised(self) -> bool:
        return self.anonymised_at is not None

    def age(self, day: datetime.date | None = None) -> int:
        return age_on(self.birth_date, day or timezone.localdate())

    def age_band(self, day: datetime.date | None = None) -> str:
        return age_band(self.birth_date, day or timezone.localdate())

    def latest_objection(self) -> Consent | None:
        """The objection or withdrawal that stands (the latest consent record), if any."""
        latest = self.consents.order_by("-given_on", "-id").first()
        return latest if latest is not None and latest.is_objection else None

    def clean(self) -> None:
        today = timezone.localdate()
        if self.birth_date and (self.birth_date > today or age_on(self.birth_date, today) > 120):
            raise ValidationError({"birth_date": _("The date of birth is not plausible.")})
        if self.source == self.Source.PARTNER and not self.source_partner_id:
            raise ValidationError({"source_partner": _("Say which partner referred this senior.")})

    def can_change_status(self, status: str) -> bool:
        return status in self.TRANSITIONS[self.status]

    def change_status(
        self,
        status: str,
        *,
        by,
        reason: str = "",
        closed_reason: str = "",
        on: datetime.date | None = None,
    ) -> SeniorStatusChange:
        """Move the file along its lifecycle; a transition that makes no sense is refused."""
        if not self.can_change_status(status):
            raise ValidationError(
                _("A file cannot go from “%(from)s” to “%(to)s”.")
                % {
                    "from": self.get_status_display(),
                    "to": self.Status(status).label,
                }
            )
        if status == self.Status.CLOSED and not closed_reason:
            raise ValidationError(_("Say why the file is closed."))
        on = on or timezone.localdate()
        change = SeniorStatusChange.objects.create(
            senior=self,
            from_status=self.status,
            to_status=status,
            closed_reason=closed_reason if status == self.Status.CLOSED else "",
            changed_on=on,
            reason=reason,
            changed_by=by,
        )
        self.status = status
        self.closed_reason = change.closed_reason
        self.status_changed_on = on
        self.save(update_fields=["status", "closed_reason", "status_changed_on", "updated_at"])
        return change


class SeniorStatusChange(models.Model):
    senior = models.ForeignKey(Senior, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(_("from status"), max_length=20, choices=Senior.Status.choices)
    to_status = models.CharField(_("to status"), max_length=20, choices=Senior.Status.choices)
    closed_reason = models.CharField(
        _("closing reason"), max_length=20, choices=Senior.ClosedReason.choices, blank=True
    )
    changed_on = models.DateField(_("changed on"))
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)

    class Meta:
        ordering = ["-changed_on", "-id"]
        verbose_name = _("senior status change")
        verbose_name_plural = _("senior status changes")
        indexes = [
            models.Index(fields=["to_status", "changed_on"]),
            # A senior's status on a given day (the bilan): one index descent per senior.
            models.Index(fields=["senior", "changed_on"]),
        ]

    def __str__(self) -> str:
        return f"{self.senior}: {self.get_to_status_display()} ({self.changed_on})"


class AssignmentQuerySet(models.QuerySet):
    def covering(self, start: datetime.date, end: datetime.date) -> AssignmentQuerySet:
        """Assignments that gave the senior a pair on at least one day from `start` to `end`.

        `ended_on` is the day the next assignment (or none) took over: an assignment covers
        its days from `started_on` up to the day before `ended_on`."""
        return self.filter(Q(started_on__lte=end), Q(ended_on__isnull=True) | Q(ended_on__gt=start))


class Assignment(models.Model):
    """Which pair followed a senior, and when: the history behind `Senior.pair`."""

    senior = models.ForeignKey(Senior, on_delete=models.CASCADE, related_name="assignments")
    pair = models.ForeignKey(Pair, on_delete=models.PROTECT, related_name="assignments")
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(_("until"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["-started_on", "-id"]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="assignment_ends_after_start",
            ),
            models.UniqueConstraint(
                fields=["senior"],
                condition=Q(ended_on__isnull=True),
                name="one_open_assignment_per_senior",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.senior} → {self.pair}"
