"""Civic-service volunteers' missions and partner-association volunteers."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from ccas_visits.lib.permissions import VOLUNTEER
from reports.bilan.volunteers import volunteer_figures
from reports.periods import Period
from tests.conftest import client_for
from tests.factories import PairFactory, SeniorFactory, UserFactory, VisitFactory, VolunteerFactory
from volunteers.models import Association, Volunteer

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 5, 13)


def civic(**kwargs):
    return VolunteerFactory(
        kind=Volunteer.Kind.CIVIC_SERVICE,
        mission_starts_on=datetime.date(2025, 10, 1),
        **{"mission_ends_on": datetime.date(2026, 6, 5), **kwargs},
    )


def test_a_mission_ending_within_a_month_is_announced_on_the_dashboard(coordinator_client):
    civic(first_name="Léa", last_name="Morel")
    civic(first_name="Hugo", last_name="Petit", mission_ends_on=datetime.date(2026, 7, 30))
    page = coordinator_client.get(reverse("dashboard")).content.decode()
    assert "Missions de service civique qui s’achèvent dans le mois" in page
    assert "Léa Morel" in page and "05/06/2026" in page
    assert "Hugo Petit" not in page


def test_a_civic_service_volunteers_access_ends_with_their_mission():
    user = UserFactory(username="lea", role=VOLUNTEER)
    lea = civic(user=user, mission_ends_on=TODAY)
    senior = SeniorFactory(pair=PairFactory(volunteer_a=lea))
    page = reverse("visits:senior", args=[senior.pk])
    assert client_for(user).get(page).status_code == 200  # the mission's last day
    Volunteer.objects.filter(pk=lea.pk).update(mission_ends_on=TODAY - datetime.timedelta(days=1))
    assert client_for(user).get(page).status_code == 404


def test_a_civic_service_volunteer_needs_a_mission_end(coordinator_client):
    data = {
        "first_name": "Léa",
        "last_name": "Morel",
        "kind": "civic_service",
        "recruited_via": "civic_service",
        "joined_on": "2025-10-01",
    }
    response = coordinator_client.post(reverse("volunteers:volunteer_create"), data)
    assert "Indiquez la fin de la mission de service civique." in response.content.decode()
    assert not Volunteer.objects.exists()


def test_a_partner_association_volunteer_is_linked_to_their_association(coordinator_client):
    entrages = Association.objects.create(name="Entr'âges")
    data = {
        "first_name": "Rose",
        "last_name": "Blanc",
        "kind": "association",
        "recruited_via": "association",
        "joined_on": "2025-10-01",
    }
    response = coordinator_client.post(reverse("volunteers:volunteer_create"), data)
    assert "Indiquez l’association partenaire de ce bénévole." in response.content.decode()
    response = coordinator_client.post(
        reverse("volunteers:volunteer_create"), data | {"association": entrages.pk}
    )
    assert response.status_code == 302
    assert Volunteer.objects.get().association == entrages


def test_the_bilan_counts_visits_per_kind_of_volunteer_and_per_association():
    entrages = Association.objects.create(name="Entr'âges")
    rose = VolunteerFactory(kind=Volunteer.Kind.ASSOCIATION, association=entrages)
    lea = civic()
    senior_volunteer = VolunteerFactory()
    pair = PairFactory(volunteer_a=rose, volunteer_b=lea)
    senior = SeniorFactory(pair=pair)
    when = timezone.make_aware(datetime.datetime(2026, 3, 2, 10))
    both = VisitFactory(senior=senior, visited_at=when)
    both.present.set([rose, lea])
    alone = VisitFactory(senior=senior, visited_at=when)
    alone.present.set([lea])
    other = VisitFactory(
        senior=SeniorFactory(pair=PairFactory(volunteer_a=senior_volunteer)), visited_at=when
    )
    other.present.set([senior_volunteer])

    figures = volunteer_figures(Period(datetime.date(2026, 1, 1), datetime.date(2026, 6, 30)), TODAY)
    assert figures.visits_by_kind["civic_service"] == 2
    assert figures.visits_by_kind["association"] == 1
    assert figures.visits_by_kind["senior"] == 1
    assert figures.visits_by_association == [("Entr'âges", 1)]
