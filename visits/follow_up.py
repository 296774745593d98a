"""The visits app's part of the seniors' pages and of erasing a file (seniors/follow_up.py):
handed to the seniors app when this app loads (visits/apps.py)."""

from __future__ import annotations

from seniors.follow_up import FollowUp
from seniors.models import Senior
from seniors.services import ANONYMOUS
from visits.indicators import with_contact_dates, without_contact_for
from visits.models import Alert, Call, LonelinessMeasure, SixMonthReview, SyncReview, Visit
from visits.timeline import contact_events


def erase_contacts(senior: Senior) -> None:
    """The free text of the file's contacts and reviews, and their change history that still
    holds it. Kept: the contacts themselves (dates, outcomes, kinds) and the loneliness scores,
    which without a name are counts, so past figures stay the same."""
    senior.calls.update(note="")
    senior.visits.update(note="", reply="")
    senior.needs.update(note="")
    senior.alerts.update(description=ANONYMOUS, outcome=ANONYMOUS)
    senior.orientations.update(note="")
    senior.campaign_entries.update(note="")
    senior.sync_reviews.update(fields={}, dismiss_reason="")  # tablet records kept for review
    senior.six_month_reviews.update(proposed="", pair_input="")
    for model in (Call, Visit, Alert, SyncReview, SixMonthReview, LonelinessMeasure):
        model.history.filter(senior_id=senior.pk).delete()


FOLLOW_UP = FollowUp(
    with_contact_dates=with_contact_dates,
    without_contact_for=without_contact_for,
    timeline_events=contact_events,
    erase_contacts=erase_contacts,
)
