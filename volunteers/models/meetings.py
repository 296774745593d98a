"""Meetings, trainings and practice-analysis sessions, and who came."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from volunteers.models.people import Volunteer


class Meeting(models.Model):
    """A gathering of volunteers: team meeting, training, practice-analysis session."""

    class Kind(models.TextChoices):
        MEETING = "meeting", _("Team meeting")
        INITIAL_TRAINING = "initial_training", _("Initial training")
        SEMINAR = "seminar", _("Annual training seminar")
        PRACTICE_ANALYSIS = "practice_analysis", _("Practice-analysis session")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    held_on = models.DateField(_("held on"))
    # Optional: without it the meeting adds no volunteer hours (INDICATORS.md, "volunteer hours").
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    facilitator = models.CharField(_("facilitator"), max_length=200, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    attendees = models.ManyToManyField(
        Volunteer, through="Attendance", related_name="meetings", verbose_name=_("attendees")
    )

    class Meta:
        ordering = ["-held_on"]
        verbose_name = _("meeting or training")
        verbose_name_plural = _("meetings and trainings")
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_minutes__isnull=True)
                | Q(duration_minutes__gte=1, duration_minutes__lte=720),
                name="meeting_duration_range",
                violation_error_message=_("A meeting or training lasts between 1 minute and 12 hours."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.held_on:%d/%m/%Y})"


class Attendance(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances")
    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="attendances")

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "volunteer"], name="attendance_once"),
        ]

    def __str__(self) -> str:
        return f"{self.volunteer} — {self.meeting}"
