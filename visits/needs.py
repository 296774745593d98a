"""Following a need noted at a visit to its end: the coordinator marks it answered, with the
orientation made (towards which partner or CCAS service, and when). The bilan's "answered"
column and its orientations both read what is stored here."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from seniors.models import Partner, Senior
from visits.models import OPEN_NEED, Need, Orientation, ServiceOffer


def needs_to_follow(user: User) -> models.QuerySet[Need]:
    """The needs not answered yet, oldest first, of the seniors `user` may see."""
    return (
        Need.objects.filter(OPEN_NEED, senior__in=Senior.objects.visible_to(user))
        .select_related("senior", "visit")
        .order_by("noted_on", "pk")
    )


@transaction.atomic
def answer_need(
    need: Need,
    *,
    made_on: datetime.date,
    partner: Partner | None = None,
    service: ServiceOffer | None = None,
    note: str = "",
) -> Need:
    """Mark the need answered on `made_on`, by an orientation towards a partner or a service.

    Once only: two coordinators answering the same need at once make one orientation."""
    need = Need.objects.select_for_update().select_related("senior").get(pk=need.pk)
    if need.is_met:
        raise ValidationError(_("This need was already answered."))
    if made_on < need.noted_on:
        raise ValidationError(_("The need was answered after it was noted."))
    orientation = Orientation(
        senior=need.senior, visit=need.visit, partner=partner, service=service, made_on=made_on, note=note
    )
    orientation.full_clean()
    orientation.save()
    need.is_met, need.answered_on, need.orientation = True, made_on, orientation
    need.save(update_fields=["is_met", "answered_on", "orientation"])
    return need
