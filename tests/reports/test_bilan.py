"""Every figure of the bilan, checked against a dataset counted by hand (see dataset.py)."""

import datetime
import re
from decimal import Decimal

import pytest

from reports.bilan import build_bilan, half_years_with_data
from reports.bilan.counts import tally
from reports.models import Target
from reports.periods import Period
from tests.reports.dataset import H1_2025, anonymise, build_known_dataset

pytestmark = pytest.mark.django_db


@pytest.fixture
def data():
    return build_known_dataset()


def nickname(label: str) -> str:
    """The dataset's pairs carry a nickname ("Binôme A") inside their members' label."""
    found = re.search(r"« (.+?) »", label)
    return found.group(1) if found else label


def rows_by_label(t):
    return {nickname(row.label): row for row in t.rows}


def test_tally_counts_calls_and_visits_per_pair_per_month(data):
    t = tally(H1_2025)
    rows = rows_by_label(t)
    assert [m.month for m in t.months] == [1, 2, 3, 4, 5, 6]
    # The 00:30 call on 1 January and the 23:30 visit on 30 June (Paris) are in;
    # 23:30 on 31 December and 00:10 on 1 July are out.
    assert rows["Binôme A"].calls == [1, 1, 0, 0, 0, 0]
    assert rows["Binôme A"].visits == [1, 0, 0, 0, 0, 1]
    assert rows["Binôme B"].calls == [0, 1, 0, 0, 0, 0]
    assert rows["Binôme B"].visits == [0, 0, 1, 0, 0, 0]
    assert rows["Binôme C"].calls == [0] * 6
    assert rows["Binôme C"].visits == [0, 0, 0, 0, 1, 1]
    staff = t.rows[-1]
    assert staff.is_staff
    assert staff.calls == [0, 0, 1, 0, 0, 1]
    assert staff.visits == [0, 0, 0, 1, 0, 0]
    assert t.calls_per_month == [1, 2, 1, 0, 0, 1]
    assert t.visits_per_month == [1, 0, 1, 1, 1, 2]
    assert (t.total_calls, t.total_visits) == (5, 6)


def test_tally_shows_pairs_that_started_or_ended_in_the_period_with_their_dates(data):
    rows = rows_by_label(tally(H1_2025))
    assert list(rows) == ["Binôme A", "Binôme B", "Binôme C", "Équipe du CCAS (sans binôme)"]
    assert rows["Binôme B"].ended_on == datetime.date(2025, 3, 15)
    assert rows["Binôme C"].started_on == datetime.date(2025, 4, 10)
    assert (rows["Binôme A"].total_calls, rows["Binôme A"].total_visits) == (2, 2)


def test_senior_figures(data):
    s = build_bilan(H1_2025).seniors
    assert s.reached == 4  # s1, s2, s3, s4: s5 was called without answer
    assert s.visited == 4
    assert s.new == 5  # s2 on the first day, s7 on the last day, s3, s4, s5
    # Followed: assigned and visited. s4 was only visited by staff, never assigned.
    assert s.followed == 3  # s1, s2 (until pair B ended), s3
    # None was followed before January: s1 was assigned in November, first visited in January.
    assert (s.newly_followed, s.still_followed) == (3, 0)
    assert s.followed_at_end == 2  # s1 (paused only in August) and s3
    assert s.awaiting_first_visit_at_end == 0
    assert s.declined == 1
    assert s.closed_by_reason == {"deceased": 1}
    assert s.by_band == {"60_74": 1, "75_84": 2, "85_plus": 1, "under_60": 0}
    assert s.by_band_and_sex["75_84"] == {"F": 1, "M": 1, "X": 0}
    # 75, 68, 49 and 34 days from identification to first visit.
    assert s.median_days_to_first_visit == 58.5
    sources = {source: (new, reached) for source, new, reached in s.by_source}
    assert sources == {"birthday": (1, 1), "flyer": (4, 2), "register": (0, 1)}


def test_volunteer_figures_count_a_volunteer_in_two_pairs_once(data):
    v = build_bilan(H1_2025).volunteers
    assert v.active == 7  # v1-v7; the applicant does not count
    assert v.active_at_end == 6
    assert (v.new, v.left) == (1, 1)
    assert v.charter_signed == 2  # v3 signed after the period
    assert v.by_kind["civic_service"] == 1
    assert v.by_kind["senior"] == 6
    assert (v.pairs_active, v.pairs_active_at_end, v.pairs_started, v.pairs_ended) == (3, 2, 1, 1)


def test_offers_needs_and_alerts(data):
    bilan = build_bilan(H1_2025)
    assert bilan.offers.services == [("Portage de repas", 2, 2)]
    assert bilan.offers.activities == [("Café Relais", 3, 1, 1)]
    assert bilan.needs.needs == [("company", 1, 0), ("shopping", 1, 1)]
    total = bilan.needs.alerts_total
    assert (total.raised, total.handled, total.on_time, total.still_open) == (3, 2, 1, 1)
    assert total.average_hours == Decimal("27.0")  # 6 h and 48 h


def test_progress_compares_with_the_previous_half_year_and_last_year(data):
    bilan = build_bilan(H1_2025)
    assert (bilan.current.calls, bilan.current.visits) == (5, 6)
    assert (bilan.previous.calls, bilan.previous.visits) == (1, 0)  # 31 December, 23:30
    assert (bilan.last_year.calls, bilan.last_year.visits) == (0, 0)


def test_targets_default_to_ten_percent_and_can_be_changed(data):
    t = build_bilan(H1_2025).targets
    v, s = t.volunteers, t.seniors
    assert v.growth_pct == Decimal("10")
    # 6 × 1.1 = 6.6, rounded half up.
    assert (v.baseline, v.target, v.now) == (6, 7, 6)
    assert v.share_covered == Decimal("0.0")
    # On 31/12/2024 s1 was assigned but not yet visited: no senior followed.
    assert (s.baseline, s.target, s.now, s.share_covered) == (0, 0, 2, None)
    Target.objects.create(year=2025, volunteers_growth_pct=Decimal("50"), seniors_growth_pct=Decimal("100"))
    t = build_bilan(H1_2025).targets
    assert (t.volunteers.target, t.seniors.target) == (9, 0)


def test_figures_do_not_change_when_a_senior_is_anonymised_later(data):
    before = build_bilan(H1_2025)
    anonymise(data.seniors[2])
    after = build_bilan(H1_2025)
    assert after.tally == before.tally
    assert after.seniors == before.seniors
    assert after.current == before.current


def test_an_empty_period_gives_zeros():
    bilan = build_bilan(Period(datetime.date(2025, 1, 1), datetime.date(2025, 6, 30)))
    assert [r.label for r in bilan.tally.rows] == ["Équipe du CCAS (sans binôme)"]
    assert bilan.tally.total_calls == bilan.tally.total_visits == 0
    assert bilan.seniors.reached == 0
    assert bilan.seniors.median_days_to_first_visit is None
    assert bilan.needs.alerts_total.average_hours is None


def test_half_years_with_data_newest_first(data):
    labels = [p.label for p in half_years_with_data()]
    assert labels == ["juillet–décembre 2025", "janvier–juin 2025", "juillet–décembre 2024"]
