"""Who opened which senior's file or exported which list, kept for the DPO."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


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
        "seniors.Senior", on_delete=models.SET_NULL, null=True, blank=True, related_name="access_logs"
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
