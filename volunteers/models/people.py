"""Volunteers: who they are, their status over time (what "active" means, INDICATORS.md),
the areas they cover and the charter they sign."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import BooleanField, Exists, ExpressionWrapper, F, OuterRef, Q, Subquery
from django.db.models.expressions import Combinable
from django.db.models.functions import Coalesce
from django.db.models.lookups import In
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ccas_visits.lib.dates import months_after
from ccas_visits.lib.db import person_order
from ccas_visits.lib.permissions import is_coordinator
from ccas_visits.lib.phones import PhoneNumberField
from volunteers.validators import validate_person_name, validate_phone


class Neighbourhood(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("neighbourhood")
        verbose_name_plural = _("neighbourhoods")

    def __str__(self) -> str:
        return self.name


class Association(models.Model):
    """A partner association whose members visit with the programme (Entr'âges…)."""

    name = models.CharField(_("name"), max_length=200, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("partner association")
        verbose_name_plural = _("partner associations")

    def __str__(self) -> str:
        return self.name


class VolunteerQuerySet(models.QuerySet):
    def visible_to(self, user) -> VolunteerQuerySet:
        if is_coordinator(user):
            return self
        return self.none()

    def active(self) -> VolunteerQuerySet:
        """Active today (may be picked for a pair or a visit)."""
        return self.active_on(timezone.localdate())

    def active_on(self, day: datetime.date) -> VolunteerQuerySet:
        """Volunteers active on `day` (INDICATORS.md, "volunteer active on a day")."""
        return self.filter(is_active_on(day))

    def active_between(self, start: datetime.date, end: datetime.date) -> VolunteerQuerySet:
        """Volunteers active on at least one day from `start` to `end`."""
        return self.filter(is_active_between(start, end))

    def with_onboarding(self) -> VolunteerQuerySet:
        """Annotate which step of their checklist each one misses (`charter_missing`,
        `training_missing`, `insurance_missing`) and `onboarding_complete`, in the same query."""
        return self.annotate(
            **{
                f"{step}_missing": ExpressionWrapper(step_missing(step), output_field=BooleanField())
                for step in (CHARTER, TRAINING, INSURANCE)
            },
            onboarding_complete=ExpressionWrapper(~onboarding_incomplete(), output_field=BooleanField()),
        )

    def mission_ending(self, today: datetime.date) -> VolunteerQuerySet:
        """Civic-service volunteers with access whose mission ends within a month."""
        return self.with_access(today).filter(
            kind=Volunteer.Kind.CIVIC_SERVICE, mission_ends_on__range=(today, months_after(today, 1))
        )

    def to_sign_the_new_charter(self) -> VolunteerQuerySet:
        """Active volunteers who signed an earlier charter but not the version in force."""
        return (
            self.with_access()
            .filter(step_missing(CHARTER))
            .filter(Exists(CharterSignature.objects.filter(volunteer=OuterRef("pk"))))
        )

    def with_access(self, day: datetime.date | None = None) -> VolunteerQuerySet:
        """Those who may open their seniors' files today (`has_access`)."""
        return self.filter(has_access(day or timezone.localdate()))


def status_on(day: datetime.date | Combinable) -> Coalesce:
    """A volunteer's status on `day`, from the status history: every change records the
    status it left, so the status on `day` is the one the first later change left, else
    today's status. A change dated `day` applies from that day."""
    first_after = (
        VolunteerStatusChange.objects.filter(volunteer=OuterRef("pk"), changed_on__gt=day)
        .order_by("changed_on", "id")
        .values("from_status")[:1]
    )
    return Coalesce(Subquery(first_after), F("status"))


def _is_active_by_status(status: Coalesce) -> Q:
    # Applicants never count; a paused volunteer is not active while paused. "Left" is
    # read from `left_on` below: files imported already left have no history before it.
    return ~Q(In(status, [Volunteer.Status.APPLICANT, Volunteer.Status.PAUSED]))


def is_active_on(day: datetime.date) -> Q:
    """Joined on or before `day`, not left by then, neither applicant nor paused on it."""
    return (
        Q(joined_on__lte=day)
        & (Q(left_on__isnull=True) | Q(left_on__gt=day))
        & _is_active_by_status(status_on(day))
    )


def is_active_between(start: datetime.date, end: datetime.date) -> Q:
    """Active on at least one day of the period: on its first day, or made active by a
    change during it, or active on the day they joined during it."""
    made_active = VolunteerStatusChange.objects.filter(
        volunteer=OuterRef("pk"),
        to_status=Volunteer.Status.ACTIVE,
        changed_on__range=(start, end),
    )
    joined_active = (
        Q(joined_on__gt=start, joined_on__lte=end)
        & (Q(left_on__isnull=True) | Q(left_on__gt=F("joined_on")))
        & _is_active_by_status(status_on(OuterRef("joined_on")))
    )
    in_programme = Q(joined_on__lte=end) & (Q(left_on__isnull=True) | Q(left_on__gt=start))
    return is_active_on(start) | (in_programme & Q(Exists(made_active))) | joined_active


def has_access(day: datetime.date) -> Q:
    """A volunteer may see their seniors while their status is "active" (not applicant, paused
    or left) and, for a civic-service volunteer, until the last day of their mission. Today's
    status counts, whatever the date the change was given: pausing someone ends it at once."""
    return (
        Q(status=Volunteer.Status.ACTIVE)
        & (Q(left_on__isnull=True) | Q(left_on__gt=day))
        & (Q(mission_ends_on__isnull=True) | Q(mission_ends_on__gte=day))
    )


class Volunteer(models.Model):
    class Kind(models.TextChoices):
        SENIOR = "senior", _("Senior volunteer")
        CIVIC_SERVICE = "civic_service", _("Civic-service volunteer")
        SOCIAL_WORKER = "social_worker", _("Staff social worker")
        ELECTED = "elected", _("Elected official")
        ASSOCIATION = "association", _("Partner-association member")

    class Status(models.TextChoices):
        APPLICANT = "applicant", _("Applicant")
        ACTIVE = "active", _("Active")
        PAUSED = "paused", _("Paused")
        LEFT = "left", _("Left")

    class Recruitment(models.TextChoices):
        CCAS_SERVICE = "ccas_service", _("Another CCAS service")
        WORD_OF_MOUTH = "word_of_mouth", _("Word of mouth")
        CIVIC_SERVICE = "civic_service", _("Civic-service organisation")
        ASSOCIATION = "association", _("Partner association")
        COMMUNICATION = "communication", _("Flyer, website or press")
        STAFF = "staff", _("CCAS staff or elected official")
        OTHER = "other", _("Other")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="volunteer",
    )
    first_name = models.CharField(_("first name"), max_length=100, validators=[validate_person_name])
    last_name = models.CharField(_("last name"), max_length=100, validators=[validate_person_name])
    email = models.EmailField(_("e-mail"), blank=True)
    phone = PhoneNumberField(_("phone"), max_length=20, blank=True, validators=[validate_phone])
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.APPLICANT)
    recruited_via = models.CharField(
        _("recruited via"),
        max_length=20,
        choices=Recruitment.choices,
        default=Recruitment.OTHER,
    )
    recruitment_detail = models.CharField(_("recruitment detail"), max_length=200, blank=True)
    neighbourhoods = models.ManyToManyField(
        Neighbourhood, verbose_name=_("neighbourhoods covered"), blank=True
    )
    joined_on = models.DateField(_("joined on"), default=datetime.date.today)
    left_on = models.DateField(_("left on"), null=True, blank=True)
    initial_training_on = models.DateField(_("initial training on"), null=True, blank=True)
    insurance_or_agreement_on = models.DateField(
        _("insurance or civic-service agreement on"),
        null=True,
        blank=True,
        help_text=_("Date of the insurance certificate or the civic-service agreement."),
    )
    mission_starts_on = models.DateField(_("civic-service mission from"), null=True, blank=True)
    mission_ends_on = models.DateField(
        _("civic-service mission until"),
        null=True,
        blank=True,
        help_text=_("Access to the seniors' files ends with the mission; announced a month before."),
    )
    association = models.ForeignKey(
        Association,
        verbose_name=_("partner association"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="volunteers",
    )
    notes = models.TextField(_("coordinator notes"), blank=True)
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True)

    objects = VolunteerQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        # As French people sort names: "de La Tour" under T, accents and case ignored.
        ordering = person_order()
        verbose_name = _("volunteer")
        verbose_name_plural = _("volunteers")
        constraints = [
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gte=models.F("joined_on")),
                name="volunteer_left_after_joined",
                violation_error_message=_("A volunteer cannot leave before joining."),
            ),
            models.CheckConstraint(
                condition=Q(mission_ends_on__isnull=True)
                | Q(mission_starts_on__isnull=True)
                | Q(mission_ends_on__gte=models.F("mission_starts_on")),
                name="volunteer_mission_ends_after_start",
                violation_error_message=_("A mission cannot end before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def full_name(self) -> str:
        return str(self)

    def has_access(self, day: datetime.date | None = None) -> bool:
        """See the module's `has_access`: the same rule, on this object."""
        day = day or timezone.localdate()
        return (
            self.status == self.Status.ACTIVE
            and (self.left_on is None or self.left_on > day)
            and (self.mission_ends_on is None or self.mission_ends_on >= day)
        )

    def has_signed_charter(self) -> bool:
        """Signed the charter's current version (a new version asks everyone again)."""
        current = current_charter()
        return current is not None and self.charter_signatures.filter(version=current).exists()

    def onboarding_steps(self) -> tuple[str, ...]:
        return onboarding_steps(self.kind)

    def is_onboarded(self) -> bool:
        """Passes the onboarding checklist of their kind: may join an active pair."""
        return not self.onboarding_problems()

    def onboarding_problems(self) -> list[str]:
        """Why this volunteer cannot join an active pair yet, in plain French; empty if they can."""
        problems = []
        if self.status in (self.Status.PAUSED, self.Status.LEFT):
            problems.append(
                gettext("%(name)s is not available (status: %(status)s).")
                % {"name": self, "status": self.get_status_display()}
            )
        elif self.mission_ends_on and self.mission_ends_on < timezone.localdate():
            problems.append(
                gettext("%(name)s's civic-service mission ended on %(day)s.")
                % {"name": self, "day": self.mission_ends_on.strftime("%d/%m/%Y")}
            )
        steps = self.onboarding_steps()
        if CHARTER in steps and not self.has_signed_charter():
            if self.charter_signatures.exists():
                problems.append(
                    gettext("%(name)s has not signed the charter's new version (%(version)s).")
                    % {"name": self, "version": current_charter()}
                )
            else:
                problems.append(gettext("%(name)s has not signed the volunteer charter.") % {"name": self})
        if TRAINING in steps and self.initial_training_on is None:
            problems.append(gettext("%(name)s has not done the initial training.") % {"name": self})
        if INSURANCE in steps and self.insurance_or_agreement_on is None:
            if self.kind == self.Kind.CIVIC_SERVICE:
                problems.append(gettext("%(name)s's civic-service agreement is missing.") % {"name": self})
            else:
                problems.append(gettext("%(name)s's insurance certificate is missing.") % {"name": self})
        return problems

    def change_status(
        self, status: str, *, reason: str, by, on: datetime.date | None = None
    ) -> VolunteerStatusChange:
        on = on or timezone.localdate()
        change = VolunteerStatusChange.objects.create(
            volunteer=self,
            from_status=self.status,
            to_status=status,
            changed_on=on,
            reason=reason,
            changed_by=by,
        )
        self.status = status
        self.left_on = on if status == self.Status.LEFT else None
        self.save(update_fields=["status", "left_on"])
        return change


class VolunteerStatusChange(models.Model):
    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(_("from status"), max_length=20, choices=Volunteer.Status.choices)
    to_status = models.CharField(_("to status"), max_length=20, choices=Volunteer.Status.choices)
    changed_on = models.DateField(_("changed on"))
    reason = models.CharField(_("reason"), max_length=300)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)

    class Meta:
        ordering = ["-changed_on", "-id"]
        verbose_name = _("volunteer status change")
        verbose_name_plural = _("volunteer status changes")

    def __str__(self) -> str:
        return f"{self.volunteer}: {self.get_to_status_display()} ({self.changed_on})"


class CharterVersion(models.Model):
    label = models.CharField(_("version"), max_length=50, unique=True)
    published_on = models.DateField(_("published on"))
    text = models.TextField(_("text"))

    class Meta:
        ordering = ["-published_on"]
        verbose_name = _("charter version")
        verbose_name_plural = _("charter versions")

    def __str__(self) -> str:
        return self.label


class CharterSignature(models.Model):
    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="charter_signatures")
    version = models.ForeignKey(CharterVersion, on_delete=models.PROTECT, related_name="signatures")
    signed_on = models.DateField(_("signed on"))

    class Meta:
        ordering = ["-signed_on"]
        verbose_name = _("charter signature")
        verbose_name_plural = _("charter signatures")
        constraints = [
            models.UniqueConstraint(
                fields=["volunteer", "version"],
                name="charter_signed_once_per_version",
                violation_error_message=_("This volunteer already signed this version."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.volunteer} — {self.version} ({self.signed_on})"


# --- The onboarding checklist (settings.ONBOARDING_STEPS) ----------------------------------

CHARTER, TRAINING, INSURANCE = "charter", "training", "insurance"


def onboarding_steps(kind: str) -> tuple[str, ...]:
    """What a volunteer of `kind` must have done to join a pair, as the CCAS configured it."""
    steps = settings.ONBOARDING_STEPS.get(kind, ())
    if not settings.ONBOARDING_INSURANCE_REQUIRED:
        steps = [step for step in steps if step != INSURANCE]
    return tuple(steps)


def current_charter() -> CharterVersion | None:
    """The charter's version in force: the latest published by today."""
    return (
        CharterVersion.objects.filter(published_on__lte=timezone.localdate())
        .order_by("-published_on", "-id")
        .first()
    )


def signed_current_charter() -> Exists:
    """For a queryset of volunteers: signed the version in force."""
    latest = (
        CharterVersion.objects.filter(published_on__lte=timezone.localdate())
        .order_by("-published_on", "-id")
        .values("pk")[:1]
    )
    return Exists(CharterSignature.objects.filter(volunteer=OuterRef("pk"), version=Subquery(latest)))


def step_missing(step: str) -> Q:
    """Volunteers whose checklist asks `step` and who have not done it."""
    kinds = [kind for kind in Volunteer.Kind.values if step in onboarding_steps(kind)]
    missing = {
        CHARTER: ~Q(signed_current_charter()),
        TRAINING: Q(initial_training_on__isnull=True),
        INSURANCE: Q(insurance_or_agreement_on__isnull=True),
    }[step]
    return Q(kind__in=kinds) & missing


def onboarding_incomplete() -> Q:
    """Volunteers who do not pass their kind's checklist."""
    return step_missing(CHARTER) | step_missing(TRAINING) | step_missing(INSURANCE)
