"""The contacts' part of a senior's timeline (seniors/timeline.py): calls, visits, activities
proposed, needs noted, urgent alerts, six-monthly reviews and loneliness questions, the last
`limit` of each kind at or before `until`. The timeline is a coordinators' page: the only place
besides the review itself where a score is shown."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils.translation import gettext as _

from ccas_visits.lib.dates import local_midnight
from seniors.models import Senior
from seniors.timeline import TimelineEntry, upto
from visits.models import Alert, Call, LonelinessMeasure, Need, Proposal, SixMonthReview, Visit

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
    reviews = SixMonthReview.objects.filter(senior=senior).select_related("measure")
    for review in upto(reviews, "reviewed_on", until, True)[:limit]:
        title = _("Six-monthly review: %(decision)s — %(answer)s") % {
            "decision": review.get_decision_display(),
            "answer": measure_summary(review.measure),
        }
        url = reverse("visits:six_month_detail", args=[review.pk])
        entries.append(
            TimelineEntry(local_midnight(review.reviewed_on), "review", title, review.proposed, url)
        )
    # Measures taken at a review are shown with it.
    measures = LonelinessMeasure.objects.filter(senior=senior, review__isnull=True)
    for measure in upto(measures, "measured_on", until, True)[:limit]:
        title = _("Loneliness questions (%(occasion)s): %(answer)s") % {
            "occasion": measure.get_occasion_display().lower(),
            "answer": measure_summary(measure),
        }
        entries.append(TimelineEntry(local_midnight(measure.measured_on), "measure", title))
    return entries


def measure_summary(measure: LonelinessMeasure | None) -> str:
    if measure is None:
        return _("no questions asked")
    if measure.declined:
        return _("does not wish to answer")
    return _("score %(score)s out of 9") % {"score": measure.score}
