"""The loneliness questions asked by a pair on the tablet: sent like every record (stored once,
refused in French, kept for the coordinators when it cannot be filed), and never shown back."""

import json
import uuid

import pytest
from django.urls import reverse

from tests.visits.test_sync import send
from visits.models import LonelinessMeasure, SyncReview

pytestmark = pytest.mark.django_db


def fr(text: str) -> str:
    """French spacing, as the catalogue writes it: a no-break space before : ; ? and inside « »."""
    for mark in (":", ";", "?", "»"):
        text = text.replace(f" {mark}", f"\u00a0{mark}")
    return text.replace("« ", "«\u00a0")


def measure_record(senior, **fields) -> dict:
    answers = {"lacks_companionship": "3", "feels_left_out": "2", "feels_isolated": "2", "feels_lonely": "2"}
    return {
        "kind": "measure",
        "uuid": str(uuid.uuid4()),
        "senior": senior.pk,
        "fields": {**answers, **fields},
    }


def test_the_answers_sent_twice_are_stored_once_for_the_pair_that_asked(
    volunteer_a_client, senior_of_a, pair_a
):
    record = measure_record(senior_of_a, logged_at="2026-05-13T10:00:00+02:00")
    first = send(volunteer_a_client, record)
    again = send(volunteer_a_client, record)
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["record"]["kind"] == "measure"
    assert "score" not in json.dumps(again.json())  # the tablet learns that it is stored, not what
    measure = LonelinessMeasure.objects.get()
    assert (measure.score, measure.feels_lonely, measure.occasion) == (7, 2, "pair")
    assert (measure.pair, measure.recorded_by, str(measure.measured_on)) == (
        pair_a[1],
        pair_a[0],
        "2026-05-13",
    )


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        (
            {"feels_isolated": None},
            "feels_isolated",
            "Donnez la réponse, ou cochez « La personne ne souhaite pas répondre ».",
        ),
        ({"feels_left_out": "4"}, "feels_left_out", "Sélectionnez un choix valide."),
        ({"declined": "on"}, "__all__", "La personne ne souhaite pas répondre : laissez les réponses vides"),
    ],
)
def test_a_half_answered_questionnaire_is_refused_in_french_and_nothing_is_stored(
    volunteer_a_client, senior_of_a, fields, field, message
):
    response = send(volunteer_a_client, measure_record(senior_of_a, **fields))
    assert response.status_code == 422
    assert fr(message) in " ".join(response.json()["errors"][field])
    assert not LonelinessMeasure.objects.exists()


def test_declining_is_recorded_as_such(volunteer_a_client, senior_of_a):
    record = {
        "kind": "measure",
        "uuid": str(uuid.uuid4()),
        "senior": senior_of_a.pk,
        "fields": {"declined": "on"},
    }
    assert send(volunteer_a_client, record).status_code == 201
    measure = LonelinessMeasure.objects.get()
    assert measure.declined and measure.score is None


def test_answers_for_another_pairs_senior_go_to_the_coordinators_not_lost(volunteer_a_client, senior_of_b):
    response = send(volunteer_a_client, measure_record(senior_of_b))
    assert response.status_code == 202
    kept = SyncReview.objects.get()
    assert (kept.kind, kept.reason, kept.fields["lacks_companionship"]) == ("measure", "not_followed", "3")
    assert not LonelinessMeasure.objects.exists()


def test_the_coordinator_files_the_kept_answers_on_the_right_file(
    coordinator_client, volunteer_a_client, senior_of_b, pair_a
):
    send(volunteer_a_client, measure_record(senior_of_b))
    item = SyncReview.objects.get()
    page = coordinator_client.get(reverse("visits:review_detail", args=[item.pk])).content.decode()
    assert fr("À quelle fréquence avez-vous le sentiment de manquer de compagnie ?") in page
    coordinator_client.post(
        reverse("visits:review_detail", args=[item.pk]),
        {"action": "attach", "senior": senior_of_b.pk, "pair": pair_a[1].pk},
    )
    item.refresh_from_db()
    assert item.state == "attached"
    assert LonelinessMeasure.objects.get().senior == senior_of_b


def test_the_tablet_page_asks_the_questions_and_shows_no_past_answer(volunteer_a_client, senior_of_a, pair_a):
    LonelinessMeasure.objects.create(
        senior=senior_of_a,
        measured_on="2026-01-10",
        occasion="review",
        lacks_companionship=3,
        feels_left_out=3,
        feels_isolated=3,
    )
    page = volunteer_a_client.get(reverse("visits:log_measure", args=[senior_of_a.pk])).content.decode()
    assert fr("À quelle fréquence vous sentez-vous seul(e) ?") in page
    assert 'data-record="measure"' in page and 'data-draft="' not in page
    assert "checked" not in page and "10/01/2026" not in page and "sur 9" not in page
    home = volunteer_a_client.get(reverse("visits:my_seniors")).content.decode()
    assert reverse("visits:log_measure", args=[senior_of_a.pk]) in home  # kept for offline use


def test_the_page_without_javascript_stores_the_answers(volunteer_a_client, senior_of_a):
    url = reverse("visits:log_measure", args=[senior_of_a.pk])
    data = {"uuid": str(uuid.uuid4()), **measure_record(senior_of_a)["fields"]}
    assert volunteer_a_client.post(url, data).status_code == 302
    assert volunteer_a_client.post(url, data).status_code == 302
    assert LonelinessMeasure.objects.count() == 1
