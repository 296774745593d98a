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
from reports.rows import short_month_label
from seniors.models import Referral, Senior
from visits.indicators import overdue_seniors
from visits.models import UNREAD_REPORT, Alert, Visit
from visits.queries import silent_pairs, volunteers_with_incomplete_onboarding
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
    return {
        "period": period,
        "last_period": period.same_period_last_year(),
        "stock_day": stock_day(period, today),
        "comparisons": compare_with_last_year(period, today),
        "per_month": per_month,
        "chart": grouped_bars(
            _("Visits per month (last 12 months)"),
            [short_month_label(month) for month, _count in per_month],
            [(_("Visits"), [count for _month, count in per_month])],
        ),
        "queues": {
            "waiting_for_pair": Senior.objects.waiting_for_pair().count(),
            "overdue": overdue_seniors(today).count(),
            "open_alerts": alerts["open"],
            "overdue_alerts": alerts["overdue"],
            "referrals": Referral.objects.filter(status=Referral.Status.PENDING).count(),
            "onboarding": volunteers_with_incomplete_onboarding().count(),
            "silent_pairs": silent_pairs(today=today).count(),
            "unread_reports": Visit.objects.filter(UNREAD_REPORT).count(),
        },
        "pairs_member_away": Pair.objects.active_on(today)
        .with_member_away()
        .filter(member_away=True)
        .with_members()
        .order_by("name", "id"),
        "missions_ending": Volunteer.objects.mission_ending(today).order_by(
            "mission_ends_on", *person_order()
        ),
        "to_sign_charter": Volunteer.objects.to_sign_the_new_charter().order_by(*person_order()),
        "open_alerts": Alert.objects.filter(handled_at__isnull=True)
        .select_related("senior")
        .order_by("due_at")[:5],
    }
