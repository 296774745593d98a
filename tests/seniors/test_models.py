import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from seniors.ages import AgeBand
from seniors.models import Assignment, Senior
from tests.factories import PairFactory, PartnerFactory, SeniorFactory

pytestmark = [pytest.mark.django_db, pytest.mark.clock]


def test_database_refuses_an_implausible_birth_date():
    with pytest.raises(IntegrityError), transaction.atomic():
        SeniorFactory(birth_date=datetime.date(1850, 1, 1))


def test_database_refuses_a_birth_date_in_the_future():
    with pytest.raises(IntegrityError), transaction.atomic():
        # The database checks against its own date, which the tests do not freeze.
        SeniorFactory(birth_date=datetime.date(2999, 1, 1))


def test_validation_refuses_a_birth_date_in_the_future_in_french():
    senior = SeniorFactory.build(birth_date=timezone.localdate() + datetime.timedelta(days=3))
    with pytest.raises(ValidationError) as error:
        senior.full_clean()
    assert error.value.message_dict["birth_date"] == ["La date de naissance n’est pas plausible."]


def test_database_refuses_a_closed_file_without_reason():
    with pytest.raises(IntegrityError), transaction.atomic():
        SeniorFactory(status=Senior.Status.CLOSED, closed_reason="")


def test_database_refuses_a_partner_source_without_the_partner():
    with pytest.raises(IntegrityError), transaction.atomic():
        SeniorFactory(source=Senior.Source.PARTNER, source_partner=None)
    SeniorFactory(source=Senior.Source.PARTNER, source_partner=PartnerFactory())


def test_database_refuses_two_open_assignments_for_one_senior():
    senior = SeniorFactory()
    Assignment.objects.create(senior=senior, pair=PairFactory(), started_on=datetime.date(2025, 1, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        Assignment.objects.create(senior=senior, pair=PairFactory(), started_on=datetime.date(2025, 2, 1))


def test_lifecycle_allows_identified_to_contacted_to_followed(coordinator):
    senior = SeniorFactory(status=Senior.Status.IDENTIFIED)
    senior.change_status(Senior.Status.CONTACTED, by=coordinator)
    senior.change_status(Senior.Status.FOLLOWED, by=coordinator)
    senior.refresh_from_db()
    assert senior.status == Senior.Status.FOLLOWED
    assert [c.to_status for c in senior.status_changes.order_by("id")] == ["contacted", "followed"]


def test_lifecycle_refuses_a_transition_that_makes_no_sense(coordinator):
    senior = SeniorFactory(status=Senior.Status.IDENTIFIED)
    with pytest.raises(ValidationError) as error:
        senior.change_status(Senior.Status.FOLLOWED, by=coordinator)
    [message] = error.value.messages
    assert message.replace("\u00a0", " ") == "Un dossier ne peut pas passer de « Identifié » à « Suivi »."
    senior.refresh_from_db()
    assert senior.status == Senior.Status.IDENTIFIED
    assert not senior.status_changes.exists()


def test_closing_a_file_needs_a_reason_and_is_final(coordinator):
    senior = SeniorFactory(status=Senior.Status.FOLLOWED)
    with pytest.raises(ValidationError):
        senior.change_status(Senior.Status.CLOSED, by=coordinator)
    senior.change_status(Senior.Status.CLOSED, closed_reason=Senior.ClosedReason.MOVED, by=coordinator)
    assert not senior.can_change_status(Senior.Status.CONTACTED)


@pytest.mark.parametrize(
    ("birth_date", "band"),
    [
        (datetime.date(1965, 6, 1), AgeBand.FROM_60),
        (datetime.date(1950, 6, 2), AgeBand.FROM_60),
        (datetime.date(1950, 6, 1), AgeBand.FROM_75),
        (datetime.date(1940, 6, 2), AgeBand.FROM_75),
        (datetime.date(1940, 6, 1), AgeBand.FROM_85),
        (datetime.date(1930, 1, 1), AgeBand.FROM_85),
    ],
)
def test_age_band_filter_agrees_with_the_age_band_of_each_senior(birth_date, band):
    day = datetime.date(2025, 6, 1)
    senior = SeniorFactory(birth_date=birth_date)
    assert senior.age_band(day) == band
    assert list(Senior.objects.in_age_band(band, day)) == [senior]


def test_volunteer_sees_only_the_seniors_of_their_active_pair(volunteer_a, senior_of_a, senior_of_b):
    assert list(Senior.objects.visible_to(volunteer_a)) == [senior_of_a]


def test_manager_sees_no_senior_file(manager, senior_of_a):
    assert not Senior.objects.visible_to(manager).exists()
