"""What the senior agreed to, and the town's vulnerability register (kept apart from enrolment)."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

# The town acknowledges a registration within 8 days (CASF R121-4).
ACKNOWLEDGEMENT_DAYS = 8


def is_acknowledgement_overdue(today: datetime.date) -> Q:
    """On seniors: on the register, not acknowledged, registered more than 8 days ago."""
    return Q(
        register_entry__isnull=False,
        register_entry__acknowledged_on__isnull=True,
        register_entry__left_on__isnull=True,
        register_entry__registered_on__lt=today - datetime.timedelta(days=ACKNOWLEDGEMENT_DAYS),
    )


class Consent(models.Model):
    """Consent to the visiting programme, or an objection, as the senior gave it."""

    class Decision(models.TextChoices):
        CONSENT = "consent", _("Consents to visits")
        OBJECTION = "objection", _("Objects")
        WITHDRAWN = "withdrawn", _("Withdrew consent")

    class Channel(models.TextChoices):
        ORAL = "oral", _("Oral")
        WRITTEN = "written", _("Written")

    senior = models.ForeignKey("seniors.Senior", on_delete=models.CASCADE, related_name="consents")
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

    @property
    def is_objection(self) -> bool:
        return self.decision in (self.Decision.OBJECTION, self.Decision.WITHDRAWN)


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

    senior = models.OneToOneField("seniors.Senior", on_delete=models.CASCADE, related_name="register_entry")
    register_id = models.CharField(_("register identifier"), max_length=50, blank=True)
    basis = models.CharField(_("basis"), max_length=20, choices=Basis.choices)
    requested_by = models.CharField(_("requested by"), max_length=20, choices=RequestedBy.choices)
    third_party = models.CharField(
        _("third party who asked"),
        max_length=200,
        blank=True,
        help_text=_("Name and link of the person who asked in writing, when it was not the person."),
    )
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
    def acknowledgement_due_on(self) -> datetime.date:
        return self.registered_on + datetime.timedelta(days=ACKNOWLEDGEMENT_DAYS)

    def is_acknowledgement_overdue(self, today: datetime.date) -> bool:
        return self.acknowledged_on is None and self.left_on is None and self.acknowledgement_due_on < today

    @property
    def is_callable_in_campaign(self) -> bool:
        return self.objected_on is None and self.left_on is None
