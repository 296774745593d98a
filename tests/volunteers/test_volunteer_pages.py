import datetime

import pytest
from django.urls import reverse

from tests.conftest import client_for
from tests.factories import (
    CharterSignatureFactory,
    NeighbourhoodFactory,
    PairFactory,
    UserFactory,
    VolunteerFactory,
)
from volunteers.models import Meeting, Volunteer, VolunteerStatusChange

pytestmark = pytest.mark.django_db


def coordinator_pages(volunteer, pair, meeting) -> list[str]:
    return [
        reverse("volunteers:volunteer_list"),
        reverse("volunteers:volunteer_create"),
        reverse("volunteers:volunteer_detail", args=[volunteer.pk]),
        reverse("volunteers:volunteer_update", args=[volunteer.pk]),
        reverse("volunteers:volunteer_status", args=[volunteer.pk]),
        reverse("volunteers:charter_sign", args=[volunteer.pk]),
        reverse("volunteers:pair_list"),
        reverse("volunteers:pair_create"),
        reverse("volunteers:pair_detail", args=[pair.pk]),
        reverse("seniors:pair_end", args=[pair.pk]),
        reverse("volunteers:meeting_list"),
        reverse("volunteers:meeting_create"),
        reverse("volunteers:meeting_detail", args=[meeting.pk]),
        reverse("volunteers:meeting_update", args=[meeting.pk]),
    ]


@pytest.fixture
def pages(pair_a):
    meeting = Meeting.objects.create(
        kind=Meeting.Kind.MEETING, title="Réunion", held_on=datetime.date(2025, 3, 1)
    )
    return coordinator_pages(pair_a[1].volunteer_a, pair_a[1], meeting)


def test_anonymous_is_sent_to_the_login_page(client, pages):
    for url in pages:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/connexion/"), url


def test_volunteers_and_managers_are_refused(volunteer_a_client, manager_client, pages):
    for url in pages:
        assert volunteer_a_client.get(url).status_code == 403, url
        assert manager_client.get(url).status_code == 403, url


def test_coordinator_opens_every_page(coordinator_client, pages):
    for url in pages:
        assert coordinator_client.get(url).status_code == 200, url


@pytest.mark.parametrize(
    "name",
    [
        "volunteer_detail",
        "volunteer_update",
        "volunteer_status",
        "charter_sign",
        "pair_detail",
        "meeting_detail",
        "meeting_update",
    ],
)
def test_unknown_ids_answer_404(coordinator_client, name):
    assert coordinator_client.get(reverse(f"volunteers:{name}", args=[99999])).status_code == 404


def test_ending_an_unknown_pair_answers_404(coordinator_client):
    assert coordinator_client.get(reverse("seniors:pair_end", args=[99999])).status_code == 404


def test_volunteer_list_query_count_is_the_same_for_1_and_50_volunteers(
    coordinator_client, django_assert_num_queries
):
    url = reverse("volunteers:volunteer_list")
    neighbourhood = NeighbourhoodFactory(name="Saint-Leu")
    VolunteerFactory().neighbourhoods.add(neighbourhood)
    # session, user, user's groups (role), count, page of volunteers (charter annotated),
    # their neighbourhoods (prefetch), neighbourhood choices of the filter form.
    with django_assert_num_queries(7):
        assert coordinator_client.get(url).status_code == 200
    for volunteer in VolunteerFactory.create_batch(49):
        volunteer.neighbourhoods.add(neighbourhood)
    with django_assert_num_queries(7):
        response = coordinator_client.get(url)
    assert response.context["page_obj"].paginator.count == 50


def test_volunteer_search_ignores_accents(coordinator_client):
    VolunteerFactory(first_name="Josiane", last_name="Lefèvre")
    VolunteerFactory(first_name="Paul", last_name="Martin")
    response = coordinator_client.get(reverse("volunteers:volunteer_list"), {"q": "lefevre"})
    assert [str(v) for v in response.context["page_obj"]] == ["Josiane Lefèvre"]


def test_volunteer_filters_kind_status_neighbourhood_and_incomplete_onboarding(coordinator_client):
    north = NeighbourhoodFactory(name="Étouvie")
    ready = VolunteerFactory(first_name="Prête", kind=Volunteer.Kind.CIVIC_SERVICE)
    CharterSignatureFactory(volunteer=ready)
    ready.neighbourhoods.add(north)
    untrained = VolunteerFactory(first_name="Sansformation", initial_training_on=None)
    CharterSignatureFactory(volunteer=untrained)
    unsigned = VolunteerFactory(first_name="Sanscharte", status=Volunteer.Status.PAUSED)
    url = reverse("volunteers:volunteer_list")

    def names(**params) -> set[str]:
        return {v.first_name for v in coordinator_client.get(url, params).context["page_obj"]}

    assert names(onboarding_incomplete="on") == {untrained.first_name, unsigned.first_name}
    assert names(kind="civic_service") == {ready.first_name}
    assert names(status="paused") == {unsigned.first_name}
    assert names(neighbourhood=north.pk) == {ready.first_name}


def test_htmx_filtering_answers_only_the_results(coordinator_client):
    VolunteerFactory(last_name="Lefèvre")
    response = coordinator_client.get(reverse("volunteers:volunteer_list"), HTTP_HX_REQUEST="true")
    content = response.content.decode()
    assert 'id="results"' in content
    assert "<html" not in content


def test_coordinator_creates_a_volunteer(coordinator_client):
    response = coordinator_client.post(
        reverse("volunteers:volunteer_create"),
        {
            "first_name": "Hélène",
            "last_name": "Dupré",
            "kind": "senior",
            "recruited_via": "word_of_mouth",
            "joined_on": "2025-01-06",
        },
    )
    volunteer = Volunteer.objects.get(last_name="Dupré")
    assert response.status_code == 302
    assert response["Location"] == reverse("volunteers:volunteer_detail", args=[volunteer.pk])


def test_detail_shows_the_onboarding_checklist_pairs_and_meetings(coordinator_client):
    volunteer = VolunteerFactory(first_name="Josiane", last_name="Lefèvre", initial_training_on=None)
    CharterSignatureFactory(volunteer=volunteer, signed_on=datetime.date(2024, 9, 2))
    pair = PairFactory(volunteer_a=volunteer, name="Binôme du Nord")
    meeting = Meeting.objects.create(
        kind=Meeting.Kind.PRACTICE_ANALYSIS, title="Analyse de la pratique", held_on=datetime.date(2025, 2, 3)
    )
    meeting.attendances.create(volunteer=volunteer)
    content = coordinator_client.get(
        reverse("volunteers:volunteer_detail", args=[volunteer.pk])
    ).content.decode()
    assert "version 2024 signée le 02/09/2024" in content
    assert "Formation initiale\u00a0:" in content and "non suivie" in content
    assert "Binôme du Nord" in content
    assert "Analyse de la pratique" in content
    assert pair.pk


def test_pausing_a_volunteer_requires_a_reason(coordinator_client):
    volunteer = VolunteerFactory()
    url = reverse("volunteers:volunteer_status", args=[volunteer.pk])
    response = coordinator_client.post(url, {"status": "paused", "changed_on": "2025-01-10", "reason": ""})
    assert response.status_code == 200
    assert "Ce champ est obligatoire." in response.content.decode()
    volunteer.refresh_from_db()
    assert volunteer.status == Volunteer.Status.ACTIVE

    coordinator_client.post(url, {"status": "paused", "changed_on": "2025-01-10", "reason": "Déménagement"})
    volunteer.refresh_from_db()
    assert volunteer.status == Volunteer.Status.PAUSED
    assert VolunteerStatusChange.objects.get(volunteer=volunteer).reason == "Déménagement"


def test_ending_a_volunteer_records_the_leaving_date(coordinator_client):
    volunteer = VolunteerFactory()
    coordinator_client.post(
        reverse("volunteers:volunteer_status", args=[volunteer.pk]),
        {"status": "left", "changed_on": "2025-02-01", "reason": "Raisons de santé"},
    )
    volunteer.refresh_from_db()
    assert (volunteer.status, volunteer.left_on) == (Volunteer.Status.LEFT, datetime.date(2025, 2, 1))


def test_recording_a_charter_signature_once_per_version(coordinator_client):
    volunteer = VolunteerFactory()
    existing = CharterSignatureFactory(volunteer=VolunteerFactory())
    url = reverse("volunteers:charter_sign", args=[volunteer.pk])
    data = {"version": existing.version.pk, "signed_on": "2025-01-10"}
    assert coordinator_client.post(url, data).status_code == 302
    assert volunteer.has_signed_charter()
    response = coordinator_client.post(url, data)
    assert "Ce bénévole a déjà signé cette version." in response.content.decode()
    assert volunteer.charter_signatures.count() == 1


def test_a_volunteer_account_is_no_volunteer_page_user():
    user = UserFactory(role="volunteer")
    assert client_for(user).get(reverse("volunteers:volunteer_list")).status_code == 403
