"""The coordinator's dashboard: the bilan's key figures against last year and the year-end
targets, the chart, the queues."""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from reports.figures import compare_with_last_year, visits_per_month
from reports.models import Target
from reports.periods import Period
from seniors.models import Referral
from tests.factories import (
    AlertFactory,
    CallFactory,
    PairFactory,
    PartnerFactory,
    SeniorFactory,
    VisitFactory,
    VolunteerFactory,
)
from volunteers.models import Volunteer

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2025, 9, 15)
PARIS = ZoneInfo("Europe/Paris")


def noon(day: datetime.date) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, 12, tzinfo=PARIS)


def midnight(day: datetime.date) -> datetime.datetime:
    # The first instant of a Paris day: already past on that day, even at 00:30 (noon is not).
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(0)))


@pytest.fixture
def period() -> Period:
    return Period.half_year_of(TODAY)


def figures(today: datetime.date = TODAY) -> dict:
    comparisons, _yearly, _plan = compare_with_last_year(Period.half_year_of(today), today)
    return {row.key: row for row in comparisons}


def test_anonymous_goes_to_login_and_other_roles_are_refused(client, volunteer_a_client, manager_client):
    url = reverse("dashboard")
    assert client.get(url)["Location"].startswith(reverse("login"))
    assert volunteer_a_client.get(url).status_code == 403
    assert manager_client.get(url).status_code == 403


def test_figures_sit_next_to_the_same_half_year_last_year(period):
    last = period.same_period_last_year()
    senior = SeniorFactory(pair=PairFactory())
    VisitFactory(senior=senior, visited_at=midnight(period.start))
    VisitFactory(senior=senior, visited_at=noon(last.start))
    VisitFactory(senior=senior, visited_at=noon(last.end))
    CallFactory(senior=senior, called_at=noon(last.start))
    CallFactory(senior=senior, called_at=noon(period.start - datetime.timedelta(days=1)))  # neither period
    rows = figures()
    assert (rows["visits"].current, rows["visits"].last_year) == (1, 2)
    assert (rows["calls"].current, rows["calls"].last_year) == (0, 1)
    # The half-year flow is "seniors visited"; "seniors followed" is the stock.
    assert (rows["seniors_visited"].current, rows["seniors_visited"].last_year) == (1, 1)
    assert rows["seniors_visited"].label == "Seniors visités (au moins une visite)"


def test_targets_are_the_stock_on_31_december_plus_the_growth_of_the_year(period):
    for _ in range(10):
        VolunteerFactory(joined_on=datetime.date(2024, 7, 1), status="active")
    Target.objects.create(year=period.start.year, volunteers_growth_pct=Decimal("20"))
    volunteers = figures()["volunteers_active_at_end"]
    assert (volunteers.current, volunteers.last_year, volunteers.target) == (10, 10, 12)
    assert volunteers.is_target_met is False
    assert volunteers.progress.share_covered == Decimal("0.0")
    # Without a target row for the year, the default is +10 %.
    Target.objects.all().delete()
    VolunteerFactory(joined_on=period.start, status="active")
    rows = figures()
    assert rows["volunteers_active_at_end"].target == 11 and rows["volunteers_active_at_end"].is_target_met
    assert rows["volunteers_active_at_end"].progress.share_covered == Decimal("100.0")
    assert rows["calls"].target is None and rows["calls"].is_target_met is None


def test_a_volunteer_who_left_counts_only_while_present(period):
    last = period.same_period_last_year()
    VolunteerFactory(joined_on=last.start, left_on=last.end + datetime.timedelta(days=1), status="left")
    rows = figures()
    assert (rows["volunteers_active_at_end"].current, rows["volunteers_active_at_end"].last_year) == (0, 1)


def test_a_volunteer_paused_since_counts_on_a_past_day_from_the_history(period):
    volunteer = VolunteerFactory(joined_on=datetime.date(2024, 1, 1))
    volunteer.change_status(Volunteer.Status.PAUSED, reason="Congé", by=None, on=datetime.date(2025, 8, 1))
    rows = figures()
    assert (rows["volunteers_active_at_end"].current, rows["volunteers_active_at_end"].last_year) == (0, 1)


def test_visits_per_month_covers_twelve_months_ending_this_month():
    senior = SeniorFactory(pair=PairFactory())
    VisitFactory(senior=senior, visited_at=noon(TODAY.replace(day=1)))
    VisitFactory(senior=senior, visited_at=noon(TODAY.replace(day=1)))
    VisitFactory(senior=senior, visited_at=noon(TODAY.replace(day=1) - datetime.timedelta(days=400)))
    series = visits_per_month(TODAY)
    assert len(series) == 12
    assert series[-1] == (TODAY.replace(day=1), 2)
    assert sum(count for _month, count in series) == 2


@pytest.mark.clock
def test_the_page_shows_figures_chart_and_queues_with_links(coordinator_client):
    pair = PairFactory()
    senior = SeniorFactory(pair=pair)
    # A minute ago is still this month on the 1st at 00:30, when an hour ago is not.
    VisitFactory(senior=senior, visited_at=timezone.now() - datetime.timedelta(minutes=1), note="À lire")
    AlertFactory(senior=senior, due_at=timezone.now() - datetime.timedelta(hours=1))
    SeniorFactory(pair=None, status="identified")
    Referral.objects.create(partner=PartnerFactory(), first_name="Rose", last_name="Martin", reason="Isolée")
    response = coordinator_client.get(reverse("dashboard"))
    page = response.content.decode()
    assert response.context["queues"] == {
        "waiting_for_pair": 1,
        "register_only": 0,
        "acknowledgements_overdue": 0,
        "overdue": 0,
        "reviews_due": 0,
        "open_alerts": 1,
        "overdue_alerts": 1,
        "referrals": 1,
        "onboarding": 2,
        "silent_pairs": 0,
        "unread_reports": 1,
        "needs_to_follow": 0,
        "tablet_reviews": 0,
        "late_tablets": 0,
    }
    assert "1 senior attend un binôme." in page
    assert "1 signalement à trier" in page
    assert reverse("visits:alert_list") in page and reverse("visits:overdue_list") in page
    assert "0 révision semestrielle à faire" in page and reverse("visits:six_month_due") in page
    chart = page.split('id="chart-title"')[1]
    assert "<svg" in chart and 'aria-label="Visites par mois' in chart
    assert chart.count("<tr><td>") == 12  # the chart's figures, for screen readers
    assert ">Juin " in chart and ">Juil. " in chart  # months told apart under the bars
    assert f"<td>{date_format(timezone.localdate(), 'F Y')}</td><td>1</td>" in chart
    year = timezone.localdate().year
    assert f"Objectif {year} (au 31/12/{year})" in page
    assert f"Objectif à trois ans {year - 2} à {year} (au 31/12/{year})" in page


@pytest.mark.parametrize("rows", [1, 50])
@pytest.mark.clock
def test_the_dashboard_costs_the_same_queries_whatever_the_data(
    coordinator_client, django_assert_num_queries, rows
):
    period = Period.half_year_of(timezone.localdate())
    for _ in range(rows):
        senior = SeniorFactory(pair=PairFactory())
        VisitFactory(senior=senior, visited_at=midnight(period.start), note="Note")
        CallFactory(senior=senior)
        AlertFactory(senior=senior)
    # Session, user, groups; the bilan's key figures for the half-year and the same one last
    # year, 5 each (calls, visits, seniors aggregate, active volunteers, active pairs); the
    # targets: the year's Target row, volunteers and seniors followed on 31/12, and the same
    # three for the three-year plan; the chart;
    # queues: open alerts, waiting for a pair with the register-only people and the overdue
    # acknowledgements (one query), overdue, six-monthly reviews due, referrals, onboarding, silent pairs,
    # unread reports, needs to follow, tablet records to check, tablets waiting for days; the
    # pairs with a member paused or gone; the civic-service missions ending within a month;
    # the volunteers to sign the charter's new version; the next five alerts; the pipeline by
    # source (stages, first contacts).
    with django_assert_num_queries(37):
        coordinator_client.get(reverse("dashboard"))
