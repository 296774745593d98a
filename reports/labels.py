"""The labels of the key figures, shared by the bilan, the dashboard, the funders' annex and
an issued bilan's changes: one label, one figure (INDICATORS.md)."""

from __future__ import annotations

from django.utils.translation import gettext as _


def key_figure_labels() -> dict[str, str]:
    """The label of each key figure, the same in every table of the bilan and on the
    dashboard: one label, one figure (INDICATORS.md)."""
    return {
        "calls": _("Calls made"),
        "visits": _("Visits done"),
        "seniors_visited": _("Seniors visited (at least one visit)"),
        "seniors_reached": _("Seniors reached (at least one successful contact)"),
        "new_seniors": _("New seniors identified in the period"),
        "refusals": _("Seniors who declined during the period"),
        "seniors_followed_at_end": _("Seniors followed at the end of the period"),
        "volunteers_active_at_end": _("Volunteers active at the end of the period"),
        "pairs_active": _("Pairs active during the period"),
    }
