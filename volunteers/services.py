"""Workflows on volunteers that touch several records: forming pairs, recording who came to a
meeting, anonymising those who left. Ending a pair moves its seniors: seniors.services.end_pair."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, QuerySet
from django.utils import timezone
from django.utils.translation import gettext

from ccas_visits.lib.concurrency import check_unchanged
from ccas_visits.lib.dates import local_midnight, months_before
from ccas_visits.lib.sessions import close_sessions_of
from volunteers.models import Attendance, Meeting, Pair, PairMembership, Volunteer


@transaction.atomic
def update_volunteer(form) -> Volunteer:
    """Save an edit of a volunteer's record, unless someone else changed it since the form was
    opened (raises ccas_visits.lib.concurrency.EditConflict, with what changed)."""
    check_unchanged(form.instance, form.cleaned_data.get("version"), list(form._meta.fields))
    return form.save()


@transaction.atomic
def change_volunteer_status(
    volunteer: Volunteer, status: str, *, reason: str, by, on: datetime.date | None = None
):
    """Pause, end or resume a volunteer. Losing access (paused, left) takes effect at once:
    their open sessions are closed, and their tablet shows them no senior from the next page
    (`Pair.objects.open_to`); resuming gives it back."""
    change = volunteer.change_status(status, reason=reason, by=by, on=on)
    if volunteer.user_id and not volunteer.has_access():
        close_sessions_of(volunteer.user)
    return change


def ensure_onboarded(volunteer: Volunteer) -> None:
    problems = volunteer.onboarding_problems()
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
def replace_member(
    *, pair: Pair, outgoing: Volunteer, incoming: Volunteer, on: datetime.date, reason: str, by
) -> PairMembership:
    """`incoming` takes `outgoing`'s place in `pair` from `on`: the pair keeps its identity, its
    seniors and its history; `outgoing` was in it until the day before. Refused, with the
    reason in French and nothing changed, if the change cannot be made as asked."""
    pair = Pair.objects.select_for_update().get(pk=pair.pk)
    problems = []
    if not pair.is_active(on) or on > timezone.localdate():
        problems.append(gettext("The date must be a day the pair is active, today at the latest."))
    if outgoing not in pair.members:
        problems.append(gettext("%(name)s is not a member of this pair.") % {"name": outgoing})
    if incoming in pair.members:
        problems.append(gettext("%(name)s is already a member of this pair.") % {"name": incoming})
    current = pair.memberships.filter(volunteer=outgoing, ended_on__isnull=True).first()
    if current is not None and on <= current.started_on:
        problems.append(
            gettext("%(name)s joined the pair on %(day)s: the change must be dated after it.")
            % {"name": outgoing, "day": current.started_on.strftime("%d/%m/%Y")}
        )
    # The visits record who came: a change dated before the outgoing member's last visit in
    # the pair would contradict them.
    last_visit = outgoing.visits.filter(pair=pair, visited_at__gte=local_midnight(on)).aggregate(
        last=Max("visited_at")
    )["last"]
    if last_visit is not None:
        problems.append(
            gettext("%(name)s came to a visit of this pair on %(day)s: the change must be dated after it.")
            % {"name": outgoing, "day": timezone.localtime(last_visit).strftime("%d/%m/%Y")}
        )
    problems += incoming.onboarding_problems()
    if problems:
        raise ValidationError(problems)
    if current is not None:
        current.ended_on = on - datetime.timedelta(days=1)
        current.reason = reason[:300]
        current.changed_by = by
        current.save(update_fields=["ended_on", "reason", "changed_by"])
    field = "volunteer_a" if pair.volunteer_a_id == outgoing.pk else "volunteer_b"
    setattr(pair, field, incoming)
    pair.save(update_fields=[field])
    return PairMembership.objects.create(
        pair=pair, volunteer=incoming, started_on=on, reason=reason[:300], changed_by=by
    )


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
    # Certificates keep their number and counts (never reused); what they said of the person goes.
    volunteer.certificates.update(activities="")
    volunteer.certificate_requests.update(purpose="")
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
