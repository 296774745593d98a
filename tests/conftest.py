"""Role fixtures: a coordinator, a manager, and two volunteers each in their own pair."""

import pytest
from django.test import Client

from ccas_visits.lib.permissions import COORDINATOR, MANAGER, VOLUNTEER
from tests.factories import PairFactory, SeniorFactory, UserFactory, VolunteerFactory


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # Real hashing costs half a second per login; tests check behaviour, not hash strength.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def coordinator(db):
    return UserFactory(username="coord", role=COORDINATOR, is_staff=True)


@pytest.fixture
def manager(db):
    return UserFactory(username="direction", role=MANAGER)


def _pair_with_account(username: str):
    user = UserFactory(username=username, role=VOLUNTEER)
    pair = PairFactory(volunteer_a=VolunteerFactory(user=user))
    return user, pair


@pytest.fixture
def pair_a(db):
    return _pair_with_account("benevole_a")


@pytest.fixture
def pair_b(db):
    return _pair_with_account("benevole_b")


@pytest.fixture
def volunteer_a(pair_a):
    return pair_a[0]


@pytest.fixture
def volunteer_b(pair_b):
    return pair_b[0]


@pytest.fixture
def senior_of_a(pair_a):
    return SeniorFactory(pair=pair_a[1], first_name="Lucienne", last_name="Lefèvre-Dupré")


@pytest.fixture
def senior_of_b(pair_b):
    return SeniorFactory(pair=pair_b[1], first_name="Amadou", last_name="N'Diaye")


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def coordinator_client(coordinator):
    return client_for(coordinator)


@pytest.fixture
def manager_client(manager):
    return client_for(manager)


@pytest.fixture
def volunteer_a_client(volunteer_a):
    return client_for(volunteer_a)
