"""The seniors list's rows, for XLSX/CSV (written by ccas_visits.lib.exports)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from ccas_visits.lib.exports import Rows
from ccas_visits.lib.phones import display_phone


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
                display_phone(senior.phone),
                senior.get_status_display(),
                str(senior.pair) if senior.pair else "",
                senior.get_source_display(),
                senior.source_partner.name if senior.source_partner else "",
                senior.identified_on,
                entry.register_id if entry else "",
            ]

    return headers, rows()
