"""Everything held about one senior, for their right of access (RGPD art. 15), as a PDF."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from weasyprint import HTML

from seniors.models import Senior

PAIR = ("pair__volunteer_a", "pair__volunteer_b")


def gather(senior: Senior) -> dict:
    """Every record about the senior, one query per kind."""
    return {
        "senior": senior,
        "register_entry": getattr(senior, "register_entry", None),
        "consents": list(senior.consents.all()),
        "status_changes": list(senior.status_changes.all()),
        "assignments": list(senior.assignments.select_related("pair__volunteer_a", "pair__volunteer_b")),
        "calls": list(
            senior.calls.select_related("pair__volunteer_a", "pair__volunteer_b").order_by("called_at")
        ),
        "visits": list(
            senior.visits.select_related("pair__volunteer_a", "pair__volunteer_b")
            .prefetch_related("services_presented")
            .order_by("visited_at")
        ),
        "needs": list(senior.needs.order_by("noted_on")),
        "six_month_reviews": list(
            senior.six_month_reviews.select_related("measure", *PAIR).order_by("reviewed_on")
        ),
        "loneliness_measures": list(senior.loneliness_measures.order_by("measured_on", "id")),
        "proposals": list(senior.proposals.select_related("activity", "session").order_by("proposed_on")),
        "alerts": list(senior.alerts.order_by("raised_at")),
        "orientations": list(senior.orientations.select_related("partner", "service").order_by("made_on")),
        "referrals": list(senior.referrals.select_related("partner")),
        "campaign_entries": list(senior.campaign_entries.select_related("campaign")),
        "access_logs": list(senior.access_logs.select_related("user").order_by("at")),
        "made_at": timezone.localtime(),
        "ccas_name": settings.CCAS_NAME,
        "programme_name": settings.PROGRAMME_NAME,
    }


def access_request_pdf(senior: Senior) -> bytes:
    html = render_to_string("seniors/pdf/access_request.html", gather(senior))
    # Static files are read from disk, never fetched over HTTP from the application.
    return HTML(string=html, base_url=str(settings.BASE_DIR / "static")).write_pdf()
