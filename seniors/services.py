"""Workflows on seniors' files that leave a trace."""

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from ccas_visits.dates import months_before
from seniors.models import AccessLog, Consent, Referral, RegisterEntry, Senior


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


ANONYMOUS = "Anonyme"


@transaction.atomic
def anonymise_senior(senior: Senior, *, by=None) -> Senior:
    """Erase who the senior is while keeping what happened, so past figures stay the same.

    Kept: date of birth, sex, neighbourhood, postal code and city (age bands and areas in
    the reports), status history, and the counts of calls, visits, proposals and needs.
    Removed: name, address, phone, notes and every free text, the register identifier,
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
    senior.consents.update(notes="", collected_by=ANONYMOUS)
    senior.status_changes.update(reason="")
    senior.assignments.update(reason="")
    RegisterEntry.objects.filter(senior=senior).update(register_id="")
    Referral.objects.filter(senior=senior).update(
        first_name=ANONYMOUS, last_name=ANONYMOUS, address="", phone="", reason=ANONYMOUS, triage_note=""
    )
    _purge_history(senior)
    if by is not None:
        log_access(user=by, action=AccessLog.Action.ANONYMISE, senior=senior)
    senior.refresh_from_db()
    return senior


def _purge_history(senior: Senior) -> None:
    from visits.models import Alert, Call, Visit

    Senior.history.filter(id=senior.pk).delete()
    Call.history.filter(senior_id=senior.pk).delete()
    Visit.history.filter(senior_id=senior.pk).delete()
    Alert.history.filter(senior_id=senior.pk).delete()
    Consent.history.filter(senior_id=senior.pk).delete()
    RegisterEntry.history.filter(senior_id=senior.pk).delete()


def seniors_due_for_anonymisation(today: datetime.date) -> QuerySet[Senior]:
    """Closed files older than the retention period, not yet anonymised."""
    limit = months_before(today, settings.RETENTION_SENIOR_CLOSED_MONTHS)
    return Senior.objects.filter(
        status=Senior.Status.CLOSED, status_changed_on__lt=limit, anonymised_at__isnull=True
    )
