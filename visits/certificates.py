"""What a volunteer gets back: their own record (visits, calls, hours, trainings and meetings)
and the certificate of volunteering (attestation de bénévolat) that freezes it for a period.

The hours are INDICATORS.md's "volunteer hours" for one volunteer (`volunteer_hours`), so a
certificate and the funders' annex never disagree on how an hour is counted."""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.utils import timezone
from weasyprint import HTML

from visits.indicators import VolunteerHours, pair_calls, volunteer_hours
from visits.models import Visit
from volunteers.models import Certificate, CertificateRequest, Meeting, Volunteer


@dataclass(frozen=True)
class VolunteerRecord:
    """What one volunteer did from `start` to `end`."""

    start: datetime.date
    end: datetime.date
    visits: int
    calls: int
    hours: VolunteerHours
    meetings: list[Meeting]


def volunteer_record(volunteer: Volunteer, start: datetime.date, end: datetime.date) -> VolunteerRecord:
    """Six queries: the visits they were present at, the calls they recorded for their pair,
    their hours, and the trainings and meetings they attended, oldest first."""
    return VolunteerRecord(
        start=start,
        end=end,
        visits=Visit.objects.between(start, end).filter(present=volunteer).count(),
        calls=pair_calls(start, end, volunteer).count(),
        hours=volunteer_hours(start, end, volunteer=volunteer),
        meetings=list(
            Meeting.objects.filter(attendances__volunteer=volunteer, held_on__range=(start, end)).order_by(
                "held_on", "pk"
            )
        ),
    )


def since_joining(volunteer: Volunteer, today: datetime.date) -> VolunteerRecord:
    return volunteer_record(volunteer, min(volunteer.joined_on, today), today)


def this_year(volunteer: Volunteer, today: datetime.date) -> VolunteerRecord:
    """The calendar year so far (the way a volunteer counts a year)."""
    return volunteer_record(volunteer, max(volunteer.joined_on, today.replace(month=1, day=1)), today)


def _next_number(year: int) -> str:
    """Numbers run per year of issue and are never reused (certificates are never deleted)."""
    last = Certificate.objects.filter(number__startswith=f"{year}-").aggregate(last=Max("number"))["last"]
    rank = int(last.split("-")[1]) + 1 if last else 1
    return f"{year}-{rank:04d}"


def issue_certificate(
    *, form_key: uuid.UUID, volunteer: Volunteer, by, today: datetime.date, **fields
) -> tuple[Certificate, bool]:
    """Freeze the volunteer's record for the period in a numbered certificate, and close
    their open request. The same form sent twice issues one certificate (with False)."""
    if existing := Certificate.objects.filter(form_key=form_key).first():
        return existing, False
    record = volunteer_record(volunteer, fields["starts_on"], fields["ends_on"])
    meetings = [
        {"kind": meeting.kind, "title": meeting.title, "held_on": meeting.held_on.isoformat()}
        for meeting in record.meetings
    ]
    for _attempt in range(5):
        certificate = Certificate(
            form_key=form_key,
            volunteer=volunteer,
            number=_next_number(today.year),
            visits=record.visits,
            calls=record.calls,
            hours=record.hours.hours,
            meetings=meetings,
            issued_on=today,
            issued_by=by,
            **fields,
        )
        try:
            with transaction.atomic():
                certificate.save()
                CertificateRequest.objects.open().filter(volunteer=volunteer).update(
                    handled_at=timezone.now(), certificate=certificate
                )
            return certificate, True
        except IntegrityError:
            if existing := Certificate.objects.filter(form_key=form_key).first():
                return existing, False
            # Another coordinator took this number at the same instant: take the next one.
    raise RuntimeError("no certificate number could be given")


def request_certificate(volunteer: Volunteer, purpose: str) -> tuple[CertificateRequest, bool]:
    """At most one open request per volunteer: asked again, the open one is returned."""
    if existing := CertificateRequest.objects.open().filter(volunteer=volunteer).first():
        return existing, False
    try:
        with transaction.atomic():
            return CertificateRequest.objects.create(volunteer=volunteer, purpose=purpose), True
    except IntegrityError:
        return CertificateRequest.objects.open().get(volunteer=volunteer), False


def certificate_pdf(certificate: Certificate) -> bytes:
    """Rendered from what the certificate froze: the same document at every download."""
    kinds = dict(Meeting.Kind.choices)
    meetings = [
        {
            **meeting,
            "kind": kinds.get(meeting["kind"], ""),
            "held_on": datetime.date.fromisoformat(meeting["held_on"]),
        }
        for meeting in certificate.meetings
    ]
    html = render_to_string(
        "visits/pdf/certificate.html",
        {
            "certificate": certificate,
            "volunteer": certificate.volunteer,
            "meetings": meetings,
            "ccas_name": settings.CCAS_NAME,
            "programme_name": settings.PROGRAMME_NAME,
        },
    )
    return HTML(string=html, base_url=str(settings.BASE_DIR / "static")).write_pdf()
