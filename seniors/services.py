"""Workflows on seniors' files: the access trace, pair assignment (and where a pair's seniors
go when it ends), lifecycle changes that touch several records, duplicate detection, the
file's timeline and referral triage."""

from __future__ import annotations

import datetime
import difflib
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Case, Q, QuerySet, When
from django.db.models.functions import Coalesce
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from ccas_visits.lib.concurrency import check_unchanged
from ccas_visits.lib.dates import local_midnight
from ccas_visits.lib.db import fold, folded, person_order
from ccas_visits.lib.history import CHANGES_SHOWN, recent_changes
from seniors.models import (
    AccessLog,
    Assignment,
    Consent,
    Referral,
    RegisterEntry,
    Senior,
    SeniorStatusChange,
    has_objected,
)
from visits.models import (
    Alert,
    Call,
    Need,
    Proposal,
    SyncReview,
    Visit,
)  # anonymisation and the timeline reach contacts
from volunteers.models import Pair

if TYPE_CHECKING:
    from seniors.forms import SeniorForm

# Two names this close (difflib ratio on folded "last first") with the same birth date are
# probably the same person typed twice.
SIMILAR_NAME_RATIO = 0.85
# The senior's page shows this many of the file's latest events; older ones are a link away.
TIMELINE_SHOWN = 20


def log_access(
    *,
    user,
    action: str,
    senior: Senior | None = None,
    list_name: str = "",
    rows: int | None = None,
    detail: str = "",
) -> AccessLog:
    """Record a read of personal data (a file opened, a list exported)."""
    return AccessLog.objects.create(
        user=user if user.is_authenticated else None,
        action=action,
        senior=senior,
        list_name=list_name,
        rows=rows,
        detail=detail[:300],
    )


def log_export(sender, *, request: HttpRequest, list_name: str, rows: int, detail: str, **kwargs) -> None:
    """Record a list taken out of the application (connected to ccas_visits.lib.exports.list_exported)."""
    log_access(
        user=request.user, action=AccessLog.Action.EXPORT, list_name=list_name, rows=rows, detail=detail
    )


ANONYMOUS = "Anonyme"


@transaction.atomic
def anonymise_senior(senior: Senior, *, by=None) -> Senior:
    """Erase who the senior is while keeping what happened, so past figures stay the same.

    Kept: date of birth, sex, neighbourhood, postal code and city (age bands and areas in
    the reports), status history, and the counts of calls, visits, proposals and needs.
    Removed: name, address, phone, notes and every free text, the register identifier and
    the third party who asked for the registration,
    and the audit history that still holds the former values."""
    Senior.objects.filter(pk=senior.pk).update(
        first_name=ANONYMOUS,
        last_name=ANONYMOUS,
        address="",
        phone="",
        access_notes="",
        best_times="",
        interests="",
        health_notes="",
        emergency_contact_name="",
        emergency_contact_phone="",
        emergency_contact_relation="",
        source_detail="",
        anonymised_at=timezone.now(),
    )
    senior.calls.update(note="")
    senior.visits.update(note="", reply="")
    senior.needs.update(note="")
    senior.alerts.update(description=ANONYMOUS, outcome=ANONYMOUS)
    senior.orientations.update(note="")
    senior.campaign_entries.update(note="")
    senior.sync_reviews.update(fields={}, dismiss_reason="")  # tablet records kept for review
    senior.consents.update(notes="", collected_by=ANONYMOUS)
    senior.status_changes.update(reason="")
    senior.assignments.update(reason="")
    RegisterEntry.objects.filter(senior=senior).update(register_id="", third_party="")
    Referral.objects.filter(senior=senior).update(
        first_name=ANONYMOUS, last_name=ANONYMOUS, address="", phone="", reason=ANONYMOUS, triage_note=""
    )
    _purge_history(senior)
    if by is not None:
        log_access(user=by, action=AccessLog.Action.ANONYMISE, senior=senior)
    senior.refresh_from_db()
    return senior


def _purge_history(senior: Senior) -> None:
    Senior.history.filter(id=senior.pk).delete()
    Call.history.filter(senior_id=senior.pk).delete()
    Visit.history.filter(senior_id=senior.pk).delete()
    Alert.history.filter(senior_id=senior.pk).delete()
    SyncReview.history.filter(senior_id=senior.pk).delete()
    Consent.history.filter(senior_id=senior.pk).delete()
    RegisterEntry.history.filter(senior_id=senior.pk).delete()


@transaction.atomic
def assign_pair(
    *,
    senior: Senior,
    pair: Pair | None,
    by,
    on: datetime.date | None = None,
    reason: str = "",
) -> Assignment | None:
    """Give the senior to `pair` (or to no pair: waiting), keeping the assignment history.

    The open assignment is ended, a new one opened, and `Senior.pair` follows."""
    on = on or timezone.localdate()
    if pair is not None:
        if senior.status == Senior.Status.CLOSED:
            raise ValidationError(_("A closed file cannot be assigned to a pair."))
        if senior.status == Senior.Status.REGISTER_ONLY:
            raise ValidationError(
                _("This person is only on the vulnerability register: record the approach first.")
            )
        if Senior.objects.filter(has_objected(), pk=senior.pk).exists():
            raise ValidationError(
                _("This senior objected to visits: a pair cannot be assigned. Record a new consent first.")
            )
        if not pair.is_active(on):
            raise ValidationError(_("The pair “%(pair)s” is not active.") % {"pair": pair})
    if pair is not None and senior.pair_id == pair.pk:
        raise ValidationError(_("This senior is already followed by this pair."))
    current = Assignment.objects.select_for_update().filter(senior=senior, ended_on__isnull=True).first()
    if current is not None:
        if on < current.started_on:
            raise ValidationError(
                _("The date cannot be before the current assignment started (%(day)s).")
                % {"day": current.started_on.strftime("%d/%m/%Y")}
            )
        current.ended_on = on
        current.save(update_fields=["ended_on"])
    assignment = None
    if pair is not None:
        assignment = Assignment(senior=senior, pair=pair, started_on=on, reason=reason[:300], assigned_by=by)
        assignment.full_clean()
        assignment.save()
    senior.pair = pair
    senior.save(update_fields=["pair", "updated_at"])
    return assignment


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
            reason=_("End of %(pair)s: %(reason)s") % {"pair": pair, "reason": reason},
        )
    pair.end(on=ended_on, reason=reason)


@transaction.atomic
def change_senior_status(
    *,
    senior: Senior,
    status: str,
    by,
    reason: str = "",
    closed_reason: str = "",
    on: datetime.date | None = None,
) -> SeniorStatusChange:
    """Move the file along its lifecycle; a closed file no longer holds a pair's place."""
    change = senior.change_status(status, by=by, reason=reason, closed_reason=closed_reason, on=on)
    if status == Senior.Status.CLOSED and senior.pair_id is not None:
        assign_pair(senior=senior, pair=None, by=by, on=change.changed_on, reason=reason)
    return change


@transaction.atomic
def approach_senior(*, senior: Senior, on: datetime.date, channel: str, by, note: str = "") -> Senior:
    """Someone only on the register is approached for visits (a call proposing them, a
    letter, a staff visit): their file enters the programme's pipeline on that day."""
    if senior.status != Senior.Status.REGISTER_ONLY:
        raise ValidationError(_("This file is already in the programme."))
    if channel not in Senior.ApproachChannel.values:
        raise ValidationError(_("Say how the person was approached."))
    senior.identified_on = on
    senior.approach_channel = channel
    senior._history_user = by
    senior.save(update_fields=["identified_on", "approach_channel", "updated_at"])
    senior.change_status(
        Senior.Status.IDENTIFIED,
        by=by,
        on=on,
        reason=note[:300] or Senior.ApproachChannel(channel).label,
    )
    return senior


@transaction.atomic
def record_consent(*, senior: Senior, consent: Consent, by) -> Consent:
    """Record what the senior agreed to; an objection or a withdrawal ends the pair's
    follow-up that day, so the senior leaves the pair's lists."""
    consent.senior = senior
    consent.recorded_by = by
    consent.full_clean()
    consent._history_user = by
    consent.save()
    objected = consent.decision in (Consent.Decision.OBJECTION, Consent.Decision.WITHDRAWN)
    if (
        objected
        and senior.pair_id is not None
        and Senior.objects.filter(has_objected(), pk=senior.pk).exists()
    ):
        current = Assignment.objects.filter(senior=senior, ended_on__isnull=True).first()
        on = max(consent.given_on, current.started_on) if current else consent.given_on
        assign_pair(senior=senior, pair=None, by=by, on=on, reason=consent.get_decision_display())
    return consent


@transaction.atomic
def save_register_entry(*, entry: RegisterEntry, by) -> RegisterEntry:
    """Create or change the person's register entry (request, acknowledgement, objection,
    leaving), with who did it in the entry's history."""
    entry.full_clean()
    entry._history_user = by
    entry.save()
    if not entry.is_callable_in_campaign:
        # An objection to the register, or leaving it, takes the person off the call lists
        # of the campaigns still running (calls already made stay).
        entry.senior.campaign_entries.filter(campaign__closed_at__isnull=True, state="to_call").delete()
    return entry


def find_possible_duplicates(
    *,
    first_name: str,
    last_name: str,
    birth_date: datetime.date | None,
    exclude_pk: int | None = None,
) -> list[Senior]:
    """Files that may be the same person: the same folded name (any birth date), or a
    close spelling with the same birth date."""
    wanted = fold(f"{last_name} {first_name}")
    if not wanted:
        return []
    same_name_or_birth = Q(_folded_last=fold(last_name))
    if birth_date is not None:
        same_name_or_birth |= Q(birth_date=birth_date)
    candidates = Senior.objects.annotate(_folded_last=folded("last_name")).filter(same_name_or_birth)
    if exclude_pk is not None:
        candidates = candidates.exclude(pk=exclude_pk)
    found = []
    for senior in candidates.filter(anonymised_at__isnull=True).order_by(*person_order())[:200]:
        name = fold(f"{senior.last_name} {senior.first_name}")
        if name == wanted:
            found.append(senior)
        elif (
            senior.birth_date == birth_date
            and difflib.SequenceMatcher(None, name, wanted).ratio() >= SIMILAR_NAME_RATIO
        ):
            found.append(senior)
    return found


@transaction.atomic
def create_senior(
    *,
    senior: Senior,
    by,
    consent: Consent | None = None,
    referral: Referral | None = None,
) -> Senior:
    """Register a new file, with the consent collected and the referral it answers, if any."""
    senior.full_clean()
    senior.save()
    SeniorStatusChange.objects.create(
        senior=senior,
        from_status=senior.status,
        to_status=senior.status,
        changed_on=senior.identified_on,
        reason=_("File created"),
        changed_by=by,
    )
    if consent is not None:
        consent.senior = senior
        consent.recorded_by = by
        consent.full_clean()
        consent.save()
    if referral is not None:
        accept_referral(referral=referral, senior=senior)
    return senior


def accept_referral(*, referral: Referral, senior: Senior) -> Referral:
    if referral.status != Referral.Status.PENDING:
        raise ValidationError(_("This referral has already been triaged."))
    referral.status = Referral.Status.ACCEPTED
    referral.senior = senior
    referral.triaged_on = timezone.localdate()
    referral.save(update_fields=["status", "senior", "triaged_on"])
    return referral


@transaction.atomic
def reject_referral(*, referral: Referral, note: str) -> Referral:
    if referral.status != Referral.Status.PENDING:
        raise ValidationError(_("This referral has already been triaged."))
    referral.status = Referral.Status.REJECTED
    referral.triage_note = note[:300]
    referral.triaged_on = timezone.localdate()
    referral.save(update_fields=["status", "triage_note", "triaged_on"])
    return referral


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime.datetime
    kind: str
    title: str
    detail: str = ""


@dataclass
class Timeline:
    """A page of the file's events, newest first; `older` is where the next page starts (the
    `until` of senior_timeline), None when nothing older is left."""

    entries: list[TimelineEntry]
    older: datetime.datetime | None


def _timeline_events(senior: Senior, until: datetime.datetime | None, limit: int) -> list[TimelineEntry]:
    """The last `limit` events of each kind at or before `until`: one query per kind, each
    ordered and cut by the database, so a long file costs no more than a short one."""
    day = timezone.localdate(until) if until else None

    def upto(queryset: QuerySet, field: str, is_day: bool = False) -> QuerySet:
        """Events dated by the day (drawn at its midnight) are at or before `until` when
        their day is."""
        if until is None:
            return queryset
        return queryset.filter(**{f"{field}__lte": day if is_day else until})

    entries: list[TimelineEntry] = []
    for change in upto(senior.status_changes.all(), "changed_on", True)[:limit]:
        title = _("Status: %(status)s") % {"status": change.get_to_status_display()}
        if change.closed_reason:
            title += f" ({change.get_closed_reason_display()})"
        entries.append(TimelineEntry(local_midnight(change.changed_on), "status", title, change.reason))
    # An assignment is two events, its start and its end: ordered by the later one shown.
    ended = Q(ended_on__isnull=False) if day is None else Q(ended_on__lte=day)
    assignments = (
        upto(senior.assignments.all(), "started_on", True)
        .select_related("pair__volunteer_a", "pair__volunteer_b")
        .annotate(last_on=Coalesce(Case(When(ended, then="ended_on")), "started_on"))
        .order_by("-last_on", "-id")
    )
    for assignment in assignments[:limit]:
        title = _("Assigned to %(pair)s") % {"pair": assignment.pair}
        entries.append(
            TimelineEntry(local_midnight(assignment.started_on), "assignment", title, assignment.reason)
        )
        if assignment.ended_on:
            title = _("No longer followed by %(pair)s") % {"pair": assignment.pair}
            entries.append(TimelineEntry(local_midnight(assignment.ended_on), "assignment", title))
    calls = Call.objects.filter(senior=senior).select_related("pair__volunteer_a", "pair__volunteer_b")
    for call in upto(calls, "called_at")[:limit]:
        who = str(call.pair) if call.pair else _("CCAS staff")
        title = _("Call (%(who)s): %(outcome)s") % {"who": who, "outcome": call.get_outcome_display()}
        entries.append(TimelineEntry(call.called_at, "call", title, call.note))
    visits = Visit.objects.filter(senior=senior).select_related("pair__volunteer_a", "pair__volunteer_b")
    for visit in upto(visits, "visited_at")[:limit]:
        who = str(visit.pair) if visit.pair else _("CCAS staff")
        title = _("%(kind)s (%(who)s)") % {"kind": visit.get_kind_display(), "who": who}
        entries.append(TimelineEntry(visit.visited_at, "visit", title, visit.note))
    proposals = Proposal.objects.filter(senior=senior).select_related("activity")
    for proposal in upto(proposals, "proposed_on", True)[:limit]:
        title = _("Activity proposed: %(activity)s — %(answer)s") % {
            "activity": proposal.activity,
            "answer": proposal.get_answer_display(),
        }
        if proposal.attended is not None:
            title += " — " + (_("came") if proposal.attended else _("did not come"))
        entries.append(TimelineEntry(local_midnight(proposal.proposed_on), "proposal", title))
    for need in upto(Need.objects.filter(senior=senior), "noted_on", True)[:limit]:
        title = _("Need noted: %(kind)s") % {"kind": need.get_kind_display()}
        entries.append(TimelineEntry(local_midnight(need.noted_on), "need", title, need.note))
    for alert in upto(Alert.objects.filter(senior=senior).order_by("-raised_at"), "raised_at")[:limit]:
        title = _("Urgent alert: %(kind)s") % {"kind": alert.get_kind_display()}
        entries.append(TimelineEntry(alert.raised_at, "alert", title, alert.description))
    for consent in upto(senior.consents.all(), "given_on", True)[:limit]:
        title = _("%(decision)s (%(channel)s, collected by %(who)s)") % {
            "decision": consent.get_decision_display(),
            "channel": consent.get_channel_display(),
            "who": consent.collected_by,
        }
        entries.append(TimelineEntry(local_midnight(consent.given_on), "consent", title, consent.notes))
    return [entry for entry in entries if until is None or entry.at <= until]


def senior_timeline(
    senior: Senior, until: datetime.datetime | None = None, shown: int = TIMELINE_SHOWN
) -> Timeline:
    """The file's last `shown` events at or before `until` (the most recent ones without it),
    newest first, and where the older ones start."""
    entries = sorted(_timeline_events(senior, until, shown + 1), key=lambda entry: entry.at, reverse=True)
    if len(entries) <= shown:
        return Timeline(entries, None)
    # The next page starts at the first event not shown; the events of that same instant all
    # go to the next page, so that none is shown twice or lost between two pages.
    older = entries[shown].at
    page = [entry for entry in entries[:shown] if entry.at > older]
    if not page:
        # More than a page of events at one instant, which only an import writes: show those
        # read (a page of each kind) and go on before that instant.
        page = [entry for entry in entries if entry.at == older]
        older -= datetime.timedelta(microseconds=1)
    return Timeline(page, older)


@transaction.atomic
def update_senior(form: SeniorForm) -> Senior:
    """Save an edit of a senior's file, unless someone else changed it since the form was opened
    (raises ccas_visits.lib.concurrency.EditConflict, with what changed)."""
    check_unchanged(form.instance, form.cleaned_data.get("version"), list(form._meta.fields))
    return form.save()


def senior_audit(senior: Senior, page: int = 1, register_entry: RegisterEntry | None = None) -> dict:
    """What coordinators see of who changed and who opened the file (two queries, plus one per
    kind of related record named in the changes shown), and who changed the register entry."""
    return {
        "changes": recent_changes(senior, page),
        "register_changes": recent_changes(register_entry, limit=100) if register_entry is not None else None,
        "accesses": list(senior.access_logs.select_related("user").order_by("-at")[:CHANGES_SHOWN]),
    }
