"""Bodies a tablet's script never sends: each refused with a French reason, nothing stored."""

import json

import pytest
from django.utils import timezone

from tests.visits.test_sync import SYNC, call_record, send, visit_record
from visits.models import Call, SyncReview, Visit

pytestmark = [pytest.mark.django_db, pytest.mark.clock]


def post_raw(client, body: str):
    return client.post(SYNC, body, content_type="application/json")


def assert_refused_in_french(response, status: int = 400) -> dict:
    assert response.status_code == status
    answer = response.json()
    assert answer["status"] == "refused"
    assert answer["reason"] and not answer["reason"].startswith("None")
    for messages in answer["errors"].values():
        assert all(not m.startswith("None") for m in messages)
    assert not Call.objects.exists() and not Visit.objects.exists() and not SyncReview.objects.exists()
    return answer


def test_a_senior_number_too_large_for_a_float_is_refused(volunteer_a_client, senior_of_a):
    body = json.dumps(call_record(senior_of_a)).replace(f'"senior": {senior_of_a.pk}', '"senior": 1e400')
    answer = assert_refused_in_french(post_raw(volunteer_a_client, body))
    assert (
        answer["reason"]
        == "La personne de cet enregistrement est illisible\u00a0: abandonnez-le et notez-le à nouveau."
    )


@pytest.mark.parametrize("senior", [124.5, "12", True, None, [1], {"pk": 1}, 10**30, -3])
def test_a_senior_that_is_not_a_plain_number_is_refused(volunteer_a_client, senior_of_a, senior):
    record = call_record(senior_of_a)
    record["senior"] = senior
    assert_refused_in_french(send(volunteer_a_client, record))


def test_a_lone_surrogate_in_a_note_is_refused(volunteer_a_client, senior_of_a):
    body = json.dumps(call_record(senior_of_a, note="PLACEHOLDER")).replace("PLACEHOLDER", "Bonjour \\ud83d")
    answer = assert_refused_in_french(post_raw(volunteer_a_client, body))
    assert answer["errors"]["note"] == [
        "Courte note (facultatif) : le texte contient des caractères illisibles\u00a0: tapez-le à nouveau."
    ]


def test_a_nul_character_is_refused(volunteer_a_client, senior_of_a, pair_a):
    record = visit_record(senior_of_a, pair_a[1], note="a\x00b")
    answer = assert_refused_in_french(send(volunteer_a_client, record), status=422)
    assert "caractère nul n’est pas autorisé" in answer["errors"]["note"][0]


def test_a_note_of_a_megabyte_is_refused(volunteer_a_client, senior_of_a, pair_a):
    record = visit_record(senior_of_a, pair_a[1], note="x" * 1_000_000)
    answer = assert_refused_in_french(send(volunteer_a_client, record))
    assert answer["reason"] == (
        "Cet enregistrement est trop long pour être envoyé\u00a0: une note compte 2000 caractères au plus."
    )


def test_a_note_over_the_maximum_is_refused_with_the_maximum(volunteer_a_client, senior_of_a, pair_a):
    record = visit_record(senior_of_a, pair_a[1], note="x" * 2001)
    answer = assert_refused_in_french(send(volunteer_a_client, record), status=400)
    assert answer["errors"]["note"] == [
        "Note pour le coordinateur : 2000 caractères au plus (celui-ci en a 2001)."
    ]


def test_a_note_at_the_maximum_is_stored(volunteer_a_client, senior_of_a, pair_a):
    record = visit_record(senior_of_a, pair_a[1], note="é" * 2000)
    assert send(volunteer_a_client, record).status_code == 201
    assert len(Visit.objects.get().note) == 2000


@pytest.mark.parametrize("field", ["next_visit_on", "visited_on"])
def test_a_date_in_2999_is_refused(volunteer_a_client, senior_of_a, pair_a, field):
    record = visit_record(senior_of_a, pair_a[1], **{field: "2999-01-01"})
    answer = assert_refused_in_french(send(volunteer_a_client, record), status=422)
    assert answer["errors"][field][0].endswith(
        ("vérifiez l’année.", "Cette date est dans le futur.", "Indiquez une date entre 1900 et 2100.")
    )


def test_a_booked_visit_in_2999_is_refused(volunteer_a_client, senior_of_a):
    record = call_record(senior_of_a, outcome="visit_booked", visit_booked_for="2999-06-01")
    answer = assert_refused_in_french(send(volunteer_a_client, record), status=422)
    # Past 2100, every date field's own bound answers first (ccas_visits.lib.dates).
    assert answer["errors"]["visit_booked_for"] == [
        "Date de la visite prévue : Indiquez une date entre 1900 et 2100."
    ]


@pytest.mark.parametrize("value", [["a", "b"], {"text": "x"}, 12.5, True])
def test_a_list_object_or_number_where_a_text_is_expected_is_refused(volunteer_a_client, senior_of_a, value):
    record = call_record(senior_of_a)
    record["fields"]["note"] = value
    answer = assert_refused_in_french(send(volunteer_a_client, record))
    assert answer["errors"]["note"][0].startswith(
        "Courte note (facultatif) : la tablette a envoyé autre chose"
    )


def test_an_object_in_a_list_of_choices_is_refused(volunteer_a_client, senior_of_a, pair_a):
    record = visit_record(senior_of_a, pair_a[1])
    record["fields"]["present"] = [{"pk": pair_a[1].volunteer_a_id}]
    answer = assert_refused_in_french(send(volunteer_a_client, record))
    assert answer["errors"]["present"] == [
        "Qui du binôme était présent\u00a0? : la tablette a envoyé autre chose qu’une liste de choix."
    ]


@pytest.mark.parametrize("fields", [[1, 2], "outcome=reached"])
def test_answers_that_are_not_an_object_are_refused(volunteer_a_client, senior_of_a, fields):
    record = call_record(senior_of_a)
    record["fields"] = fields
    assert_refused_in_french(send(volunteer_a_client, record))


@pytest.mark.parametrize("uuid", [12, ["x"], "pas-un-uuid", None])
def test_an_unreadable_identifier_is_refused(volunteer_a_client, senior_of_a, uuid):
    record = call_record(senior_of_a)
    record["uuid"] = uuid
    answer = assert_refused_in_french(send(volunteer_a_client, record))
    assert answer["reason"].startswith("L’identifiant de cet enregistrement est illisible")


@pytest.mark.parametrize("kind", [["call"], {"a": 1}, 3])
def test_an_unreadable_kind_is_refused(volunteer_a_client, senior_of_a, kind):
    record = call_record(senior_of_a)
    record["kind"] = kind
    assert_refused_in_french(send(volunteer_a_client, record))


def test_whole_numbers_stand_for_their_digits(volunteer_a_client, senior_of_a, pair_a):
    record = visit_record(senior_of_a, pair_a[1], duration_minutes=90, present=[pair_a[1].volunteer_a_id])
    assert send(volunteer_a_client, record).status_code == 201
    assert Visit.objects.get().duration_minutes == 90


def test_deeply_nested_json_is_refused(volunteer_a_client):
    assert_refused_in_french(post_raw(volunteer_a_client, "[" * 5000 + "]" * 5000))


def test_a_hidden_answer_refused_is_named_in_french(volunteer_a_client, senior_of_a):
    answer = assert_refused_in_french(
        send(volunteer_a_client, call_record(senior_of_a, logged_at="pas une date")), status=422
    )
    assert answer["errors"]["logged_at"][0].startswith("Heure d’enregistrement sur la tablette : ")


def test_an_unexpected_error_answers_json_and_keeps_nothing(volunteer_a_client, senior_of_a, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr("visits.views.sync.receive", broken)
    response = send(volunteer_a_client, call_record(senior_of_a))
    assert response.status_code == 500
    assert response.json()["status"] == "error"
    assert response.json()["reason"].startswith("Le serveur n’a pas pu prendre l’enregistrement")
    assert not Call.objects.exists()


def test_every_refusal_reads_as_french_without_a_missing_label(volunteer_a_client, senior_of_a, pair_a):
    record = visit_record(senior_of_a, pair_a[1], visited_on=timezone.localdate().isoformat(), uuid="x")
    record["fields"]["duration_minutes"] = "7"
    answer = send(volunteer_a_client, record).json()
    assert answer["status"] == "refused"
    assert all(not m.startswith("None") for ms in answer["errors"].values() for m in ms)
