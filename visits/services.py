"""Workflows that record contacts: one path for the tablet, its offline sync, the
coordinators' forms, campaigns and imports alike.

A record made on a tablet carries an identifier made there (`uuid`): sending it again
(lost response, double tap, two tabs) returns the stored record instead of a second one."""

from __future__ import annotations

import datetime
import uuid as uuid_module
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.models import User
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from seniors.models import Senior
from visits.models import (
    Activity,
    ActivitySession,
    Alert,
    Call,
    Campaign,
    Need,
    Proposal,
    ServiceOffer,
    Visit,
)
from volunteers.models import Pair, Volunteer
from volunteers.roles import COORDINATOR


@dataclass(frozen=True)
class ProposalInput:
    activity: Activity
    session: ActivitySession | None = None
    answer: str = Proposal.Answer.PROPOSED


@dataclass(frozen=True)
class NeedInput:
    kind: str
    note: str = ""


@dataclass(frozen=True)
class AlertInput:
    kind: str
    description: str


@dataclass
class VisitInput:
    senior: Senior
    pair: Pair | None
    visited_at: datetime.datetime
    duration_minutes: int
    kind: str = Visit.Kind.FOLLOW_UP
    present: Sequence[Volunteer] = ()
    services: Sequence[ServiceOffer] = ()
    proposals: Sequence[ProposalInput] = ()
    needs: Sequence[NeedInput] = ()
    alert: AlertInput | None = None
    note: str = ""
    next_visit_on: datetime.date | None = None
    uuid: uuid_module.UUID | None = None
    extra: dict = field(default_factory=dict)


def _existing(model, uuid: uuid_module.UUID | None):
    if uuid is None:
        return None
    return model.objects.filter(uuid=uuid).first()


def _advance_status(senior: Senior, target: str, *, by, reason: str) -> None:
    """Move an early-stage file forward (identified → contacted → followed) after a contact."""
    order = [Senior.Status.IDENTIFIED, Senior.Status.CONTACTED, Senior.Status.FOLLOWED]
    if senior.status not in order:
        return
    for status in order[order.index(senior.status) + 1 : order.index(target) + 1]:
        senior.change_status(status, by=by, reason=reason)


def record_call(
    *,
    senior: Senior,
    pair: Pair | None,
    by: User,
    outcome: str,
    called_at: datetime.datetime | None = None,
    note: str = "",
    visit_booked_for: datetime.date | None = None,
    campaign: Campaign | None = None,
    uuid: uuid_module.UUID | None = None,
) -> tuple[Call, bool]:
    """Store a call once; returns (call, created)."""
    if existing := _existing(Call, uuid):
        return existing, False
    call = Call(
        senior=senior,
        pair=pair,
        outcome=outcome,
        called_at=called_at or timezone.now(),
        note=note,
        visit_booked_for=visit_booked_for if outcome == Call.Outcome.VISIT_BOOKED else None,
        campaign=campaign,
        recorded_by=by,
    )
    if uuid is not None:
        call.uuid = uuid
    call.full_clean()
    try:
        with transaction.atomic():
            call.save()
            if call.is_successful:
                _advance_status(senior, Senior.Status.CONTACTED, by=by, reason=_("Reached by phone"))
    except IntegrityError:
        # The same record arrived twice at once: the other request stored it.
        if existing := _existing(Call, uuid):
            return existing, False
        raise
    return call, True


def record_visit(data: VisitInput, *, by: User) -> tuple[Visit, bool]:
    """Store a visit with what was presented, proposed and noted; returns (visit, created)."""
    if existing := _existing(Visit, data.uuid):
        return existing, False
    visit = Visit(
        senior=data.senior,
        pair=data.pair,
        visited_at=data.visited_at,
        duration_minutes=data.duration_minutes,
        kind=data.kind,
        note=data.note,
        next_visit_on=data.next_visit_on,
        recorded_by=by,
    )
    if data.uuid is not None:
        visit.uuid = data.uuid
    visit.full_clean()
    try:
        with transaction.atomic():
            _save_visit(visit, data, by=by)
    except IntegrityError:
        if existing := _existing(Visit, data.uuid):
            return existing, False
        raise
    return visit, True


def _save_visit(visit: Visit, data: VisitInput, *, by: User) -> None:
    visit.save()
    visit.present.set(data.present)
    visit.services_presented.set(data.services)
    day = timezone.localtime(visit.visited_at).date()
    Proposal.objects.bulk_create(
        [
            Proposal(
                senior=data.senior,
                activity=p.activity,
                session=p.session,
                visit=visit,
                proposed_on=day,
                answer=p.answer,
            )
            for p in data.proposals
        ]
    )
    Need.objects.bulk_create(
        [Need(senior=data.senior, visit=visit, kind=n.kind, note=n.note, noted_on=day) for n in data.needs]
    )
    if data.alert:
        raise_alert(
            senior=data.senior,
            kind=data.alert.kind,
            description=data.alert.description,
            raised_by=by,
            visit=visit,
        )
    _advance_status(data.senior, Senior.Status.FOLLOWED, by=by, reason=_("Visited at home"))


def raise_alert(
    *, senior: Senior, kind: str, description: str, raised_by: User, visit: Visit | None = None
) -> Alert:
    """An urgent situation becomes a coordinator task with a deadline; coordinators are e-mailed."""
    now = timezone.now()
    alert = Alert(
        senior=senior,
        visit=visit,
        kind=kind,
        description=description,
        raised_by=raised_by,
        raised_at=now,
        due_at=now + datetime.timedelta(hours=settings.ALERT_DEADLINE_HOURS),
    )
    alert.full_clean()
    alert.save()
    transaction.on_commit(lambda: notify_coordinators(alert))
    return alert


def coordinator_emails() -> list[str]:
    return list(
        User.objects.filter(groups__name=COORDINATOR, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )


def notify_coordinators(alert: Alert) -> None:
    recipients = coordinator_emails()
    if not recipients:
        return
    # No personal detail in the mail: it may be read on any device. The link needs a login.
    subject = _("Urgent alert: %(kind)s") % {"kind": alert.get_kind_display()}
    body = _(
        "A pair raised an urgent alert (%(kind)s). It is to be handled by %(due)s.\n\nOpen it: %(url)s"
    ) % {
        "kind": alert.get_kind_display(),
        "due": timezone.localtime(alert.due_at).strftime("%d/%m/%Y %H:%M"),
        "url": settings.SITE_URL.rstrip("/") + reverse("admin:visits_alert_change", args=[alert.pk]),
    }
    send_mail(subject, body, None, recipients, fail_silently=True)


def active_pair_of(user: User, senior: Senior) -> Pair | None:
    """The logged-in volunteer's active pair that follows `senior`, if any."""
    pairs: Iterable[Pair] = Pair.objects.of_user(user).active().filter(pk=senior.pair_id)
    return next(iter(pairs), None)
