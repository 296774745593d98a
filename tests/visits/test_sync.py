"""The endpoint the tablet's outbox sends to: each record stored once, refusals said in French."""

import datetime
import json
import uuid

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from seniors.models import Assignment
from seniors.services import assign_pair
from tests.conftest import client_for
from tests.factories import ActivityFactory, CallFactory
from visits.models import Alert, Call, Need, Proposal, ServiceOffer, SyncReview, Visit

pytestmark = [pytest.mark.django_db, pytest.mark.clock]

SYNC = "/suivi/envoi/"


def send(client, record: dict, **extra):
    return client.post(SYNC, json.dumps(record), content_type="application/json", **extra)


def call_record(senior, **fields) -> dict:
    return {
        "kind": "call",
        "uuid": str(uuid.uuid4()),
        "senior": senior.pk,
        "fields": {"outcome": "reached", "note": "", **fields},
    }


def visit_record(senior, pair, **fields) -> dict:
    return {
        "kind": "visit",
        "uuid": str(uuid.uuid4()),
        "senior": senior.pk,
        "fields": {
            "visited_on": timezone.localdate().isoformat(),
            "duration_minutes": "60",
            "kind": "follow_up",
            "present": [str(pair.volunteer_a_id), str(pair.volunteer_b_id)],
            **fields,
        },
    }


def test_the_sync_address_is_the_named_one():
    assert reverse("visits:sync") == SYNC


def test_anonymous_is_told_in_json_to_log_in(client, senior_of_a):
    response = send(client, call_record(senior_of_a))
    assert response.status_code == 401
    assert response.json() == {
        "status": "login",
        "reason": "Reconnectez-vous pour que les enregistrements en attente puissent partir.",
    }
    assert not Call.objects.exists()


def test_coordinator_cannot_use_the_tablet_endpoint(coordinator_client, senior_of_a):
    assert send(coordinator_client, call_record(senior_of_a)).status_code == 403


def test_only_post_is_accepted(volunteer_a_client):
    assert volunteer_a_client.get(SYNC).status_code == 405


def test_sync_is_csrf_protected(volunteer_a, senior_of_a):
    client = Client(enforce_csrf_checks=True)
    client.force_login(volunteer_a)
    refused = send(client, call_record(senior_of_a))
    assert refused.status_code == 403
    assert refused.json()["status"] == "login"  # the tablet keeps the record and asks for the home page
    assert not Call.objects.exists()
    client.get(reverse("visits:my_seniors"))  # sets the CSRF cookie, as the tablet's page does
    token = client.cookies["csrftoken"].value
    assert send(client, call_record(senior_of_a), headers={"X-CSRFToken": token}).status_code == 201
    assert Call.objects.count() == 1


def test_a_call_is_stored_with_its_time_on_the_tablet(volunteer_a_client, volunteer_a, senior_of_a, pair_a):
    logged_at = timezone.now() - datetime.timedelta(hours=3)
    record = call_record(senior_of_a, outcome="visit_booked", logged_at=logged_at.isoformat(), note="RDV")
    record["fields"]["visit_booked_for"] = (timezone.localdate() + datetime.timedelta(days=2)).isoformat()
    response = send(volunteer_a_client, record)
    assert response.status_code == 201
    assert response.json()["status"] == "stored"
    call = Call.objects.get()
    assert str(call.uuid) == record["uuid"]
    assert (call.pair, call.recorded_by, call.outcome, call.note) == (
        pair_a[1],
        volunteer_a,
        "visit_booked",
        "RDV",
    )
    assert abs(call.called_at - logged_at) < datetime.timedelta(seconds=1)


def test_a_record_sent_three_times_is_stored_once_and_resends_get_the_stored_record(
    volunteer_a_client, senior_of_a, pair_a
):
    record = visit_record(senior_of_a, pair_a[1], note="Une seule fois")
    answers = [send(volunteer_a_client, record) for _ in range(3)]
    assert [a.status_code for a in answers] == [201, 200, 200]
    assert [a.json()["created"] for a in answers] == [True, False, False]
    assert {a.json()["record"]["uuid"] for a in answers} == {record["uuid"]}
    assert Visit.objects.count() == 1


def test_a_resend_with_changed_fields_keeps_the_stored_record(volunteer_a_client, senior_of_a, pair_a):
    record = visit_record(senior_of_a, pair_a[1], note="Première version")
    send(volunteer_a_client, record)
    record["fields"]["note"] = "Autre version"
    assert send(volunteer_a_client, record).status_code == 200
    assert Visit.objects.get().note == "Première version"


def test_a_visit_is_stored_with_every_field(volunteer_a_client, senior_of_a, pair_a):
    pair = pair_a[1]
    service = ServiceOffer.objects.create(name="Téléassistance")
    cafe = ActivityFactory(name="Café Relais")
    next_on = timezone.localdate() + datetime.timedelta(days=10)
    record = visit_record(
        senior_of_a,
        pair,
        kind="first",
        duration_minutes="90",
        present=[str(pair.volunteer_b_id)],
        services=[str(service.pk)],
        proposed=[str(cafe.pk)],
        accepted=[str(cafe.pk)],
        needs=["digital"],
        urgent="on",
        urgent_kind="unsafe_home",
        urgent_description="Fuite de gaz",
        note="À rappeler",
        next_visit_on=next_on.isoformat(),
    )
    assert send(volunteer_a_client, record).status_code == 201
    visit = Visit.objects.get()
    assert (visit.kind, visit.duration_minutes, visit.note, visit.next_visit_on) == (
        "first",
        90,
        "À rappeler",
        next_on,
    )
    assert list(visit.present.all()) == [pair.volunteer_b]
    assert list(visit.services_presented.all()) == [service]
    assert Proposal.objects.get().answer == "accepted"
    assert Need.objects.get().kind == "digital"
    assert Alert.objects.get().description == "Fuite de gaz"


def test_a_record_for_another_pairs_senior_is_kept_for_the_coordinators(
    volunteer_a_client, senior_of_b, volunteer_a
):
    record = call_record(senior_of_b)
    response = send(volunteer_a_client, record)
    assert response.status_code == 202
    assert response.json()["status"] == "queued"
    assert response.json()["reason"].startswith("Envoyé à votre coordinateur")
    assert not Call.objects.exists()
    kept = SyncReview.objects.get()
    assert (kept.sent_by, kept.senior, kept.reason, kept.fields["outcome"]) == (
        volunteer_a,
        senior_of_b,
        "not_followed",
        "reached",
    )


def test_a_guessed_senior_number_gets_the_same_answer(volunteer_a_client, senior_of_b):
    other = send(volunteer_a_client, call_record(senior_of_b)).json()
    record = call_record(senior_of_b)
    record["senior"] = senior_of_b.pk + 1000
    assert send(volunteer_a_client, record).json() == other
    assert SyncReview.objects.filter(reason="unknown_senior").count() == 1


def test_a_record_made_offline_before_the_senior_was_reassigned_counts_for_the_pair_that_made_it(
    volunteer_a_client, senior_of_a, pair_a, pair_b, coordinator
):
    today = timezone.localdate()
    Assignment.objects.create(
        senior=senior_of_a, pair=pair_a[1], started_on=today - datetime.timedelta(days=30)
    )
    record = visit_record(senior_of_a, pair_a[1], visited_on=(today - datetime.timedelta(days=3)).isoformat())
    assign_pair(senior=senior_of_a, pair=pair_b[1], by=coordinator, on=today - datetime.timedelta(days=1))
    response = send(volunteer_a_client, record)
    assert response.status_code == 201
    visit = Visit.objects.get()
    assert visit.pair == pair_a[1]
    assert not SyncReview.objects.exists()


def test_a_record_dated_after_the_senior_moved_is_kept_for_the_coordinators(
    volunteer_a_client, senior_of_a, pair_a, pair_b, coordinator
):
    today = timezone.localdate()
    Assignment.objects.create(
        senior=senior_of_a, pair=pair_a[1], started_on=today - datetime.timedelta(days=30)
    )
    assign_pair(senior=senior_of_a, pair=pair_b[1], by=coordinator, on=today - datetime.timedelta(days=5))
    record = visit_record(senior_of_a, pair_a[1], visited_on=(today - datetime.timedelta(days=2)).isoformat())
    assert send(volunteer_a_client, record).json()["status"] == "queued"
    assert not Visit.objects.exists()
    assert SyncReview.objects.get().reason == "not_followed"


def test_an_invalid_field_is_refused_with_the_reason_and_nothing_is_stored(
    volunteer_a_client, senior_of_a, pair_a
):
    record = visit_record(senior_of_a, pair_a[1], urgent="on", urgent_description="")
    response = send(volunteer_a_client, record)
    assert response.status_code == 422
    answer = response.json()
    assert answer["reason"] == "Certaines réponses sont à corriger."
    assert answer["errors"]["urgent_description"] == [
        "Décrivez l’urgence en quelques mots : Dites en quelques mots ce qui est urgent."
    ]
    assert not Visit.objects.exists() and not Alert.objects.exists()


def test_a_corrected_record_keeps_its_identifier_and_is_stored(volunteer_a_client, senior_of_a, pair_a):
    record = call_record(senior_of_a, outcome="visit_booked")
    assert send(volunteer_a_client, record).status_code == 422
    record["fields"]["visit_booked_for"] = timezone.localdate().isoformat()
    assert send(volunteer_a_client, record).status_code == 201
    assert str(Call.objects.get().uuid) == record["uuid"]


def test_a_clock_far_ahead_is_refused(volunteer_a_client, senior_of_a):
    ahead = (timezone.now() + datetime.timedelta(hours=2)).isoformat()
    response = send(volunteer_a_client, call_record(senior_of_a, logged_at=ahead))
    assert response.status_code == 422
    assert "logged_at" in response.json()["errors"]


@pytest.mark.parametrize(
    "body",
    ["not json", json.dumps({"kind": "meeting", "uuid": str(uuid.uuid4()), "senior": 1}), json.dumps([1, 2])],
)
def test_an_unreadable_record_is_refused(volunteer_a_client, body):
    response = volunteer_a_client.post(SYNC, body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["status"] == "refused"


def test_another_volunteers_identifier_is_refused_without_showing_their_record(
    volunteer_a_client, senior_of_b, volunteer_b, senior_of_a
):
    theirs = CallFactory(senior=senior_of_b, recorded_by=volunteer_b)
    record = call_record(senior_of_a)
    record["uuid"] = str(theirs.uuid)
    response = send(volunteer_a_client, record)
    assert response.status_code == 202
    assert "record" not in response.json()
    assert Call.objects.count() == 1
    assert SyncReview.objects.get().reason == "identifier_taken"


def test_a_lost_answer_is_resent_after_the_senior_moved_and_still_gets_the_stored_record(
    volunteer_a, senior_of_a, pair_a, pair_b
):
    client = client_for(volunteer_a)
    record = call_record(senior_of_a)
    send(client, record)
    senior_of_a.pair = pair_b[1]
    senior_of_a.save(update_fields=["pair"])
    response = send(client, record)
    assert response.status_code == 200
    assert response.json()["status"] == "stored"
