"""Workflows that record contacts: one path for the tablet, its offline sync, the
coordinators' forms, campaigns and imports alike.

A record made on a tablet carries an identifier made there (`uuid`): sending it again
(lost response, double tap, two tabs) returns the stored record instead of a second one."""

from __future__ import annotations

import datetime
import heapq
import uuid as uuid_module
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ccas_visits.lib.concurrency import check_unchanged
from ccas_visits.lib.db import person_order
from ccas_visits.lib.permissions import COORDINATOR, is_coordinator
from seniors.models import Senior
from visits.models import (
    Activity,
    ActivitySession,
    Alert,
    Call,
    Campaign,
    CampaignEntry,
    Need,
    Proposal,
    ServiceOffer,
    Visit,
)
from volunteers.models import Pair, Volunteer


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
    duration_minutes: int | None = None,
    campaign: Campaign | None = None,
    alert: AlertInput | None = None,
    uuid: uuid_module.UUID | None = None,
) -> tuple[Call, bool]:
    """Store a call once, with the urgent alert raised during it if any; returns (call, created)."""
    if existing := _existing(Call, uuid):
        return existing, False
    call = Call(
        senior=senior,
        pair=pair,
        outcome=outcome,
        called_at=called_at or timezone.now(),
        note=note,
        visit_booked_for=visit_booked_for if outcome == Call.Outcome.VISIT_BOOKED else None,
        duration_minutes=duration_minutes,
        campaign=campaign,
        recorded_by=by,
    )
    if uuid is not None:
        call.uuid = uuid
    # The identifier's uniqueness is left to the database: a check here would refuse the second
    # of two sends arriving at the same instant instead of answering with the stored record.
    call.full_clean(exclude=["uuid"])
    try:
        with transaction.atomic():
            call.save()
            if alert:
                raise_alert(
                    senior=senior, kind=alert.kind, description=alert.description, raised_by=by, call=call
                )
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
    if is_coordinator(by):
        # The coordinator's own note is not a report for the coordinators to read.
        visit.read_at, visit.read_by = timezone.now(), by
    if data.uuid is not None:
        visit.uuid = data.uuid
    visit.full_clean(exclude=["uuid"])  # uniqueness left to the database, as for calls
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
    *,
    senior: Senior,
    kind: str,
    description: str,
    raised_by: User,
    visit: Visit | None = None,
    call: Call | None = None,
) -> Alert:
    """An urgent situation becomes a coordinator task with a deadline; coordinators are e-mailed.

    The one way an alert is raised: from a visit or a call, on the tablet or by staff, and for
    a senior a call campaign could not reach."""
    now = timezone.now()
    alert = Alert(
        senior=senior,
        visit=visit,
        call=call,
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
    body = _("An urgent alert was raised (%(kind)s). It is to be handled by %(due)s.\n\nOpen it: %(url)s") % {
        "kind": alert.get_kind_display(),
        "due": timezone.localtime(alert.due_at).strftime("%d/%m/%Y %H:%M"),
        "url": settings.SITE_URL.rstrip("/") + reverse("visits:alert_detail", args=[alert.pk]),
    }
    send_mail(subject, body, None, recipients, fail_silently=True)


def active_pair_of(user: User, senior: Senior) -> Pair | None:
    """The logged-in volunteer's active pair that follows `senior`, if any (none while the
    volunteer is paused or gone)."""
    pairs: Iterable[Pair] = Pair.objects.open_to(user).filter(pk=senior.pair_id)
    return next(iter(pairs), None)


# --- Coordinators' follow-up -------------------------------------------------------------


@transaction.atomic
def correct_record(
    record: Call | Visit, *, by: User, changes: dict, reason: str = "", version: int | None = None
) -> list[str]:
    """Correct a call or a visit; the previous values stay in its history with who and why.

    `version` is the record's version when the form was opened: a correction made meanwhile
    by someone else on the same fields refuses this one (EditConflict). Returns the names of
    the fields that changed (nothing is saved when none did)."""
    check_unchanged(record, version, list(changes))
    record.refresh_from_db()
    changed = [name for name, value in changes.items() if getattr(record, name) != value]
    if not changed:
        return []
    for name in changed:
        setattr(record, name, changes[name])
    if isinstance(record, Call) and record.outcome != Call.Outcome.VISIT_BOOKED:
        record.visit_booked_for = None
        changed = sorted({*changed, "visit_booked_for"})
    record.full_clean()
    record._history_user = by
    record._change_reason = reason
    record.save(update_fields=changed)
    return changed


@transaction.atomic
def handle_alert(alert: Alert, *, by: User, outcome: str) -> Alert:
    """Close an urgent alert with what was done; an alert is handled once."""
    if not alert.is_open:
        raise ValidationError(_("This alert was already handled."))
    alert.outcome = outcome.strip()
    alert.handled_at = timezone.now()
    alert.handled_by = by
    alert.full_clean()
    alert._history_user = by
    alert.save(update_fields=["outcome", "handled_at", "handled_by"])
    return alert


def mark_visit_read(visit: Visit, *, by: User) -> Visit:
    """The coordinator read the pair's report (kept the first time only)."""
    if visit.read_at is None:
        visit.read_at = timezone.now()
        visit.read_by = by
        visit._history_user = by
        visit.save(update_fields=["read_at", "read_by"])
    return visit


@transaction.atomic
def reply_to_visit(visit: Visit, *, by: User, reply: str) -> Visit:
    """Leave the pair a reply on its report; replying means the report was read."""
    visit.reply = reply.strip()
    visit.full_clean()
    visit._history_user = by
    visit.save(update_fields=["reply"])
    return mark_visit_read(visit, by=by)


# --- Heatwave / cold-weather call campaigns -------------------------------------------------


def campaign_candidates() -> models.QuerySet[Senior]:
    """By default a campaign calls everyone on the vulnerability register who has not
    objected nor left it, and whose file is neither closed nor anonymised."""
    return (
        Senior.objects.filter(
            register_entry__isnull=False,
            register_entry__objected_on__isnull=True,
            register_entry__left_on__isnull=True,
            anonymised_at__isnull=True,
        )
        .exclude(status=Senior.Status.CLOSED)
        .order_by(*person_order())
    )


def split_into_lists(
    seniors: Sequence[Senior], pairs: Sequence[Pair], *, spread_unpaired: bool = True
) -> dict[int, Pair | None]:
    """Give each senior a call list: {senior id: pair, or None for the staff list}.

    Each active pair gets its own seniors first; the others (no pair, or a pair that is not
    active) go one by one to the pair with the shortest list, or all to the staff list."""
    by_id = {pair.pk: pair for pair in pairs}
    lists: dict[int, Pair | None] = {}
    others = []
    for senior in seniors:
        if senior.pair_id in by_id:
            lists[senior.pk] = by_id[senior.pair_id]
        else:
            others.append(senior)
    if not spread_unpaired or not pairs:
        lists.update(dict.fromkeys((s.pk for s in others), None))
        return lists
    own = Counter(pair.pk for pair in lists.values() if pair is not None)
    heap = [(own[pair.pk], index) for index, pair in enumerate(pairs)]
    heapq.heapify(heap)
    for senior in others:
        count, index = heapq.heappop(heap)
        lists[senior.pk] = pairs[index]
        heapq.heappush(heap, (count + 1, index))
    return lists


@transaction.atomic
def open_campaign(
    *, name: str, kind: str, seniors: Sequence[Senior], by: User, spread_unpaired: bool = True
) -> Campaign:
    """Open a campaign and split the chosen seniors into balanced call lists per active pair."""
    campaign = Campaign(name=name, kind=kind, opened_by=by, opened_at=timezone.now())
    campaign.full_clean()
    campaign.save()
    pairs = list(Pair.objects.active().order_by("number"))
    lists = split_into_lists(seniors, pairs, spread_unpaired=spread_unpaired)
    CampaignEntry.objects.bulk_create(
        [CampaignEntry(campaign=campaign, senior=senior, pair=lists[senior.pk]) for senior in seniors]
    )
    return campaign


def _ensure_open(campaign: Campaign) -> None:
    if not campaign.is_open:
        raise ValidationError(_("This campaign is closed."))


@transaction.atomic
def add_to_campaign(campaign: Campaign, *, senior: Senior) -> CampaignEntry:
    """Put a senior on an open campaign's lists: their own pair's if it is active, else the
    shortest pair's list, else the staff list."""
    _ensure_open(campaign)
    if campaign.entries.filter(senior=senior).exists():
        raise ValidationError(_("%(senior)s is already on this campaign's lists.") % {"senior": senior})
    pairs = list(
        Pair.objects.active()
        .annotate(
            listed=models.Count("campaign_entries", filter=models.Q(campaign_entries__campaign=campaign))
        )
        .order_by("listed", "name", "id")
    )
    own = next((pair for pair in pairs if pair.pk == senior.pair_id), None)
    entry = CampaignEntry(campaign=campaign, senior=senior, pair=own or (pairs[0] if pairs else None))
    entry.full_clean()
    entry.save()
    return entry


def move_campaign_entry(entry: CampaignEntry, *, pair: Pair | None) -> CampaignEntry:
    """Move a senior to another pair's call list (or to the staff list with `pair=None`)."""
    _ensure_open(entry.campaign)
    if pair is not None and not Pair.objects.active().filter(pk=pair.pk).exists():
        raise ValidationError(_("This pair is not active any more."))
    entry.pair = pair
    entry.save(update_fields=["pair", "updated_at"])
    return entry


# What a campaign call's result means for the call tally.
CAMPAIGN_CALL_OUTCOMES = {
    CampaignEntry.State.FINE: Call.Outcome.REACHED,
    CampaignEntry.State.NEEDS_HELP: Call.Outcome.REACHED,
    CampaignEntry.State.NOT_REACHED: Call.Outcome.NO_ANSWER,
}


@transaction.atomic
def record_campaign_call(
    entry: CampaignEntry,
    *,
    by: User,
    state: str,
    note: str = "",
    duration_minutes: int | None = None,
    alert: AlertInput | None = None,
    called_at: datetime.datetime | None = None,
    uuid: uuid_module.UUID | None = None,
    pair: Pair | None = None,
) -> Call:
    """Log a campaign call (it counts as a call) and move the senior's line to its result.

    "Not reached — escalate" becomes a coordinator task with the alerts' deadline (once per
    senior and campaign while it is open); an urgency noted during the call is an alert too.
    A tablet's call sent again under its identifier is the stored one, and changes nothing;
    `pair`: the pair that called, when not the list's (a list moved since the call)."""
    if existing := _existing(Call, uuid):
        return existing
    _ensure_open(entry.campaign)
    if state not in CAMPAIGN_CALL_OUTCOMES:
        raise ValidationError(_("Choose the result of the call."))
    if state == CampaignEntry.State.NOT_REACHED and alert is None and not _escalated(entry):
        alert = AlertInput(
            kind=Alert.Kind.NOT_REACHED,
            description=note or _("Not reached during the campaign “%(name)s”.") % {"name": entry.campaign},
        )
    call, _created = record_call(
        senior=entry.senior,
        pair=pair or entry.pair,
        by=by,
        outcome=CAMPAIGN_CALL_OUTCOMES[state],
        note=note,
        duration_minutes=duration_minutes,
        campaign=entry.campaign,
        alert=alert,
        called_at=called_at,
        uuid=uuid,
    )
    entry.state = state
    entry.note = note
    entry.full_clean()
    entry.save(update_fields=["state", "note", "updated_at"])
    return call


def _escalated(entry: CampaignEntry) -> bool:
    """An escalation of this senior in this campaign is still open."""
    return Alert.objects.filter(
        senior=entry.senior,
        kind=Alert.Kind.NOT_REACHED,
        call__campaign=entry.campaign,
        handled_at__isnull=True,
    ).exists()


def close_campaign(campaign: Campaign, *, by: User) -> Campaign:
    """Close the campaign; its lists stay readable, no call can be logged in it any more."""
    if campaign.is_open:
        campaign.closed_at = timezone.now()
        campaign.save(update_fields=["closed_at"])
    return campaign


def record_attendance(proposal: Proposal, *, session: ActivitySession, came: bool) -> Proposal:
    """Note whether a senior who accepted came to a session (dating the proposal if needed)."""
    proposal.session = session
    proposal.attended = came
    proposal.full_clean()
    proposal.save(update_fields=["session", "attended"])
    return proposal
