"""The volunteers and pairs lists' rows, for XLSX/CSV (written by ccas_visits.lib.exports)."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from ccas_visits.lib.exports import Rows
from ccas_visits.lib.phones import display_phone
from volunteers.models import CharterSignature


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
                display_phone(volunteer.phone),
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
        pairs = pairs.with_open_seniors()

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
