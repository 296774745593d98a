"""The contacts' part of a senior's timeline (seniors/timeline.py): calls, visits, activities
proposed, needs noted and urgent alerts, the last `limit` of each kind at or before `until`."""

from __future__ import annotations

import datetime

from django.utils.translation import gettext as _

from ccas_visits.lib.dates import local_midnight
from seniors.models import Senior
from seniors.timeline import TimelineEntry, upto
from visits.models import Alert, Call, Need, Proposal, Visit

PAIR = ("pair__volunteer_a", "pair__volunteer_b")


def contact_events(senior: Senior, until: datetime.datetime | None, limit: int) -> list[TimelineEntry]:
    entries: list[TimelineEntry] = []
    for call in upto(Call.objects.filter(senior=senior).select_related(*PAIR), "called_at", until)[:limit]:
        who = str(call.pair) if call.pair else _("CCAS staff")
        title = _("Call (%(who)s): %(outcome)s") % {"who": who, "outcome": call.get_outcome_display()}
        entries.append(TimelineEntry(call.called_at, "call", title, call.note))
    for visit in upto(Visit.objects.filter(senior=senior).select_related(*PAIR), "visited_at", until)[:limit]:
        who = str(visit.pair) if visit.pair else _("CCAS staff")
        title = _("%(kind)s (%(who)s)") % {"kind": visit.get_kind_display(), "who": who}
        entries.append(TimelineEntry(visit.visited_at, "visit", title, visit.note))
    proposals = Proposal.objects.filter(senior=senior).select_related("activity")
    for proposal in upto(proposals, "proposed_on", until, True)[:limit]:
        title = _("Activity proposed: %(activity)s — %(answer)s") % {
            "activity": proposal.activity,
            "answer": proposal.get_answer_display(),
        }
        if proposal.attended is not None:
            title += " — " + (_("came") if proposal.attended else _("did not come"))
        entries.append(TimelineEntry(local_midnight(proposal.proposed_on), "proposal", title))
    for need in upto(Need.objects.filter(senior=senior), "noted_on", until, True)[:limit]:
        title = _("Need noted: %(kind)s") % {"kind": need.get_kind_display()}
        entries.append(TimelineEntry(local_midnight(need.noted_on), "need", title, need.note))
    for alert in upto(Alert.objects.filter(senior=senior).order_by("-raised_at"), "raised_at", until)[:limit]:
        title = _("Urgent alert: %(kind)s") % {"kind": alert.get_kind_display()}
        entries.append(TimelineEntry(alert.raised_at, "alert", title, alert.description))
    return entries
