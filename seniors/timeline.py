"""A senior's file as a timeline: its events newest first, one page at a time.

The seniors app draws its own events (status changes, assignments, consents); the contacts
(calls, visits, proposals, needs, alerts) come from the visits app through `follow_up()`.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Case, Q, QuerySet, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from ccas_visits.lib.dates import local_midnight
from seniors.follow_up import follow_up
from seniors.models import Senior

# The senior's page shows this many of the file's latest events; older ones are a link away.
TIMELINE_SHOWN = 20


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime.datetime
    kind: str
    title: str
    detail: str = ""
    url: str = ""  # where the event is read in full, when it has a page of its own


@dataclass
class Timeline:
    """A page of the file's events, newest first; `older` is where the next page starts (the
    `until` of senior_timeline), None when nothing older is left."""

    entries: list[TimelineEntry]
    older: datetime.datetime | None


def upto(queryset: QuerySet, field: str, until: datetime.datetime | None, is_day: bool = False) -> QuerySet:
    """The events at or before `until`: those dated by the day (drawn at its midnight) are when
    their day is."""
    if until is None:
        return queryset
    return queryset.filter(**{f"{field}__lte": timezone.localdate(until) if is_day else until})


def _file_events(senior: Senior, until: datetime.datetime | None, limit: int) -> list[TimelineEntry]:
    """The last `limit` events of each kind the seniors app holds, at or before `until`: one
    query per kind, each ordered and cut by the database, so a long file costs no more than a
    short one."""
    entries: list[TimelineEntry] = []
    for change in upto(senior.status_changes.all(), "changed_on", until, True)[:limit]:
        title = _("Status: %(status)s") % {"status": change.get_to_status_display()}
        if change.closed_reason:
            title += f" ({change.get_closed_reason_display()})"
        entries.append(TimelineEntry(local_midnight(change.changed_on), "status", title, change.reason))
    # An assignment is two events, its start and its end: ordered by the later one shown.
    ended = Q(ended_on__isnull=False) if until is None else Q(ended_on__lte=timezone.localdate(until))
    assignments = (
        upto(senior.assignments.all(), "started_on", until, True)
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
    for consent in upto(senior.consents.all(), "given_on", until, True)[:limit]:
        title = _("%(decision)s (%(channel)s, collected by %(who)s)") % {
            "decision": consent.get_decision_display(),
            "channel": consent.get_channel_display(),
            "who": consent.collected_by,
        }
        entries.append(TimelineEntry(local_midnight(consent.given_on), "consent", title, consent.notes))
    return entries


def senior_timeline(
    senior: Senior, until: datetime.datetime | None = None, shown: int = TIMELINE_SHOWN
) -> Timeline:
    """The file's last `shown` events at or before `until` (the most recent ones without it),
    newest first, and where the older ones start."""
    events = _file_events(senior, until, shown + 1) + follow_up().timeline_events(senior, until, shown + 1)
    shown_events = (entry for entry in events if until is None or entry.at <= until)
    entries = sorted(shown_events, key=lambda entry: entry.at, reverse=True)
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
