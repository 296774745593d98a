"""Two coordinators editing the same file or record at once never overwrite each other silently;
the same tablet record sent many times at once is stored once, and every send hears "stored"."""

import datetime
import json
import threading
import uuid

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from ccas_visits.lib.concurrency import current_version
from tests.conftest import client_for
from tests.factories import CallFactory, SeniorFactory, VisitFactory
from visits.models import Call, Visit

pytestmark = pytest.mark.django_db

SENIOR_DATA = {
    "first_name": "Odette",
    "last_name": "Lefèvre",
    "birth_date": "1938-05-17",
    "sex": "F",
    "address": "3 rue des Jacobins",
    "living_situation": "alone",
    "source": "flyer",
    "source_detail": "Boulangerie Saint-Leu",
    "identified_on": "2025-01-06",
    "visit_interval_days": "14",
}


def local_input(moment: datetime.datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def test_the_edit_form_carries_the_files_version(coordinator_client):
    senior = SeniorFactory(first_name="Odette", last_name="Lefèvre")
    page = coordinator_client.get(reverse("seniors:senior_update", args=[senior.pk])).content.decode()
    assert f'name="version" value="{current_version(senior)}"' in page


def test_the_second_of_two_edits_of_a_senior_is_refused_with_what_changed(coordinator_client):
    senior = SeniorFactory(first_name="Odette", last_name="Lefèvre", address="3 rue des Jacobins")
    url = reverse("seniors:senior_update", args=[senior.pk])
    opened = current_version(senior)  # both coordinators open the form now

    first = coordinator_client.post(url, {**SENIOR_DATA, "address": "12 rue Neuve", "version": opened})
    assert first.status_code == 302

    second = coordinator_client.post(
        url, {**SENIOR_DATA, "address": "8 place Vauban", "phone": "0322000000", "version": opened}
    )
    assert second.status_code == 200
    page = second.content.decode()
    assert "Quelqu’un d’autre a enregistré" in page
    assert "<li>Adresse\u00a0: 3 rue des Jacobins → 12 rue Neuve</li>" in page
    # The second coordinator's input is kept in the form, nothing of it is saved.
    assert 'value="8 place Vauban"' in page and 'value="03 22 00 00 00"' in page
    senior.refresh_from_db()
    assert senior.address == "12 rue Neuve" and senior.phone == ""
    # Saving again, having seen the message, is a deliberate choice and goes through.
    assert f'name="version" value="{current_version(senior)}"' in page
    third = coordinator_client.post(
        url, {**SENIOR_DATA, "address": "8 place Vauban", "version": current_version(senior)}
    )
    assert third.status_code == 302
    senior.refresh_from_db()
    assert senior.address == "8 place Vauban"


def test_a_save_that_touched_other_fields_is_no_conflict(coordinator_client):
    senior = SeniorFactory(first_name="Odette", last_name="Lefèvre", visit_interval_days=14)
    opened = current_version(senior)
    senior.status_changed_on = timezone.localdate()
    senior.save()  # a history row that changes none of the form's fields
    response = coordinator_client.post(
        reverse("seniors:senior_update", args=[senior.pk]), {**SENIOR_DATA, "version": opened}
    )
    assert response.status_code == 302


def test_a_normal_edit_of_a_senior_still_works(coordinator_client):
    senior = SeniorFactory(first_name="Odette", last_name="Lefèvre")
    response = coordinator_client.post(
        reverse("seniors:senior_update", args=[senior.pk]),
        {**SENIOR_DATA, "city": "Amiens", "version": current_version(senior)},
    )
    assert response.status_code == 302
    senior.refresh_from_db()
    assert senior.city == "Amiens"


def test_a_tampered_version_gives_a_french_error_not_a_crash(coordinator_client):
    senior = SeniorFactory(first_name="Odette", last_name="Lefèvre")
    url = reverse("seniors:senior_update", args=[senior.pk])
    for version in ["abc", "99999999999999999999", "-1"]:
        response = coordinator_client.post(url, {**SENIOR_DATA, "version": version})
        assert response.status_code == 200
    response = coordinator_client.post(url, {**SENIOR_DATA, "version": "123456"})
    assert "a été modifiée pendant" in response.content.decode()


def test_the_second_of_two_corrections_of_a_visit_is_refused(coordinator_client, senior_of_a):
    visit = VisitFactory(senior=senior_of_a, duration_minutes=60, note="RAS")
    url = reverse("visits:visit_update", args=[visit.pk])
    opened = current_version(visit)
    data = {
        "pair": visit.pair_id,
        "visited_at": local_input(visit.visited_at),
        "kind": visit.kind,
        "note": "RAS",
        "version": opened,
    }
    assert coordinator_client.post(url, {**data, "duration_minutes": 90}).status_code == 302
    second = coordinator_client.post(url, {**data, "duration_minutes": 30, "note": "Autre"})
    assert second.status_code == 200
    page = second.content.decode()
    assert "Quelqu’un d’autre a enregistré" in page and "60 → 90" in page
    assert "Autre</textarea>" in page
    visit.refresh_from_db()
    assert visit.duration_minutes == 90 and visit.note == "RAS"


def test_the_second_of_two_corrections_of_a_call_is_refused_and_a_normal_one_works(
    coordinator_client, senior_of_a
):
    call = CallFactory(senior=senior_of_a, outcome=Call.Outcome.REACHED, note="")
    url = reverse("visits:call_update", args=[call.pk])
    opened = current_version(call)
    data = {"pair": call.pair_id, "called_at": local_input(call.called_at), "version": opened}
    assert coordinator_client.post(url, {**data, "outcome": "no_answer"}).status_code == 302
    second = coordinator_client.post(url, {**data, "outcome": "reached", "note": "Rappeler"})
    assert second.status_code == 200
    assert "Quelqu’un d’autre a enregistré" in second.content.decode()
    call.refresh_from_db()
    assert call.outcome == "no_answer" and call.note == ""


def test_the_second_of_two_edits_of_a_volunteer_is_refused_with_what_changed(coordinator_client):
    from tests.factories import NeighbourhoodFactory, VolunteerFactory

    volunteer = VolunteerFactory(first_name="Josiane", last_name="Lefèvre", phone="0322000000")
    saint_leu = NeighbourhoodFactory(name="Saint-Leu")
    url = reverse("volunteers:volunteer_update", args=[volunteer.pk])
    data = {
        "first_name": "Josiane",
        "last_name": "Lefèvre",
        "kind": volunteer.kind,
        "recruited_via": "word_of_mouth",
        "joined_on": "2024-01-01",
        "neighbourhoods": [saint_leu.pk],
    }
    page = coordinator_client.get(url).content.decode()
    opened = current_version(volunteer)
    assert f'name="version" value="{opened}"' in page

    assert coordinator_client.post(url, {**data, "phone": "0611111111", "version": opened}).status_code == 302
    second = coordinator_client.post(url, {**data, "phone": "0622222222", "version": opened})
    assert second.status_code == 200
    text = second.content.decode()
    assert "Quelqu’un d’autre a enregistré" in text
    assert "Téléphone\u00a0: 03 22 00 00 00 → 06 11 11 11 11" in text
    volunteer.refresh_from_db()
    assert volunteer.phone == "+33611111111"
    # Having seen what changed, saving again goes through.
    again = coordinator_client.post(
        url, {**data, "phone": "0622222222", "version": current_version(volunteer)}
    )
    assert again.status_code == 302
    volunteer.refresh_from_db()
    assert volunteer.phone == "+33622222222"
    assert list(volunteer.neighbourhoods.all()) == [saint_leu]


SENDS_AT_ONCE = 20


def send_at_once(users, record: dict) -> list:
    """Send `record` from one client per user, all released at the same instant (threads, each
    with its own database connection)."""
    clients = [client_for(user) for user in users]
    barrier = threading.Barrier(len(clients))
    answers: list = [None] * len(clients)

    def send(index: int) -> None:
        try:
            barrier.wait()
            response = clients[index].post(
                reverse("visits:sync"), json.dumps(record), content_type="application/json"
            )
            answers[index] = (response.status_code, response.json()["status"])
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=(i,)) for i in range(len(clients))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("kind", ["call", "visit"])
def test_the_same_new_record_sent_from_many_threads_at_once_is_stored_once_and_every_answer_says_stored(
    volunteer_a, senior_of_a, pair_a, kind
):
    pair = pair_a[1]
    fields = {"outcome": "reached"}
    if kind == "visit":
        fields = {
            "visited_on": timezone.localdate().isoformat(),
            "duration_minutes": "60",
            "kind": "follow_up",
            "present": [str(pair.volunteer_a_id), str(pair.volunteer_b_id)],
            "note": "Une seule fois",
        }
    record = {"kind": kind, "uuid": str(uuid.uuid4()), "senior": senior_of_a.pk, "fields": fields}
    answers = send_at_once([volunteer_a] * SENDS_AT_ONCE, record)
    model = Call if kind == "call" else Visit
    assert model.objects.filter(uuid=record["uuid"]).count() == 1
    assert {status for _code, status in answers} == {"stored"}
    assert sorted(code for code, _status in answers) == [200] * (SENDS_AT_ONCE - 1) + [201]
