"""One sort key for every list of people: particles and accents ignored, as French people expect."""

import pytest
from django.urls import reverse

from ccas_visits.lib.db import person_order, sort_name
from seniors.models import Senior
from tests.factories import SeniorFactory, VolunteerFactory
from volunteers.models import Volunteer

pytestmark = pytest.mark.django_db

NAMES = ["de La Tour", "Étienne", "Dupré", "d’Artois", "Lefèvre", "du Bois", "Zola"]
EXPECTED = ["d’Artois", "du Bois", "Dupré", "Étienne", "Lefèvre", "de La Tour", "Zola"]


def test_names_sort_with_particles_and_accents_ignored_in_the_database():
    for name in NAMES:
        VolunteerFactory(last_name=name, first_name="Marie")
    assert list(Volunteer.objects.order_by(*person_order()).values_list("last_name", flat=True)) == EXPECTED


def test_the_python_sort_key_agrees_with_the_database():
    assert sorted(NAMES, key=sort_name) == EXPECTED


def test_the_volunteers_list_sorts_de_la_tour_under_t(coordinator_client):
    for name in ("de La Tour", "Dupré", "Lefèvre"):
        VolunteerFactory(last_name=name)
    page = coordinator_client.get(reverse("volunteers:volunteer_list")).content.decode()
    assert page.index("Dupré") < page.index("Lefèvre") < page.index("de La Tour")


def test_the_seniors_list_sorted_by_name_uses_the_same_key(coordinator_client):
    for name in ("de La Tour", "Étienne", "Zola"):
        SeniorFactory(last_name=name)
    page = coordinator_client.get(reverse("seniors:senior_list"), {"sort": "name"}).content.decode()
    assert page.index("Étienne") < page.index("de La Tour") < page.index("Zola")


def test_volunteers_and_seniors_sort_the_french_way_by_default():
    names = ["Zoé", "Le Gall", "élodie", "D'Artagnan", "de La Tour", "Lefèvre", "Bernard"]
    for name in names:
        VolunteerFactory(last_name=name)
        SeniorFactory(last_name=name)
    expected = ["D'Artagnan", "Bernard", "élodie", "Lefèvre", "Le Gall", "de La Tour", "Zoé"]
    assert list(Volunteer.objects.values_list("last_name", flat=True)) == expected
    assert list(Senior.objects.values_list("last_name", flat=True)) == expected
