"""Workflows on seniors' files: the access trace, pair assignment (and where a pair's seniors
go when it ends), lifecycle changes that touch several records, duplicate detection and referral triage
(the file's timeline is in seniors/timeline.py)."""

from __future__ import annotations

import datetime
import difflib
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from ccas_visits.lib.concurrency import check_unchanged
from ccas_visits.lib.db import fold, folded, person_order
from ccas_visits.lib.history import CHANGES_SHOWN, recent_changes
from seniors.follow_up import follow_up
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
from volunteers.models import Pair

if TYPE_CHECKING:
    from seniors.forms import SeniorForm

# Two names this close (difflib ratio on folded "last first") with the same birth date are
# probably the same person typed twice.
SIMILAR_NAME_RATIO = 0.85


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
        gir="",
        emergency_contact_name="",
        emergency_contact_phone="",
        emergency_contact_relation="",
        source_detail="",
        anonymised_at=timezone.now(),
    )
    follow_up().erase_contacts(senior)
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
