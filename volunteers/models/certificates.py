"""What a volunteer gets back: the certificate of volunteering (attestation de bénévolat) the
coordinators issue, and a volunteer's request for one.

A certificate keeps the figures it printed: downloaded again in ten years it says the same
thing, whatever was corrected since. Its figures are computed by `visits.certificates`."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from volunteers.models.people import Volunteer


class Certificate(models.Model):
    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="certificates")
    # "2026-003": the year of issue and the rank in it, given once and never reused.
    number = models.CharField(_("number"), max_length=12, unique=True, editable=False)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    visits = models.PositiveIntegerField(_("visits"), editable=False)
    calls = models.PositiveIntegerField(_("calls"), editable=False)
    hours = models.DecimalField(_("hours of volunteering"), max_digits=7, decimal_places=1, editable=False)
    # [{"kind": "initial_training", "title": …, "held_on": "2026-03-02"}, …], oldest first.
    meetings = models.JSONField(_("trainings and meetings attended"), default=list, editable=False)
    activities = models.TextField(_("missions carried out"), blank=True)
    signatory_name = models.CharField(_("signed by"), max_length=150)
    signatory_title = models.CharField(_("signatory's title"), max_length=150)
    place = models.CharField(_("made at"), max_length=100)
    issued_on = models.DateField(_("issued on"), editable=False)
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now, editable=False)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False
    )
    # The form's one-time key: a form sent twice (a double tap, the Back button) issues once.
    form_key = models.UUIDField(_("form key"), unique=True, editable=False)

    class Meta:
        ordering = ["-issued_at"]
        verbose_name = _("certificate of volunteering")
        verbose_name_plural = _("certificates of volunteering")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="certificate_period_in_order",
                violation_error_message=_("The period ends before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return _("Certificate no. %(number)s") % {"number": self.number}


class CertificateRequestQuerySet(models.QuerySet):
    def open(self) -> CertificateRequestQuerySet:
        return self.filter(handled_at__isnull=True)


class CertificateRequest(models.Model):
    """A volunteer asking, from the tablet, for a certificate; at most one open per volunteer."""

    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="certificate_requests")
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    purpose = models.CharField(_("what it is for"), max_length=200, blank=True)
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)
    certificate = models.ForeignKey(
        Certificate, on_delete=models.SET_NULL, null=True, blank=True, related_name="requests"
    )

    objects = CertificateRequestQuerySet.as_manager()

    class Meta:
        ordering = ["requested_at"]
        verbose_name = _("certificate request")
        verbose_name_plural = _("certificate requests")
        constraints = [
            models.UniqueConstraint(
                fields=["volunteer"],
                condition=Q(handled_at__isnull=True),
                name="one_open_certificate_request",
            ),
        ]

    def __str__(self) -> str:
        return _("Request by %(volunteer)s") % {"volunteer": self.volunteer}
