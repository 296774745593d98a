"""Calls have an optional duration, given in a few taps on the tablet or in minutes by staff
(and sent later by the outbox like any other field)."""

import csv
import datetime
import io
import json
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.conftest import typed_moment
from tests.factories import CallFactory
from visits.models import Call

pytestmark = [pytest.mark.django_db, pytest.mark.clock]


def test_a_volunteer_gives_a_calls_duration_with_one_preset_button(volunteer_a_client, senior_of_a):
    data = {"uuid": str(uuid.uuid4()), "outcome": "reached", "duration_minutes": "15"}
    volunteer_a_client.post(reverse("visits:log_call", args=[senior_of_a.pk]), data)
    assert Call.objects.get().duration_minutes == 15


def test_a_call_without_a_duration_is_still_saved(volunteer_a_client, senior_of_a):
    volunteer_a_client.post(
        reverse("visits:log_call", args=[senior_of_a.pk]), {"uuid": str(uuid.uuid4()), "outcome": "reached"}
    )
    assert Call.objects.get().duration_minutes is None


def test_a_duration_that_is_not_a_preset_is_refused_in_french(volunteer_a_client, senior_of_a):
    data = {"uuid": str(uuid.uuid4()), "outcome": "reached", "duration_minutes": "7000"}
    response = volunteer_a_client.post(reverse("visits:log_call", args=[senior_of_a.pk]), data)
    assert response.status_code == 200
    assert "Sélectionnez un choix valide" in response.content.decode()
    assert not Call.objects.exists()


def test_a_coordinator_gives_a_calls_duration_in_minutes_and_sees_it_on_the_call(
    coordinator_client, senior_of_a
):
    called_at = typed_moment(timezone.now() - datetime.timedelta(hours=1))
    url = reverse("visits:call_create") + f"?senior={senior_of_a.pk}"
    coordinator_client.post(url, {"called_at": called_at, "outcome": "reached", "duration_minutes": "12"})
    call = Call.objects.get()
    assert call.duration_minutes == 12
    page = coordinator_client.get(reverse("visits:call_detail", args=[call.pk])).content.decode()
    assert "12 minutes" in page


def test_a_call_of_more_than_ten_hours_is_refused(coordinator_client, senior_of_a):
    url = reverse("visits:call_create") + f"?senior={senior_of_a.pk}"
    now = typed_moment(timezone.now())
    response = coordinator_client.post(
        url, {"called_at": now, "outcome": "reached", "duration_minutes": "601"}
    )
    assert "inférieure ou égale à 600" in response.content.decode()
    assert not Call.objects.exists()


def test_a_call_sent_later_by_the_outbox_keeps_its_duration_and_its_urgency(volunteer_a_client, senior_of_a):
    # The outbox sends every field of the form as it is: the sync endpoint reads the same form.
    record = {
        "kind": "call",
        "uuid": str(uuid.uuid4()),
        "senior": senior_of_a.pk,
        "fields": {
            "outcome": "no_answer",
            "duration_minutes": "5",
            "urgent": "on",
            "urgent_kind": "no_answer",
            "urgent_description": "Volets fermés depuis deux jours",
        },
    }
    response = volunteer_a_client.post(
        reverse("visits:sync"), json.dumps(record), content_type="application/json"
    )
    assert response.status_code == 201
    call = Call.objects.get()
    assert call.duration_minutes == 5
    assert call.alerts.get().description == "Volets fermés depuis deux jours"


def test_the_calls_export_gives_each_calls_duration(coordinator_client, senior_of_a):
    CallFactory(senior=senior_of_a, duration_minutes=20)
    CallFactory(senior=senior_of_a)
    response = coordinator_client.get(reverse("visits:call_export"), {"format": "csv"})
    header, *rows = csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";")
    column = header.index("Durée (minutes)")
    assert sorted(row[column] for row in rows) == ["", "20"]
