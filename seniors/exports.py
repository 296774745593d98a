"""Lists taken out as XLSX or CSV: one row generator per list, one writer per format.

Each generator takes the queryset the list page shows (already filtered and restricted to
what the user may see) and returns French headers and rows, in a fixed number of queries.
`export_response` writes them through ccas_visits.spreadsheets (formula-safe) and records
the export in the access log, as the DPO asks."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from ccas_visits.spreadsheets import Cell, write_csv, write_xlsx
from seniors.models import AccessLog, Senior
from seniors.services import log_access
from volunteers.models import CharterSignature

FORMATS = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}

Rows = tuple[list[str], Iterable[Sequence[Cell]]]


def export_response(
    *,
    request: HttpRequest,
    list_name: str,
    headers: Sequence[str],
    rows: Iterable[Sequence[Cell]],
    format: str,
) -> HttpResponse:
    """The list as a download named in French ("seniors-2025-06-15.xlsx"), logged."""
    if format not in FORMATS:
        format = "xlsx"
    rows = list(rows)
    if format == "csv":
        content = write_csv(headers, rows)
    else:
        content = write_xlsx([(list_name, headers, rows)])
    file_name = f"{slugify(list_name)}-{timezone.localdate():%Y-%m-%d}.{format}"
    response = HttpResponse(content, content_type=FORMATS[format])
    response["Content-Disposition"] = f'attachment; filename="{file_name}"'
    log_access(
        user=request.user,
        action=AccessLog.Action.EXPORT,
        list_name=list_name,
        rows=len(rows),
        detail=f"{format} {request.GET.urlencode()}",
    )
    return response


def senior_rows(queryset: QuerySet) -> Rows:
    """No health notes and no emergency contact: a list leaves the application, they stay in."""
    headers = [
        _("Last name"),
        _("First name"),
        _("Date of birth"),
        _("Age"),
        _("Sex"),
        _("Address"),
        _("Postal code"),
        _("City"),
        _("Neighbourhood"),
        _("Phone"),
        _("Status"),
        _("Pair"),
        _("How they were found"),
        _("Referring partner"),
        _("Identified on"),
        _("Register identifier"),
    ]
    seniors = queryset.select_related(
        "neighbourhood", "pair__volunteer_a", "pair__volunteer_b", "source_partner", "register_entry"
    )
    today = timezone.localdate()

    def rows():
        for senior in seniors:
            entry = getattr(senior, "register_entry", None)
            yield [
                senior.last_name,
                senior.first_name,
                senior.birth_date,
                senior.age(today),
                senior.get_sex_display(),
                senior.address,
                senior.postal_code,
                senior.city,
                senior.neighbourhood.name if senior.neighbourhood else "",
                senior.phone,
                senior.get_status_display(),
                str(senior.pair) if senior.pair else "",
                senior.get_source_display(),
                senior.source_partner.name if senior.source_partner else "",
                senior.identified_on,
                entry.register_id if entry else "",
            ]

    return headers, rows()


def volunteer_rows(queryset: QuerySet) -> Rows:
    headers = [
        _("Last name"),
        _("First name"),
        _("E-mail"),
        _("Phone"),
        _("Kind"),
        _("Status"),
        _("Neighbourhoods"),
        _("Joined on"),
        _("Initial training on"),
        _("Charter signed on"),
    ]
    volunteers = queryset.prefetch_related(
        "neighbourhoods",
        Prefetch("charter_signatures", queryset=CharterSignature.objects.order_by("-signed_on")),
    )

    def rows():
        for volunteer in volunteers:
            signatures = list(volunteer.charter_signatures.all())
            yield [
                volunteer.last_name,
                volunteer.first_name,
                volunteer.email,
                volunteer.phone,
                volunteer.get_kind_display(),
                volunteer.get_status_display(),
                ", ".join(n.name for n in volunteer.neighbourhoods.all()),
                volunteer.joined_on,
                volunteer.initial_training_on,
                signatures[0].signed_on if signatures else None,
            ]

    return headers, rows()


def pair_rows(queryset: QuerySet) -> Rows:
    headers = [
        _("Pair"),
        _("First volunteer"),
        _("Second volunteer"),
        _("Active from"),
        _("Active until"),
        _("Seniors assigned"),
    ]
    pairs = queryset.select_related("volunteer_a", "volunteer_b")
    if "open_seniors" not in pairs.query.annotations:
        # As on the pairs page: the seniors whose file is still open.
        pairs = pairs.annotate(open_seniors=Count("seniors", filter=~Q(seniors__status=Senior.Status.CLOSED)))

    def rows():
        for pair in pairs:
            yield [
                str(pair),
                pair.volunteer_a.full_name,
                pair.volunteer_b.full_name,
                pair.started_on,
                pair.ended_on,
                pair.open_seniors,
            ]

    return headers, rows()


def call_rows(queryset: QuerySet) -> Rows:
    headers = [
        _("Called at"),
        _("Senior"),
        _("Pair"),
        _("Outcome"),
        _("Visit booked for"),
        _("Campaign"),
        _("Note"),
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
