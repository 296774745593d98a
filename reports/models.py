"""The programme's budget and yearly targets, which the reports set against the records."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q, Sum
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

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


class Target(models.Model):
    """Yearly growth targets (Amiens: +10 % volunteers and seniors followed a year)."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    volunteers_growth_pct = models.DecimalField(
        _("volunteers growth (%)"), max_digits=5, decimal_places=1, default=Decimal("10")
    )
    seniors_growth_pct = models.DecimalField(
        _("seniors followed growth (%)"), max_digits=5, decimal_places=1, default=Decimal("10")
    )

    class Meta:
        ordering = ["-year"]
        verbose_name = _("yearly target")
        verbose_name_plural = _("yearly targets")

    def __str__(self) -> str:
        return str(self.year)
