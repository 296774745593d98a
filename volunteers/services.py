"""Workflows on volunteers that touch several records: forming and ending pairs (and
where their seniors go), recording who came to a meeting, anonymising those who left."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from ccas_visits.lib.concurrency import check_unchanged
from ccas_visits.lib.dates import months_before
from seniors.models import Senior
from seniors.services import assign_pair
from volunteers.models import Attendance, Meeting, Pair, Volunteer


@transaction.atomic
def update_volunteer(form) -> Volunteer:
    """Save an edit of a volunteer's record, unless someone else changed it since the form was
    opened (raises ccas_visits.lib.concurrency.EditConflict, with what changed)."""
    check_unchanged(form.instance, form.cleaned_data.get("version"), list(form._meta.fields))
    return form.save()


def ensure_onboarded(volunteer: Volunteer) -> None:
    from volunteers.forms import onboarding_problems

    problems = onboarding_problems(volunteer)
    if problems:
        raise ValidationError(problems)


@transaction.atomic
def form_pair(
    *, volunteer_a: Volunteer, volunteer_b: Volunteer, started_on: datetime.date, name: str = ""
) -> Pair:
    """Put two onboarded volunteers together: the onboarding gate holds here too."""
    ensure_onboarded(volunteer_a)
    ensure_onboarded(volunteer_b)
    pair = Pair(volunteer_a=volunteer_a, volunteer_b=volunteer_b, started_on=started_on, name=name)
    pair.full_clean()
    pair.save()
    return pair


@transaction.atomic
def end_pair(
    *,
    pair: Pair,
    ended_on: datetime.date,
    reason: str,
    destinations: dict[Senior, Pair | None],
    by,
) -> None:
    """End the pair; each of its seniors goes to the pair chosen for them, or explicitly
    waits for one. A senior missing from `destinations` stops everything."""
    followed = set(Senior.objects.filter(pair=pair).values_list("pk", flat=True))
    missing = followed - {senior.pk for senior in destinations}
    if missing:
        raise ValidationError(_("Say where each senior of the pair goes."))
    for senior, destination in destinations.items():
        assign_pair(
            senior=senior,
            pair=destination,
            by=by,
            on=ended_on,
            reason=_("End of the pair %(pair)s: %(reason)s") % {"pair": pair, "reason": reason},
        )
    pair.ended_on = ended_on
    pair.end_reason = reason[:300]
    pair.full_clean()
    pair.save(update_fields=["ended_on", "end_reason"])


@transaction.atomic
def record_attendance(*, meeting: Meeting, volunteers: list[Volunteer]) -> None:
    """Set who came. Coming to an initial training completes that step of onboarding."""
    wanted = {volunteer.pk for volunteer in volunteers}
    meeting.attendances.exclude(volunteer__in=wanted).delete()
    present = set(meeting.attendances.values_list("volunteer_id", flat=True))
    Attendance.objects.bulk_create(
        [Attendance(meeting=meeting, volunteer_id=pk) for pk in sorted(wanted - present)]
    )
    if meeting.kind == Meeting.Kind.INITIAL_TRAINING:
        # One save per volunteer (a handful) so that the change history records it.
        for volunteer in Volunteer.objects.filter(pk__in=wanted, initial_training_on__isnull=True):
            volunteer.initial_training_on = meeting.held_on
            volunteer.save(update_fields=["initial_training_on"])


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
