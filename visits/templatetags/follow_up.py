"""What the visits app shows on the volunteers' pages: a pair's caseload with its contact
dates, and the calls and visits of a volunteer's pairs. The volunteers app's templates load
these tags, so its views never reach up to contacts (dependencies run one way)."""

from __future__ import annotations

from django import template
from django.utils import timezone

from ccas_visits.lib.db import person_order
from seniors.filters import next_planned_contact, with_last_contact
from seniors.models import Senior
from visits.models import Call, Visit
from volunteers.models import Pair

register = template.Library()


@register.inclusion_tag("visits/coordination/_pair_caseload.html")
def pair_caseload(pair: Pair) -> dict:
    """The pair's seniors, each with their last contact and the next visit planned."""
    seniors = list(
        with_last_contact(
            Senior.objects.filter(pair=pair).select_related("neighbourhood"), timezone.localdate()
        ).order_by(*person_order())
    )
    for senior in seniors:
        senior.next_planned = next_planned_contact(senior)
    return {"seniors": seniors}


@register.simple_tag
def contact_counts(pairs) -> dict[str, int]:
    """{"calls": …, "visits": …} made by these pairs."""
    return {
        "calls": Call.objects.filter(pair__in=pairs).count(),
        "visits": Visit.objects.filter(pair__in=pairs).count(),
    }
