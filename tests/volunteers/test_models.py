import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from tests.factories import CharterSignatureFactory, PairFactory, VolunteerFactory
from volunteers.models import Pair, Volunteer

pytestmark = [pytest.mark.django_db, pytest.mark.clock]


def test_database_refuses_a_pair_of_one_volunteer():
    volunteer = VolunteerFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Pair.objects.create(volunteer_a=volunteer, volunteer_b=volunteer)


def test_pair_validation_explains_two_volunteers_are_needed():
    volunteer = VolunteerFactory()
    with pytest.raises(ValidationError, match="deux bénévoles différents"):
        Pair(volunteer_a=volunteer, volunteer_b=volunteer).full_clean()


def test_database_refuses_a_pair_ending_before_it_starts():
    with pytest.raises(IntegrityError), transaction.atomic():
        PairFactory(started_on=datetime.date(2025, 5, 1), ended_on=datetime.date(2025, 4, 1))


def test_database_refuses_a_volunteer_leaving_before_joining():
    with pytest.raises(IntegrityError), transaction.atomic():
        VolunteerFactory(joined_on=datetime.date(2025, 5, 1), left_on=datetime.date(2024, 1, 1))


@pytest.mark.parametrize("name", ["N'Diaye", "Lefèvre-Dupré", "de La Tour", "Ève", "D’Almeida", "Saint-Just"])
def test_every_french_name_is_accepted(name):
    VolunteerFactory.build(first_name="Zoé", last_name=name).full_clean(exclude=["user"])


@pytest.mark.parametrize("name", ["R2D2", "<script>", "Jean--", "'", ""])
def test_names_that_are_not_names_are_refused_in_french(name):
    with pytest.raises(ValidationError) as error:
        VolunteerFactory.build(last_name=name).full_clean(exclude=["user"])
    assert "last_name" in error.value.message_dict


def test_volunteer_is_onboarded_only_with_charter_and_training():
    volunteer = VolunteerFactory(initial_training_on=None)
    assert not volunteer.is_onboarded()
    CharterSignatureFactory(volunteer=volunteer)
    assert not volunteer.is_onboarded()
    volunteer.initial_training_on = datetime.date(2024, 2, 1)
    assert volunteer.is_onboarded()


def test_leaving_records_the_reason_and_the_date(coordinator):
    volunteer = VolunteerFactory()
    volunteer.change_status(
        Volunteer.Status.LEFT, reason="Déménagement", by=coordinator, on=datetime.date(2025, 6, 1)
    )
    volunteer.refresh_from_db()
    assert volunteer.status == Volunteer.Status.LEFT
    assert volunteer.left_on == datetime.date(2025, 6, 1)
    assert volunteer.status_changes.get().reason == "Déménagement"


def test_active_pairs_are_those_running_on_the_day():
    running = PairFactory(started_on=datetime.date(2025, 1, 1))
    PairFactory(started_on=datetime.date(2024, 1, 1), ended_on=datetime.date(2024, 12, 31))
    PairFactory(started_on=datetime.date(2026, 1, 1))
    assert list(Pair.objects.active_on(datetime.date(2025, 6, 1))) == [running]
