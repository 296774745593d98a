"""What the tablets' sends leave for the coordinators: records the server could not file
(the review queue) and what each tablet says is still waiting on it.

Imported by `visits.models`, so that they are models of this app like the others."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class SyncReview(models.Model):
    """A call or visit sent by a tablet that could not be filed as it stands: kept, with who
    sent it and what it says, until a coordinator attaches it to a file or dismisses it."""

    class Kind(models.TextChoices):
        CALL = "call", _("Call")
        VISIT = "visit", _("Visit")
        MEASURE = "measure", _("Loneliness questions")
        CAMPAIGN = "campaign", _("Campaign call")

    class Reason(models.TextChoices):
        NOT_FOLLOWED = "not_followed", _("The sender's pair did not follow this senior on that day")
        UNKNOWN_SENIOR = "unknown_senior", _("The senior named is not in the files (or was anonymised)")
        INACTIVE = "inactive", _("The sender was not an active volunteer on that day")
        IDENTIFIER_TAKEN = "identifier_taken", _("Its identifier is already used by another record")

    class State(models.TextChoices):
        PENDING = "pending", _("To check")
        ATTACHED = "attached", _("Attached to a file")
        DISMISSED = "dismissed", _("Dismissed")

    uuid = models.UUIDField(_("identifier"), unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    received_at = models.DateTimeField(_("received at"))
    senior_number = models.BigIntegerField(_("senior number sent"))
    senior = models.ForeignKey(
        "seniors.Senior",
        verbose_name=_("senior named"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sync_reviews",
    )
    fields = models.JSONField(_("what it says"), default=dict)
    reason = models.CharField(_("why it was kept"), max_length=20, choices=Reason.choices)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.PENDING)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)
    dismiss_reason = models.CharField(_("reason for dismissing"), max_length=500, blank=True)
    call = models.ForeignKey(
        "visits.Call", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    visit = models.ForeignKey(
        "visits.Visit", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["received_at", "id"]
        verbose_name = _("record to check")
        verbose_name_plural = _("records to check")
        indexes = [models.Index(fields=["state", "received_at"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(state="dismissed") | ~Q(dismiss_reason=""), name="sync_review_dismissed_says_why"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.uuid}"

    @property
    def record(self):
        return self.call or self.visit


class TabletOutbox(models.Model):
    """What a volunteer's tablet said, on its last request, was waiting in its outbox."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    waiting = models.PositiveIntegerField(_("records waiting"), default=0)
    waiting_since = models.DateTimeField(_("waiting since"), null=True, blank=True)
    reported_at = models.DateTimeField(_("reported at"))

    class Meta:
        verbose_name = _("tablet outbox")
        verbose_name_plural = _("tablet outboxes")
        indexes = [models.Index(fields=["waiting_since"], condition=Q(waiting__gt=0), name="outbox_late_idx")]

    def __str__(self) -> str:
        return f"{self.user}: {self.waiting}"
