"""What the seniors' pages show of a file's follow-up, which the visits app holds.

The seniors list and the senior's page show contact dates (last contact, due date, next visit
planned) and put the calls, visits, needs and alerts in the file's timeline; erasing a file
erases the free text of its contacts. Those records belong to the visits app, which sits above
this one: visits imports seniors, never the reverse. So the visits app hands its part in when
it loads (`visits/apps.py` calls `provide`), and the seniors app calls it through `follow_up()`.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import ImproperlyConfigured
from django.db.models import QuerySet

if TYPE_CHECKING:
    from seniors.models import Senior
    from seniors.timeline import TimelineEntry


@dataclass(frozen=True)
class FollowUp:
    # Annotates last_contact, due_on, next_visit_planned… (INDICATORS.md, "Last contact").
    with_contact_dates: Callable[[QuerySet, datetime.date], QuerySet]
    # On an annotated queryset: open files with no successful contact for more than `days` days.
    without_contact_for: Callable[[QuerySet, int, datetime.date], QuerySet]
    # The file's last `limit` contacts of each kind at or before `until` (None: the latest).
    timeline_events: Callable[[Senior, datetime.datetime | None, int], list[TimelineEntry]]
    # Inside the erasure's transaction: the contacts' free text and their change history.
    erase_contacts: Callable[[Senior], None]


_provided: FollowUp | None = None


def provide(follow_up: FollowUp) -> None:
    global _provided
    _provided = follow_up


def follow_up() -> FollowUp:
    if _provided is None:
        raise ImproperlyConfigured("The seniors' follow-up comes from the visits app: install it.")
    return _provided
