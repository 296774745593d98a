"""Partners who refer people to the programme, and their referrals."""

from __future__ import annotations

import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _

from ccas_visits.lib.phones import PhoneNumberField
from volunteers.validators import validate_person_name, validate_phone


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
    phone = PhoneNumberField(_("phone"), max_length=20, blank=True, validators=[validate_phone])
    notes = models.TextField(_("notes"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("partner")
        verbose_name_plural = _("partners")

    def __str__(self) -> str:
        return self.name


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
    phone = PhoneNumberField(_("phone"), max_length=20, blank=True, validators=[validate_phone])
    reason = models.TextField(_("reason for the referral"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING)
    senior = models.ForeignKey(
        "seniors.Senior", on_delete=models.SET_NULL, null=True, blank=True, related_name="referrals"
    )
    triaged_on = models.DateField(_("triaged on"), null=True, blank=True)
    triage_note = models.CharField(_("triage note"), max_length=300, blank=True)

    class Meta:
        ordering = ["-received_on", "-id"]
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name} ({self.partner})"
