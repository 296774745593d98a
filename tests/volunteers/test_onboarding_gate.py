"""The onboarding gate as the checklist says: charter (current version), initial training,
insurance where the CCAS requires it; staff and elected officials have their own checklist."""

import datetime

import pytest
from django.urls import reverse

from tests.factories import CharterSignatureFactory, PairFactory, VolunteerFactory
from volunteers.models import CharterVersion, Pair, Volunteer

pytestmark = pytest.mark.django_db


def onboarded(**kwargs):
    volunteer = VolunteerFactory(**kwargs)
    CharterSignatureFactory(volunteer=volunteer)
    return volunteer


def form(client, first, second):
    return client.post(
        reverse("volunteers:pair_create"),
        {"volunteer_a": first.pk, "volunteer_b": second.pk, "name": "", "started_on": "2026-05-13"},
    )


def test_a_volunteer_without_insurance_cannot_join_a_pair_and_the_message_names_it(coordinator_client):
    first = onboarded()
    second = onboarded(first_name="Inès", last_name="Roux", insurance_or_agreement_on=None)
    response = form(coordinator_client, first, second)
    assert "Attestation d’assurance manquante pour Inès Roux." in response.content.decode()
    assert not Pair.objects.exists()


def test_a_civic_service_volunteer_needs_their_agreement(coordinator_client):
    first = onboarded()
    second = onboarded(
        first_name="Léa", last_name="Morel", kind=Volunteer.Kind.CIVIC_SERVICE, insurance_or_agreement_on=None
    )
    response = form(coordinator_client, first, second)
    assert "Contrat de service civique manquant pour Léa Morel." in response.content.decode()
    assert not Pair.objects.exists()


def test_where_the_ccas_does_not_require_insurance_the_pair_is_formed(coordinator_client, settings):
    settings.ONBOARDING_INSURANCE_REQUIRED = False
    first, second = onboarded(), onboarded(insurance_or_agreement_on=None)
    assert form(coordinator_client, first, second).status_code == 302
    assert Pair.objects.count() == 1


def test_a_new_charter_version_asks_active_volunteers_to_sign_again(coordinator_client):
    first, second = onboarded(first_name="Claire", last_name="Martin"), onboarded()
    version = CharterVersion.objects.create(
        label="2026", published_on=datetime.date(2026, 5, 1), text="Charte 2026"
    )

    dashboard = coordinator_client.get(reverse("dashboard")).content.decode()
    assert "Bénévoles devant signer la nouvelle version de la charte" in dashboard
    assert "Claire Martin" in dashboard
    response = form(coordinator_client, first, second)
    assert "Claire Martin n’a pas signé la nouvelle version de la charte (2026)." in response.content.decode()

    CharterSignatureFactory(volunteer=first, version=version, signed_on=datetime.date(2026, 5, 10))
    CharterSignatureFactory(volunteer=second, version=version, signed_on=datetime.date(2026, 5, 10))
    assert "Claire Martin" not in coordinator_client.get(reverse("dashboard")).content.decode()
    assert form(coordinator_client, first, second).status_code == 302


def test_a_social_worker_and_an_elected_official_form_a_pair_with_the_charter_only(coordinator_client):
    """The Valenciennes pilot pair: a staff social worker and an elected official."""
    worker = onboarded(
        kind=Volunteer.Kind.SOCIAL_WORKER, initial_training_on=None, insurance_or_agreement_on=None
    )
    elected = onboarded(kind=Volunteer.Kind.ELECTED, initial_training_on=None, insurance_or_agreement_on=None)
    assert form(coordinator_client, worker, elected).status_code == 302
    assert Pair.objects.count() == 1


def test_the_staff_checklist_is_configured_not_the_volunteers_one(coordinator_client, settings):
    settings.ONBOARDING_STEPS = {**settings.ONBOARDING_STEPS, "elected": ["charter", "training"]}
    worker = onboarded(
        kind=Volunteer.Kind.SOCIAL_WORKER, initial_training_on=None, insurance_or_agreement_on=None
    )
    elected = onboarded(
        first_name="Jean", last_name="Valjean", kind=Volunteer.Kind.ELECTED, initial_training_on=None
    )
    response = form(coordinator_client, worker, elected)
    assert "Jean Valjean n’a pas suivi la formation initiale." in response.content.decode()


def test_adding_a_member_without_insurance_is_refused(coordinator_client):
    pair = PairFactory(volunteer_a=onboarded(), volunteer_b=onboarded())
    newcomer = onboarded(first_name="Inès", last_name="Roux", insurance_or_agreement_on=None)
    response = coordinator_client.post(
        reverse("volunteers:pair_replace_member", args=[pair.pk]),
        {"outgoing": pair.volunteer_b_id, "incoming": newcomer.pk, "on": "2026-05-13", "reason": "Départ"},
    )
    assert "Attestation d’assurance manquante pour Inès Roux." in response.content.decode()


def test_the_volunteers_list_marks_a_missing_insurance(coordinator_client):
    onboarded(last_name="Roux", insurance_or_agreement_on=None)
    page = coordinator_client.get(reverse("volunteers:volunteer_list"), {"onboarding_incomplete": "on"})
    assert "assurance manquante" in page.content.decode()
