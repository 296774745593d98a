"""The seniors the programme reaches: their file, status over time, consent, the
vulnerability register (kept apart from enrolment), partners and their referrals."""

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

from volunteers.models import Neighbourhood, Pair
from volunteers.validators import validate_person_name, validate_phone

EARLIEST_BIRTH_DATE = datetime.date(1900, 1, 1)


class AgeBand(models.TextChoices):
    UNDER_60 = "under_60", _("Under 60")
    FROM_60 = "60_74", _("60-74")
    FROM_75 = "75_84", _("75-84")
    FROM_85 = "85_plus", _("85 and over")


def age_on(birth_date: datetime.date, day: datetime.date) -> int:
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def age_band(birth_date: datetime.date, day: datetime.date) -> str:
    age = age_on(birth_date, day)
    if age >= 85:
        return AgeBand.FROM_85
    if age >= 75:
        return AgeBand.FROM_75
    if age >= 60:
        return AgeBand.FROM_60
    return AgeBand.UNDER_60


def birth_dates_for_band(band: str, day: datetime.date) -> Q:
    """A filter on birth_date selecting people in `band` on `day`."""

    def years_ago(years: int) -> datetime.date:
        try:
            return day.replace(year=day.year - years)
        except ValueError:  # 29 February
            return day.replace(year=day.year - years, day=28)

    bounds = {
        AgeBand.UNDER_60: (None, 60),
        AgeBand.FROM_60: (60, 75),
        AgeBand.FROM_75: (75, 85),
        AgeBand.FROM_85: (85, None),
    }[band]
    low, high = bounds
    condition = Q()
    if low is not None:
        condition &= Q(birth_date__lte=years_ago(low))
    if high is not None:
        condition &= Q(birth_date__gt=years_ago(high))
    return condition


class Partner(models.Model):
    class Kind(models.TextChoices):
        CLIC = "clic", _("CLIC")
        SOCIAL_CENTRE = "social_centre", _("Social centre or community house")
        CIVIC_SERVICE = "civic_service", _("Civic-service organisation")
        ASSOCIATION = "association", _("Association")
        PENSION_FUND = "pension_fund", _("Pension fund")
        DEPARTEMENT = "departement", _("Département")
        CCAS_SERVICE = "ccas_service", _("CCAS service")
        HEALTH = "health", _("Health professional")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    contact_name = models.CharField(_("contact name"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True, validators=[validate_phone])
    notes = models.TextField(_("notes"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("partner")
        verbose_name_plural = _("partners")

    def __str__(self) -> str:
        return self.name


class SeniorQuerySet(models.QuerySet):
    def visible_to(self, user) -> SeniorQuerySet:
        """Coordinators see every file; a volunteer only their active pairs' seniors."""
        from ccas_visits.lib.permissions import is_coordinator, is_volunteer

        if is_coordinator(user):
            return self
        if is_volunteer(user):
            pairs = Pair.objects.of_user(user).active()
            return self.filter(pair__in=pairs, anonymised_at__isnull=True)
        return self.none()

    def in_age_band(self, band: str, day: datetime.date | None = None) -> SeniorQuerySet:
        return self.filter(birth_dates_for_band(band, day or timezone.localdate()))

    def open(self) -> SeniorQuerySet:
        return self.exclude(status=Senior.Status.CLOSED)

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
    class Sex(models.TextChoices):
        FEMALE = "F", _("Woman")
        MALE = "M", _("Man")
        UNSPECIFIED = "X", _("Not stated")

    class Status(models.TextChoices):
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

    class LivingSituation(models.TextChoices):
        ALONE = "alone", _("Lives alone")
        COUPLE = "couple", _("Lives as a couple")
        FAMILY = "family", _("Lives with family")
        OTHER = "other", _("Other")

    # A pair may follow these files; declined, paused and closed ones are out of the pipeline.
    IN_PIPELINE = (Status.IDENTIFIED, Status.CONTACTED, Status.FOLLOWED)

    # Lifecycle: which status may follow which.
    TRANSITIONS: dict[str, set[str]] = {
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
    phone = models.CharField(_("phone"), max_length=20, blank=True, validators=[validate_phone])
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
    emergency_contact_name = models.CharField(_("emergency contact"), max_length=200, blank=True)
    emergency_contact_phone = models.CharField(
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
    identified_on = models.DateField(_("identified on"), default=datetime.date.today)

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
        ordering = ["last_name", "first_name"]
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


class Consent(models.Model):
    """Consent to the visiting programme, or an objection, as the senior gave it."""

    class Decision(models.TextChoices):
        CONSENT = "consent", _("Consents to visits")
        OBJECTION = "objection", _("Objects")
        WITHDRAWN = "withdrawn", _("Withdrew consent")

    class Channel(models.TextChoices):
        ORAL = "oral", _("Oral")
        WRITTEN = "written", _("Written")

    senior = models.ForeignKey(Senior, on_delete=models.CASCADE, related_name="consents")
    decision = models.CharField(_("decision"), max_length=20, choices=Decision.choices)
    given_on = models.DateField(_("date"))
    channel = models.CharField(_("how"), max_length=10, choices=Channel.choices)
    collected_by = models.CharField(
        _("collected by"), max_length=200, help_text=_("Name of the person who collected it.")
    )
    notes = models.CharField(_("notes"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-given_on", "-id"]
        get_latest_by = ["given_on", "id"]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")

    def __str__(self) -> str:
        return f"{self.senior}: {self.get_decision_display()} ({self.given_on})"


class RegisterEntry(models.Model):
    """The senior's entry in the town's vulnerability register (heatwave and cold plans).

    Kept apart from enrolment in visits: being on the register never enrols anyone."""

    class Basis(models.TextChoices):
        AGE_65 = "age_65", _("Aged 65 or over")
        AGE_60_UNFIT = "age_60_unfit", _("Aged 60 or over and unfit for work")
        DISABLED = "disabled", _("Disabled adult")

    class RequestedBy(models.TextChoices):
        SELF = "self", _("The person")
        THIRD_PARTY = "third_party", _("A third party, in writing")
        AUTONOMY_LIST = "autonomy_list", _("Autonomy allowance list (département, CARSAT)")

    senior = models.OneToOneField(Senior, on_delete=models.CASCADE, related_name="register_entry")
    register_id = models.CharField(_("register identifier"), max_length=50, blank=True)
    basis = models.CharField(_("basis"), max_length=20, choices=Basis.choices)
    requested_by = models.CharField(_("requested by"), max_length=20, choices=RequestedBy.choices)
    registered_on = models.DateField(_("registered on"))
    acknowledged_on = models.DateField(_("acknowledged on"), null=True, blank=True)
    objected_on = models.DateField(_("objected on"), null=True, blank=True)
    left_on = models.DateField(_("left the register on"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("register entry")
        verbose_name_plural = _("register entries")
        constraints = [
            models.UniqueConstraint(
                fields=["register_id"],
                condition=~Q(register_id=""),
                name="register_id_unique",
            ),
            models.CheckConstraint(
                condition=Q(acknowledged_on__isnull=True) | Q(acknowledged_on__gte=models.F("registered_on")),
                name="register_acknowledged_after_registered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.senior} ({self.registered_on})"

    @property
    def is_callable_in_campaign(self) -> bool:
        return self.objected_on is None and self.left_on is None


class Referral(models.Model):
    """A partner's signal that someone needs visits; triaged into a senior file."""

    class Status(models.TextChoices):
        PENDING = "pending", _("To triage")
        ACCEPTED = "accepted", _("Senior file created")
        REJECTED = "rejected", _("Not taken up")

    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="referrals")
    received_on = models.DateField(_("received on"), default=datetime.date.today)
    first_name = models.CharField(_("first name"), max_length=100, validators=[validate_person_name])
    last_name = models.CharField(_("last name"), max_length=100, validators=[validate_person_name])
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    address = models.CharField(_("address"), max_length=250, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True, validators=[validate_phone])
    reason = models.TextField(_("reason for the referral"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING)
    senior = models.ForeignKey(
        Senior, on_delete=models.SET_NULL, null=True, blank=True, related_name="referrals"
    )
    triaged_on = models.DateField(_("triaged on"), null=True, blank=True)
    triage_note = models.CharField(_("triage note"), max_length=300, blank=True)

    class Meta:
        ordering = ["-received_on", "-id"]
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name} ({self.partner})"


class AccessLog(models.Model):
    """Who opened which senior's file, who exported which list: kept for the DPO."""

    class Action(models.TextChoices):
        VIEW_SENIOR = "view_senior", _("Opened a senior's file")
        EXPORT = "export", _("Exported a list")
        ACCESS_REQUEST = "access_request", _("Produced a senior's access-request document")
        ANONYMISE = "anonymise", _("Anonymised a file")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="access_logs"
    )
    at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    senior = models.ForeignKey(
        Senior, on_delete=models.SET_NULL, null=True, blank=True, related_name="access_logs"
    )
    list_name = models.CharField(_("list"), max_length=100, blank=True)
    rows = models.PositiveIntegerField(_("rows"), null=True, blank=True)
    detail = models.CharField(_("detail"), max_length=300, blank=True)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.user} {self.get_action_display()}"
