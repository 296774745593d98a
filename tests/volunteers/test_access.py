"""A volunteer who is paused or leaves loses access to their seniors at once; resumed, gets it back."""

import json

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse

from tests.conftest import client_for
from volunteers.models import Volunteer
from volunteers.services import change_volunteer_status

pytestmark = pytest.mark.django_db

SENIOR_PAGES = ("visits:senior", "visits:log_call", "visits:log_visit")


def volunteer_of(user) -> Volunteer:
    return Volunteer.objects.get(user=user)


def pause_by_coordinator(coordinator_client, volunteer, status=Volunteer.Status.PAUSED):
    return coordinator_client.post(
        reverse("volunteers:volunteer_status", args=[volunteer.pk]),
        {"status": status, "reason": "Raisons personnelles", "changed_on": "2026-05-13"},
    )


@pytest.mark.parametrize("status", [Volunteer.Status.PAUSED, Volunteer.Status.LEFT])
def test_a_volunteer_who_left_no_longer_sees_any_senior(
    coordinator_client, coordinator, volunteer_a, senior_of_a, status
):
    tablet = client_for(volunteer_a)
    assert tablet.get(reverse("visits:senior", args=[senior_of_a.pk])).status_code == 200

    response = pause_by_coordinator(coordinator_client, volunteer_of(volunteer_a), status)
    assert response.status_code == 302

    # Their open session is closed: the next page asks them to sign in.
    response = tablet.get(reverse("visits:my_seniors"))
    assert response.status_code == 302 and reverse("login") in response["Location"]
    # Signed in again, they see no senior, no address: only what sends the tablet's outbox.
    tablet = client_for(volunteer_a)
    home = tablet.get(reverse("visits:my_seniors"))
    page = home.content.decode()
    assert "visits/tablet/outbox_only.html" in [t.name for t in home.templates]
    assert senior_of_a.last_name not in page and senior_of_a.address not in page
    assert 'id="outbox"' in page
    for name in SENIOR_PAGES:
        assert tablet.get(reverse(name, args=[senior_of_a.pk])).status_code == 404


def test_resuming_a_paused_volunteer_gives_their_seniors_back(coordinator, volunteer_a, senior_of_a):
    volunteer = volunteer_of(volunteer_a)
    change_volunteer_status(volunteer, Volunteer.Status.PAUSED, reason="Congé", by=coordinator)
    change_volunteer_status(volunteer, Volunteer.Status.ACTIVE, reason="Retour", by=coordinator)
    tablet = client_for(volunteer_a)
    page = tablet.get(reverse("visits:my_seniors")).content.decode()
    assert senior_of_a.full_name in page
    assert tablet.get(reverse("visits:senior", args=[senior_of_a.pk])).status_code == 200


def test_pausing_closes_only_the_paused_volunteers_sessions(coordinator, volunteer_a, volunteer_b):
    client_for(volunteer_a), client_for(volunteer_b)
    assert Session.objects.count() == 2
    change_volunteer_status(
        volunteer_of(volunteer_a), Volunteer.Status.PAUSED, reason="Congé", by=coordinator
    )
    (remaining,) = Session.objects.all()
    assert remaining.get_decoded()["_auth_user_id"] == str(volunteer_b.pk)


def test_the_paused_volunteers_partner_still_sees_the_pairs_seniors(coordinator, pair_a, senior_of_a):
    user, pair = pair_a
    partner_user = type(user).objects.create_user("partenaire", password="x")
    partner_user.groups.add(*user.groups.all())
    pair.volunteer_b.user = partner_user
    pair.volunteer_b.save()
    change_volunteer_status(volunteer_of(user), Volunteer.Status.PAUSED, reason="Congé", by=coordinator)
    partner = client_for(partner_user)
    assert partner.get(reverse("visits:senior", args=[senior_of_a.pk])).status_code == 200


def test_the_sync_endpoint_still_answers_a_paused_volunteer(coordinator, volunteer_a, senior_of_a):
    change_volunteer_status(
        volunteer_of(volunteer_a), Volunteer.Status.PAUSED, reason="Congé", by=coordinator
    )
    payload = {"kind": "call", "uuid": "not-a-uuid", "senior": senior_of_a.pk, "fields": {}}
    response = client_for(volunteer_a).post(
        reverse("visits:sync"), json.dumps(payload), content_type="application/json"
    )
    # Reached (no login page, no 403): the endpoint itself decides what it accepts.
    assert response.status_code == 400 and response.json()["status"] == "refused"


def test_the_dashboard_flags_a_pair_whose_member_is_paused(coordinator_client, coordinator, pair_a):
    user, pair = pair_a
    change_volunteer_status(volunteer_of(user), Volunteer.Status.PAUSED, reason="Congé", by=coordinator)
    page = coordinator_client.get(reverse("dashboard")).content.decode()
    assert "Binômes dont un membre est en pause ou parti" in page
    assert reverse("volunteers:pair_detail", args=[pair.pk]) in page
