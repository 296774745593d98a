"""The calls, visits and proposals lists' rows, for XLSX/CSV (written by ccas_visits.lib.exports)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from ccas_visits.lib.exports import Rows


def call_rows(queryset: QuerySet) -> Rows:
    headers = [
        _("Called at"),
        _("Senior"),
        _("Pair"),
        _("Outcome"),
        _("Visit booked for"),
        _("Campaign"),
        _("Note"),
        _("Duration (minutes)"),
    ]
    calls = queryset.select_related("senior", "pair__volunteer_a", "pair__volunteer_b", "campaign")

    def rows():
        for call in calls:
            yield [
                call.called_at,
                call.senior.full_name,
                str(call.pair) if call.pair else _("CCAS staff"),
                call.get_outcome_display(),
                call.visit_booked_for,
                call.campaign.name if call.campaign else "",
                call.note,
                call.duration_minutes,
            ]

    return headers, rows()


def visit_rows(queryset: QuerySet) -> Rows:
    headers = [
        _("Visited at"),
        _("Senior"),
        _("Pair"),
        _("Kind"),
        _("Duration (minutes)"),
        _("Next visit on"),
        _("Note"),
    ]
    visits = queryset.select_related("senior", "pair__volunteer_a", "pair__volunteer_b")

    def rows():
        for visit in visits:
            yield [
                visit.visited_at,
                visit.senior.full_name,
                str(visit.pair) if visit.pair else _("CCAS staff"),
                visit.get_kind_display(),
                visit.duration_minutes,
                visit.next_visit_on,
                visit.note,
            ]

    return headers, rows()


def proposal_rows(queryset: QuerySet) -> Rows:
    headers = [_("Proposed on"), _("Senior"), _("Activity"), _("Session"), _("Answer"), _("Came")]
    proposals = queryset.select_related("senior", "activity", "session__activity")

    def rows():
        for proposal in proposals:
            yield [
                proposal.proposed_on,
                proposal.senior.full_name,
                proposal.activity.name,
                str(proposal.session) if proposal.session else "",
                proposal.get_answer_display(),
                {True: _("Yes"), False: _("No")}.get(proposal.attended, ""),
            ]

    return headers, rows()
