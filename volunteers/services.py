"""Workflows on volunteers that touch several records."""

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from ccas_visits.dates import months_before
from volunteers.models import Volunteer

ANONYMOUS = "Anonyme"


@transaction.atomic
def anonymise_volunteer(volunteer: Volunteer) -> Volunteer:
    """A volunteer who left long ago: identity and contact erased, what they did kept."""
    Volunteer.objects.filter(pk=volunteer.pk).update(
        first_name=ANONYMOUS,
        last_name=ANONYMOUS,
        email="",
        phone="",
        notes="",
        recruitment_detail="",
        anonymised_at=timezone.now(),
    )
    volunteer.status_changes.update(reason="")
    Volunteer.history.filter(id=volunteer.pk).delete()
    if volunteer.user_id:
        user = volunteer.user
        user.first_name = user.last_name = user.email = ""
        user.username = f"ancien-{volunteer.pk}"
        user.is_active = False
        user.set_unusable_password()
        user.save(update_fields=["first_name", "last_name", "email", "username", "is_active", "password"])
    volunteer.refresh_from_db()
    return volunteer


def volunteers_due_for_anonymisation(today: datetime.date) -> QuerySet[Volunteer]:
    limit = months_before(today, settings.RETENTION_VOLUNTEER_LEFT_MONTHS)
    return Volunteer.objects.filter(
        status=Volunteer.Status.LEFT, left_on__lt=limit, anonymised_at__isnull=True
    )
