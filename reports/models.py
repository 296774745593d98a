"""The programme's budget and yearly targets, which the reports set against the records, and
the bilans issued for periods that are over."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from reports.periods import Period

NON_NEGATIVE = [MinValueValidator(Decimal("0"))]


class Budget(models.Model):
    name = models.CharField(_("name"), max_length=200)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    notes = models.TextField(_("notes"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-starts_on"]
        verbose_name = _("budget")
        verbose_name_plural = _("budgets")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="budget_ends_after_start",
                violation_error_message=_("A budget cannot end before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def total_funding(self) -> Decimal:
        return self.fundings.aggregate(total=Sum("amount"))["total"] or Decimal("0")


CAP_RANGE = _("A cap is a share of the cost, above 0 and at most 100 %%.")


class Funding(models.Model):
    class Source(models.TextChoices):
        COMMUNE = "commune", _("Town council")
        CCAS = "ccas", _("CCAS")
        DEPARTEMENT = "departement", _("Département")
        CNSA = "cnsa", _("CNSA")
        CARSAT = "carsat", _("CARSAT")
        PENSION_FUND = "pension_fund", _("Other pension fund")
        STATE = "state", _("State")
        OTHER = "other", _("Other")

    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="fundings")
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    label = models.CharField(_("label"), max_length=200, blank=True)
    amount = models.DecimalField(_("amount (EUR)"), max_digits=12, decimal_places=2, validators=NON_NEGATIVE)
    is_confirmed = models.BooleanField(_("confirmed"), default=True)
    # A call for projects may cap its subsidy at a share of the project's cost (80 % often).
    cap_pct = models.DecimalField(
        _("cap (% of the project's cost)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[
            MinValueValidator(Decimal("0.01"), message=CAP_RANGE),
            MaxValueValidator(Decimal("100"), message=CAP_RANGE),
        ],
        help_text=_("Optional: the share of the project's cost this funding may not exceed."),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-amount"]
        verbose_name = _("funding")
        verbose_name_plural = _("fundings")
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gte=0),
                name="funding_amount_not_negative",
                violation_error_message=_("An amount cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(cap_pct__isnull=True) | Q(cap_pct__gt=0, cap_pct__lte=100),
                name="funding_cap_a_share",
                violation_error_message=CAP_RANGE,
            ),
        ]

    def __str__(self) -> str:
        return self.label or self.get_source_display()


class ExpenseLine(models.Model):
    class Category(models.TextChoices):
        STAFF = "staff", _("Staff (coordination)")
        VOLUNTEER_COSTS = "volunteer_costs", _("Volunteer expenses and insurance")
        TRAINING = "training", _("Training and practice analysis")
        COMMUNICATION = "communication", _("Communication")
        ACTIVITIES = "activities", _("Activities")
        EQUIPMENT = "equipment", _("Equipment")
        OTHER = "other", _("Other")

    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="expense_lines")
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    label = models.CharField(_("label"), max_length=200)
    planned = models.DecimalField(
        _("planned (EUR)"), max_digits=12, decimal_places=2, validators=NON_NEGATIVE
    )
    spent = models.DecimalField(
        _("spent (EUR)"), max_digits=12, decimal_places=2, default=Decimal("0"), validators=NON_NEGATIVE
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["category", "label"]
        verbose_name = _("expense line")
        verbose_name_plural = _("expense lines")
        constraints = [
            models.CheckConstraint(
                condition=Q(planned__gte=0) & Q(spent__gte=0),
                name="expense_amounts_not_negative",
                violation_error_message=_("An amount cannot be negative."),
            ),
        ]

    def __str__(self) -> str:
        return self.label


def growth_pct(label: str, default: str) -> models.DecimalField:
    """A growth aimed at, in percent, from −100 % to +1,000 %."""
    return models.DecimalField(
        label,
        max_digits=5,
        decimal_places=1,
        default=Decimal(default),
        validators=[MinValueValidator(Decimal("-100")), MaxValueValidator(Decimal("1000"))],
    )


def programme_year_field(label: str, help_text: str) -> models.PositiveSmallIntegerField:
    """A programme's year, named by the calendar year it starts in."""
    return models.PositiveSmallIntegerField(
        label, unique=True, validators=[MinValueValidator(2000), MaxValueValidator(2100)], help_text=help_text
    )


class Target(models.Model):
    """Yearly growth targets (Amiens: +10 % volunteers and seniors followed a year), for
    the programme's year that starts in `year` (settings.PROGRAMME_YEAR_START)."""

    year = programme_year_field(_("year"), _("The year the programme's year starts in."))
    volunteers_growth_pct = growth_pct(_("volunteers growth (%)"), "10")
    seniors_growth_pct = growth_pct(_("seniors followed growth (%)"), "10")

    class Meta:
        ordering = ["-year"]
        verbose_name = _("yearly target")
        verbose_name_plural = _("yearly targets")

    def __str__(self) -> str:
        return str(self.year)


class ThreeYearTarget(models.Model):
    """A three-year plan's targets (Amiens: +50 % volunteers and seniors followed in
    three years), from the day before `first_year`'s programme year to the last day of the
    third."""

    first_year = programme_year_field(
        _("first year"), _("The year the plan's first programme year starts in.")
    )
    volunteers_growth_pct = growth_pct(_("volunteers growth (%)"), "50")
    seniors_growth_pct = growth_pct(_("seniors followed growth (%)"), "50")

    class Meta:
        ordering = ["-first_year"]
        verbose_name = _("three-year target")
        verbose_name_plural = _("three-year targets")

    def __str__(self) -> str:
        return f"{self.first_year}–{self.first_year + 2}"


class VolunteerHourValue(models.Model):
    """What an hour given by a volunteer is valued at in the accounts (accounts 864/870,
    "contributions volontaires en nature") for a calendar year; a year without one uses
    settings.VOLUNTEER_HOUR_VALUE."""

    year = models.PositiveSmallIntegerField(
        _("year"), unique=True, validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    value = models.DecimalField(
        _("value of an hour (EUR)"),
        max_digits=6,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("1000"))],
        help_text=_("Usually the gross minimum wage per hour plus employer charges."),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year"]
        verbose_name = _("value of a volunteer hour")
        verbose_name_plural = _("values of a volunteer hour")
        constraints = [
            models.CheckConstraint(
                condition=Q(value__gt=0),
                name="hour_value_positive",
                violation_error_message=_("A value is above zero."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} — {self.value} €"


def issued_file_path(bilan: IssuedBilan, filename: str) -> str:
    return f"bilans/{bilan.start:%Y}/{filename}"


class IssuedBilanQuerySet(models.QuerySet):
    def of_period(self, start: datetime.date, end: datetime.date) -> IssuedBilanQuerySet:
        return self.filter(start=start, end=end)

    def with_sha256(self, digest: str) -> IssuedBilanQuerySet:
        """The issued bilans one of whose files has this SHA-256 (hexadecimal, lower case)."""
        return self.filter(Q(pdf_sha256=digest) | Q(xlsx_sha256=digest) | Q(csv_sha256=digest))


class IssuedBilan(models.Model):
    """A bilan as it was issued for a period that was over: its three files, generated once
    and kept in storage, their SHA-256, and its key figures at that moment, against which
    later corrections are measured. Written by `reports.services.issue_bilan` alone."""

    FORMATS = ("pdf", "xlsx", "csv")

    start = models.DateField(_("from"))
    end = models.DateField(_("until"))
    version = models.PositiveSmallIntegerField(_("version"))
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # The name as it read on the day: the document keeps saying who issued it.
    issued_by_name = models.CharField(_("issued by"), max_length=300)
    figures = models.JSONField(_("key figures"), default=dict)
    # Version 2 onwards: {"figures": {key: [before, after]}, "records": n} since the one before.
    changes = models.JSONField(_("changes since the previous version"), default=dict, blank=True)
    pdf = models.FileField(_("PDF"), upload_to=issued_file_path)
    xlsx = models.FileField(_("XLSX"), upload_to=issued_file_path)
    csv = models.FileField(_("CSV"), upload_to=issued_file_path)
    pdf_sha256 = models.CharField(_("PDF SHA-256"), max_length=64, db_index=True)
    xlsx_sha256 = models.CharField(_("XLSX SHA-256"), max_length=64, db_index=True)
    csv_sha256 = models.CharField(_("CSV SHA-256"), max_length=64, db_index=True)

    objects = IssuedBilanQuerySet.as_manager()

    class Meta:
        ordering = ["-start", "-end", "-version"]
        verbose_name = _("issued bilan")
        verbose_name_plural = _("issued bilans")
        constraints = [
            models.UniqueConstraint(
                fields=["start", "end", "version"],
                name="issued_bilan_one_per_version",
                violation_error_message=_("This version of the bilan has already been issued."),
            ),
            models.CheckConstraint(
                condition=Q(end__gte=models.F("start")),
                name="issued_bilan_ends_after_start",
                violation_error_message=_("A period cannot end before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.period.label} v{self.version}"

    @property
    def period(self) -> Period:
        return Period(self.start, self.end)

    def filename(self, fmt: str) -> str:
        return f"bilan-{self.start:%Y-%m-%d}-{self.end:%Y-%m-%d}-v{self.version}.{fmt}"

    def file(self, fmt: str) -> models.fields.files.FieldFile:
        return getattr(self, fmt)

    def sha256(self, fmt: str) -> str:
        return getattr(self, f"{fmt}_sha256")

    def files(self) -> list[tuple[str, str]]:
        """(format, SHA-256) of the three files, in the order the page lists them."""
        return [(fmt, self.sha256(fmt)) for fmt in self.FORMATS]
