import pytest
from django.urls import reverse

from seniors.models import Partner, Referral, Senior
from tests.factories import PartnerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def referral(db):
    return Referral.objects.create(
        partner=PartnerFactory(name="CLIC d'Amiens"),
        first_name="Germaine",
        last_name="Boucher",
        address="5 rue Gresset",
        reason="Isolée depuis le décès de son mari",
    )


@pytest.fixture
def pages(referral):
    partner = referral.partner.pk
    return [
        reverse("seniors:partner_list"),
        reverse("seniors:partner_create"),
        reverse("seniors:partner_detail", args=[partner]),
        reverse("seniors:partner_update", args=[partner]),
        reverse("seniors:referral_create", args=[partner]),
        reverse("seniors:referral_list"),
        reverse("seniors:referral_reject", args=[referral.pk]),
    ]


def test_access_by_role(client, volunteer_a_client, manager_client, coordinator_client, pages):
    for url in pages:
        assert client.get(url)["Location"].startswith("/connexion/"), url
        assert volunteer_a_client.get(url).status_code == 403, url
        assert manager_client.get(url).status_code == 403, url
        assert coordinator_client.get(url).status_code == 200, url


@pytest.mark.parametrize("name", ["partner_detail", "partner_update", "referral_create", "referral_reject"])
def test_unknown_ids_answer_404(coordinator_client, name):
    assert coordinator_client.get(reverse(f"seniors:{name}", args=[99999])).status_code == 404


def test_coordinator_creates_a_partner(coordinator_client):
    coordinator_client.post(
        reverse("seniors:partner_create"), {"name": "Uni'cités", "kind": "civic_service", "is_active": "on"}
    )
    assert Partner.objects.get().name == "Uni'cités"


def test_partner_list_query_count_is_the_same_for_1_and_50(coordinator_client, django_assert_num_queries):
    url = reverse("seniors:partner_list")
    PartnerFactory()
    # session, user, user's groups (role), count, page of partners with their counts.
    with django_assert_num_queries(5):
        coordinator_client.get(url)
    PartnerFactory.create_batch(49)
    with django_assert_num_queries(5):
        response = coordinator_client.get(url)
    assert response.context["page_obj"].paginator.count == 50


def test_a_referral_lands_in_the_intake_queue(coordinator_client):
    partner = PartnerFactory()
    coordinator_client.post(
        reverse("seniors:referral_create", args=[partner.pk]),
        {"received_on": "2025-01-06", "first_name": "Paul", "last_name": "Henry", "reason": "Seul"},
    )
    response = coordinator_client.get(reverse("seniors:referral_list"))
    assert [r.last_name for r in response.context["page_obj"]] == ["Henry"]


def test_referral_queue_query_count_is_the_same_for_1_and_50(coordinator_client, django_assert_num_queries):
    partner = PartnerFactory()

    def add(count: int) -> None:
        Referral.objects.bulk_create(
            [Referral(partner=partner, first_name="A", last_name=f"B{n}", reason="r") for n in range(count)]
        )

    add(1)
    url = reverse("seniors:referral_list")
    # session, user, user's groups (role), count, page of referrals with partner and senior.
    with django_assert_num_queries(5):
        coordinator_client.get(url)
    add(49)
    with django_assert_num_queries(5):
        coordinator_client.get(url)


def test_triage_turns_a_referral_into_a_senior_file(coordinator_client, referral):
    url = reverse("seniors:senior_create") + f"?signalement={referral.pk}"
    form = coordinator_client.get(url).context["form"]
    assert form.initial["source"] == "partner"
    assert form.initial["last_name"] == "Boucher"
    data = {
        "first_name": "Germaine",
        "last_name": "Boucher",
        "birth_date": "1935-02-01",
        "sex": "F",
        "address": "5 rue Gresset",
        "living_situation": "alone",
        "source": "partner",
        "source_partner": referral.partner.pk,
        "identified_on": "2025-01-06",
        "visit_interval_days": "14",
    }
    response = coordinator_client.post(url, data)
    senior = Senior.objects.get()
    referral.refresh_from_db()
    assert response["Location"] == reverse("seniors:senior_detail", args=[senior.pk])
    assert (referral.status, referral.senior) == (Referral.Status.ACCEPTED, senior)
    assert senior.source_partner == referral.partner
    assert coordinator_client.get(url).status_code == 404  # already triaged


def test_rejecting_a_referral_needs_a_note(coordinator_client, referral):
    url = reverse("seniors:referral_reject", args=[referral.pk])
    coordinator_client.post(url, {"note": ""})
    referral.refresh_from_db()
    assert referral.status == Referral.Status.PENDING
    coordinator_client.post(url, {"note": "Déjà suivie par Entr'âges"})
    referral.refresh_from_db()
    assert (referral.status, referral.triage_note) == (Referral.Status.REJECTED, "Déjà suivie par Entr'âges")
