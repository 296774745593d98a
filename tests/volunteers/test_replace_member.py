"""Replacing one member of a pair: same pair, same seniors, same history, one bilan row."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from ccas_visits.lib.permissions import VOLUNTEER
from reports.bilan.counts import tally
from reports.periods import Period
from seniors.models import Senior
from tests.conftest import client_for
from tests.factories import (
    CharterSignatureFactory,
    PairFactory,
    SeniorFactory,
    UserFactory,
    VisitFactory,
    VolunteerFactory,
)
from volunteers.models import Pair

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 5, 13)
CHANGE = datetime.date(2026, 3, 16)


def onboarded(**kwargs):
    volunteer = VolunteerFactory(**kwargs)
    CharterSignatureFactory(volunteer=volunteer)
    return volunteer


def at_noon(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


@pytest.fixture
def team():
    martin = onboarded(first_name="Claire", last_name="Martin")
    dupont = onboarded(
        first_name="Paul", last_name="Dupont", user=UserFactory(username="paul", role=VOLUNTEER)
    )
    nguyen = onboarded(
        first_name="Linh", last_name="Nguyen", user=UserFactory(username="linh", role=VOLUNTEER)
    )
    pair = PairFactory(
        volunteer_a=martin, volunteer_b=dupont, name="Les Tilleuls", started_on=datetime.date(2025, 9, 1)
    )
    senior = SeniorFactory(pair=pair, last_name="Caron")
    VisitFactory(senior=senior, visited_at=at_noon(datetime.date(2026, 2, 10)))
    return {"pair": pair, "martin": martin, "dupont": dupont, "nguyen": nguyen, "senior": senior}


def replace(coordinator_client, team, **data):
    fields = {
        "outgoing": team["dupont"].pk,
        "incoming": team["nguyen"].pk,
        "on": CHANGE.isoformat(),
        "reason": "Déménagement",
    } | data
    return coordinator_client.post(reverse("volunteers:pair_replace_member", args=[team["pair"].pk]), fields)


def test_replacing_a_member_keeps_the_pairs_seniors_and_one_bilan_row(coordinator_client, team):
    response = replace(coordinator_client, team)
    assert response.status_code == 302

    pair = Pair.objects.get()
    assert Senior.objects.get().pair == pair
    assert set(pair.members) == {team["martin"], team["nguyen"]}
    assert set(pair.members_on(CHANGE - datetime.timedelta(days=1))) == {team["martin"], team["dupont"]}
    assert set(pair.members_on(CHANGE)) == {team["martin"], team["nguyen"]}

    VisitFactory(senior=team["senior"], visited_at=at_noon(datetime.date(2026, 4, 2)))
    rows = [
        row
        for row in tally(Period(datetime.date(2026, 1, 1), datetime.date(2026, 6, 30))).rows
        if not row.is_staff
    ]
    (row,) = rows
    assert row.total_visits == 2
    assert "Les Tilleuls" in row.label
    assert "Paul Dupont (01/09/2025 – 15/03/2026)" in row.label
    assert "Linh Nguyen (depuis le 16/03/2026)" in row.label


def test_the_pairs_page_shows_its_members_over_time(coordinator_client, team):
    replace(coordinator_client, team)
    page = coordinator_client.get(reverse("volunteers:pair_detail", args=[team["pair"].pk])).content.decode()
    assert "Membres au fil du temps" in page
    assert "15/03/2026" in page and "16/03/2026" in page and "Déménagement" in page


def test_the_replacement_is_audited_with_who_made_it(coordinator_client, coordinator, team):
    replace(coordinator_client, team)
    pair = Pair.objects.get()
    assert pair.history.first().history_user == coordinator
    assert pair.history.first().volunteer_b_id == team["nguyen"].pk
    assert pair.memberships.get(volunteer=team["nguyen"]).changed_by == coordinator


def test_the_new_member_sees_the_pairs_seniors_and_the_replaced_one_no_longer(coordinator_client, team):
    replace(coordinator_client, team)
    senior_page = reverse("visits:senior", args=[team["senior"].pk])
    assert client_for(team["nguyen"].user).get(senior_page).status_code == 200
    assert client_for(team["dupont"].user).get(senior_page).status_code == 404


def test_replacing_with_a_volunteer_who_did_not_sign_the_charter_is_refused_in_french(
    coordinator_client, team
):
    newcomer = VolunteerFactory(first_name="Inès", last_name="Roux")
    response = replace(coordinator_client, team, incoming=newcomer.pk)
    assert response.status_code == 200
    assert "Inès Roux n’a pas signé la charte" in response.content.decode()
    assert set(Pair.objects.get().members) == {team["martin"], team["dupont"]}
    assert Pair.objects.get().memberships.count() == 2


def test_a_replacement_dated_before_the_member_joined_is_refused(coordinator_client, team):
    response = replace(coordinator_client, team, on="2025-09-01")
    assert response.status_code == 200
    assert "01/09/2025" in response.content.decode()
    assert Pair.objects.get().volunteer_b == team["dupont"]


def test_a_replacement_dated_before_the_outgoing_members_last_visit_in_the_pair_is_refused(
    coordinator_client, team
):
    visit = VisitFactory(
        senior=team["senior"], pair=team["pair"], visited_at=at_noon(datetime.date(2026, 4, 2))
    )
    visit.present.set([team["martin"], team["dupont"]])
    response = replace(coordinator_client, team)  # from 16/03, but Paul came on 02/04
    assert response.status_code == 200
    assert "02/04/2026" in response.content.decode()
    assert Pair.objects.get().volunteer_b == team["dupont"]
    assert replace(coordinator_client, team, on="2026-04-03").status_code == 302


def test_an_ended_pairs_members_end_with_it(team):
    team["pair"].end(on=TODAY, reason="Fin")
    assert set(team["pair"].members_on(TODAY)) == {team["martin"], team["dupont"]}
    assert team["pair"].members_on(TODAY + datetime.timedelta(days=1)) == []
