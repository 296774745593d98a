import datetime

from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from ccas_visits.lib.db import person_order
from ccas_visits.lib.permissions import COORDINATOR, role_required
from reports.bilan.progress import stock_day
from reports.charts import grouped_bars
from reports.figures import compare_with_last_year, visits_per_month
from reports.periods import Period
from reports.rows import pipeline_table, short_month_label
from seniors.models import (
    Referral,
    Senior,
    is_acknowledgement_overdue,
    is_on_register_only,
    is_waiting_for_pair,
)
from visits.indicators import overdue_seniors, reviews_due
from visits.models import OPEN_NEED, UNREAD_REPORT, Alert, Need, Visit
from visits.pipeline import pipeline_by_source
from visits.queries import silent_pairs, volunteers_with_incomplete_onboarding
from visits.review import late_outboxes, pending_reviews
from volunteers.models import Pair, Volunteer


@role_required(COORDINATOR)
def dashboard(request: HttpRequest) -> HttpResponse:
    return render(request, "reports/dashboard.html", dashboard_context(timezone.localdate()))


def dashboard_context(today: datetime.date) -> dict:
    """Everything the dashboard shows on `today`."""
    period = Period.half_year_of(today)
    alerts = Alert.objects.filter(handled_at__isnull=True).aggregate(
        open=Count("id"), overdue=Count("id", filter=Q(due_at__lt=timezone.now()))
    )
    per_month = visits_per_month(today)
    comparisons, yearly, three_year = compare_with_last_year(period, today)
    return {
        "period": period,
        "last_period": period.same_period_last_year(),
        "stock_day": stock_day(period, today),
        "comparisons": comparisons,
        "yearly_targets": yearly,
        "three_year_targets": three_year,
        "pipeline": pipeline_table(pipeline_by_source(period.start, period.end)),
        "per_month": per_month,
        "chart": grouped_bars(
            _("Visits per month (last 12 months)"),
            [short_month_label(month) for month, _count in per_month],
            [(_("Visits"), [count for _month, count in per_month])],
        ),
        "queues": {
            **Senior.objects.aggregate(
                waiting_for_pair=Count("id", filter=is_waiting_for_pair()),
                register_only=Count("id", filter=is_on_register_only()),
                acknowledgements_overdue=Count("id", filter=is_acknowledgement_overdue(today)),
            ),
            "overdue": overdue_seniors(today).count(),
            "reviews_due": reviews_due(today).count(),
            "open_alerts": alerts["open"],
            "overdue_alerts": alerts["overdue"],
            "referrals": Referral.objects.filter(status=Referral.Status.PENDING).count(),
            "onboarding": volunteers_with_incomplete_onboarding().count(),
            "silent_pairs": silent_pairs(today=today).count(),
            "unread_reports": Visit.objects.filter(UNREAD_REPORT).count(),
            "needs_to_follow": Need.objects.filter(OPEN_NEED).count(),
            "tablet_reviews": pending_reviews().count(),
            "late_tablets": late_outboxes().count(),
        },
        "pairs_member_away": Pair.objects.active_on(today)
        .with_member_away()
        .filter(member_away=True)
        .with_members()
        .in_name_order(),
        "missions_ending": Volunteer.objects.mission_ending(today).order_by(
            "mission_ends_on", *person_order()
        ),
        "to_sign_charter": Volunteer.objects.to_sign_the_new_charter().order_by(*person_order()),
        "open_alerts": Alert.objects.filter(handled_at__isnull=True)
        .select_related("senior")
        .order_by("due_at")[:5],
    }
