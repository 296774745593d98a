"""Hostile input never gives a server error: the main forms and the tablet's sync endpoint,
driven with random and hostile values, answer 2xx/3xx/4xx, refuse in French, and never render
stored markup unescaped."""

import json
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ccas_visits.lib.concurrency import current_version
from seniors.models import Senior
from tests.factories import SeniorFactory
from visits.models import Call, Need, ServiceOffer, Visit
from volunteers.models import Volunteer

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

MARKUP = "<script>alert(1)</script>"
HOSTILE_TEXT = [
    MARKUP,
    '"><img src=x onerror=alert(1)>',
    "'; DROP TABLE seniors_senior; --",
    "1 OR 1=1",
    "Robert\x00Tables",
    "\x00",
    "\x01\x02\x07\x1b[31m\x7f",
    "\u202e\ufeff\u200b",
    "é" * 5000,
    "x" * 100_000,
    "%(name)s {{ 7|add:1 }} {% csrf_token %}",
    "../../etc/passwd",
    "\ud7ff\ue000",
]
HOSTILE_DATES = ["0000-01-01", "0001-01-01", "9999-12-31", "10000-01-01", "2024-02-30", "-1", "demain", ""]
HOSTILE_DATETIMES = ["0001-01-01T00:00", "9999-12-31T23:59", "2024-13-01T25:61", "0", "", "1e400"]
HOSTILE_NUMBERS = ["-1", "-600", "0", "99999999999999999999", "1e400", "NaN", "-0", "3.5", ""]

text = st.one_of(st.sampled_from(HOSTILE_TEXT), st.text(max_size=300))
dates = st.one_of(st.sampled_from(HOSTILE_DATES), st.dates().map(str), st.text(max_size=20))
datetimes = st.one_of(st.sampled_from(HOSTILE_DATETIMES), st.text(max_size=20))
numbers = st.one_of(st.sampled_from(HOSTILE_NUMBERS), st.integers().map(str), st.text(max_size=10))


def maybe(valid, hostile):
    """Mostly hostile values, sometimes the valid one so later checks are reached."""
    return st.one_of(st.just(valid), hostile)


def assert_answered(response) -> str:
    assert response.status_code < 500
    page = response.content.decode()
    if response.status_code == 200 and "is-invalid" in page:
        assert 'lang="fr"' in page and ("invalid-feedback" in page or "alert-danger" in page)
    return page


def assert_escaped(page: str) -> None:
    assert MARKUP not in page
    assert "<img src=x" not in page


SENIOR = {
    "first_name": "Odette",
    "last_name": "Lefèvre",
    "birth_date": "1938-05-17",
    "sex": "F",
    "address": "3 rue des Jacobins",
    "living_situation": "alone",
    "source": "flyer",
    "identified_on": "2025-01-06",
    "visit_interval_days": "14",
    "confirm_not_duplicate": "on",
}

senior_data = st.fixed_dictionaries(
    {
        "first_name": maybe("Odette", text),
        "last_name": maybe("Lefèvre", text),
        "birth_date": maybe("1938-05-17", dates),
        "address": maybe("3 rue des Jacobins", text),
        "phone": maybe("", text),
        "access_notes": maybe("", text),
        "health_notes": maybe("", text),
        "identified_on": maybe("2025-01-06", dates),
        "visit_interval_days": maybe("14", numbers),
        "sex": maybe("F", text),
    }
)


@FUZZ
@given(data=senior_data)
def test_senior_create_survives_hostile_input(coordinator_client, data):
    before = Senior.objects.count()
    response = coordinator_client.post(reverse("seniors:senior_create"), {**SENIOR, **data})
    page = assert_answered(response)
    if response.status_code == 302:
        senior = Senior.objects.order_by("-pk").first()
        assert_escaped(
            coordinator_client.get(reverse("seniors:senior_detail", args=[senior.pk])).content.decode()
        )
    else:
        assert Senior.objects.count() == before
        assert_escaped(page)


@FUZZ
@given(data=senior_data, version=maybe(None, numbers))
def test_senior_update_survives_hostile_input(coordinator_client, data, version):
    senior = SeniorFactory(first_name="Odette", last_name="Lefèvre")
    post = {**SENIOR, **data, "version": current_version(senior) if version is None else version}
    response = coordinator_client.post(reverse("seniors:senior_update", args=[senior.pk]), post)
    page = assert_answered(response)
    if response.status_code == 302:
        page = coordinator_client.get(reverse("seniors:senior_detail", args=[senior.pk])).content.decode()
    assert_escaped(page)


@FUZZ
@given(
    data=st.fixed_dictionaries(
        {
            "called_at": maybe(timezone.localtime().strftime("%Y-%m-%dT%H:%M"), datetimes),
            "outcome": maybe("reached", text),
            "visit_booked_for": maybe("", dates),
            "note": maybe("", text),
            "pair": maybe("", numbers),
            "duration_minutes": maybe("", numbers),
            "urgent": maybe("", text),
            "urgent_kind": maybe("fall", text),
            "urgent_description": maybe("Chute", text),
        }
    )
)
def test_call_create_survives_hostile_input(coordinator_client, senior_of_a, data):
    url = reverse("visits:call_create") + f"?senior={senior_of_a.pk}"
    response = coordinator_client.post(url, data)
    page = assert_answered(response)
    if response.status_code == 302:
        call = Call.objects.order_by("-pk").first()
        page = coordinator_client.get(reverse("visits:call_detail", args=[call.pk])).content.decode()
    assert_escaped(page)


@FUZZ
@given(
    data=st.fixed_dictionaries(
        {
            "visited_at": maybe(timezone.localtime().strftime("%Y-%m-%dT%H:%M"), datetimes),
            "duration_minutes": maybe("45", numbers),
            "kind": maybe("follow_up", text),
            "note": maybe("", text),
            "next_visit_on": maybe("", dates),
            "needs": maybe("", text),
        }
    )
)
def test_visit_create_survives_hostile_input(coordinator_client, senior_of_a, data):
    url = reverse("visits:visit_create") + f"?senior={senior_of_a.pk}"
    response = coordinator_client.post(url, data)
    page = assert_answered(response)
    if response.status_code == 302:
        visit = Visit.objects.order_by("-pk").first()
        page = coordinator_client.get(reverse("visits:visit_detail", args=[visit.pk])).content.decode()
    assert_escaped(page)


@FUZZ
@given(
    data=st.fixed_dictionaries(
        {
            "partner": maybe("", numbers),
            "service": maybe("the CCAS service", numbers),
            "made_on": maybe(timezone.localdate().isoformat(), dates),
            "note": maybe("", text),
        }
    )
)
def test_need_answer_survives_hostile_input(coordinator_client, senior_of_a, data):
    need = Need.objects.create(senior=senior_of_a, kind=Need.Kind.HOUSING, noted_on=timezone.localdate())
    service = ServiceOffer.objects.get_or_create(name="Portage de repas")[0]
    if data["service"] == "the CCAS service":
        data = {**data, "service": service.pk}
    response = coordinator_client.post(reverse("visits:need_answer", args=[need.pk]), data)
    page = assert_answered(response)
    need.refresh_from_db()
    assert need.is_met == (response.status_code == 302)
    assert need.is_met == (need.orientation is not None)
    assert_escaped(page)


@FUZZ
@given(
    data=st.fixed_dictionaries(
        {
            "first_name": maybe("Jeanne", text),
            "last_name": maybe("Martin", text),
            "kind": maybe("individual", text),
            "email": maybe("", text),
            "phone": maybe("", text),
            "recruited_via": maybe("", text),
            "joined_on": maybe("2025-01-06", dates),
            "notes": maybe("", text),
        }
    )
)
def test_volunteer_create_survives_hostile_input(coordinator_client, data):
    response = coordinator_client.post(reverse("volunteers:volunteer_create"), data)
    page = assert_answered(response)
    if response.status_code == 302:
        volunteer = Volunteer.objects.order_by("-pk").first()
        url = reverse("volunteers:volunteer_detail", args=[volunteer.pk])
        page = coordinator_client.get(url).content.decode()
    assert_escaped(page)


@FUZZ
@given(
    data=st.fixed_dictionaries(
        {
            "visited_on": maybe(timezone.localdate().isoformat(), dates),
            "duration_minutes": maybe("60", numbers),
            "kind": maybe("follow_up", text),
            "note": maybe("", text),
            "urgent_description": maybe("", text),
            "next_visit_on": maybe("", dates),
            "logged_at": maybe("", datetimes),
        }
    )
)
def test_tablet_visit_form_survives_hostile_input(
    volunteer_a_client, pair_a, senior_of_a, coordinator_client, data
):
    post = {**data, "uuid": str(uuid.uuid4()), "present": [pair_a[1].volunteer_a_id]}
    response = volunteer_a_client.post(reverse("visits:log_visit", args=[senior_of_a.pk]), post)
    page = assert_answered(response)
    if response.status_code == 302:
        visit = Visit.objects.order_by("-pk").first()
        page = coordinator_client.get(reverse("visits:visit_detail", args=[visit.pk])).content.decode()
    assert_escaped(page)


@FUZZ
@given(
    data=st.fixed_dictionaries(
        {
            "outgoing": maybe("", numbers),
            "incoming": maybe("", numbers),
            "on": maybe(timezone.localdate().isoformat(), dates),
            "reason": maybe("Déménagement", text),
        }
    )
)
def test_replacing_a_pair_member_survives_hostile_input(coordinator_client, pair_a, pair_b, data):
    pair = pair_a[1]
    data = {"outgoing": str(pair.volunteer_b_id), "incoming": str(pair_b[1].volunteer_b_id)} | {
        key: value for key, value in data.items() if value != ""
    }
    response = coordinator_client.post(reverse("volunteers:pair_replace_member", args=[pair.pk]), data)
    assert_escaped(assert_answered(response))


json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), text, st.sampled_from(HOSTILE_NUMBERS)),
    lambda children: st.one_of(
        st.lists(children, max_size=3), st.dictionaries(st.text(max_size=5), children, max_size=3)
    ),
    max_leaves=6,
)


@FUZZ
@given(
    kind=maybe("visit", json_values),
    key=maybe(None, json_values),
    senior=st.one_of(st.none(), json_values, st.sampled_from([10**30, -1, "1e400", 2**63])),
    fields=st.one_of(
        json_values,
        st.fixed_dictionaries(
            {
                "visited_on": maybe(timezone.localdate().isoformat(), dates),
                "duration_minutes": maybe(60, json_values),
                "kind": maybe("follow_up", json_values),
                "note": maybe("", text),
                "urgent_description": maybe("", text),
                "logged_at": maybe("", datetimes),
            }
        ),
    ),
)
def test_sync_endpoint_survives_hostile_json(
    volunteer_a_client, pair_a, senior_of_a, kind, key, senior, fields
):
    if isinstance(fields, dict) and "visited_on" in fields:
        fields = {**fields, "present": [pair_a[1].volunteer_a_id]}
    payload = {
        "kind": kind,
        "uuid": str(uuid.uuid4()) if key is None else key,
        "senior": senior_of_a.pk if senior is None else senior,
        "fields": fields,
    }
    response = volunteer_a_client.post(
        reverse("visits:sync"), json.dumps(payload), content_type="application/json"
    )
    assert response.status_code < 500
    answer = response.json()
    if answer["status"] == "refused":
        assert answer["reason"]
        assert response.status_code in (400, 422)


@pytest.mark.parametrize(
    "body", [b"", b"\xff\xfe", b"[]", b"null", b'"x"', b'{"kind": "visit"}', b"{" * 10_000, b'{"kind": {}}']
)
def test_sync_endpoint_refuses_unreadable_bodies(volunteer_a_client, body):
    response = volunteer_a_client.post(reverse("visits:sync"), body, content_type="application/json")
    assert response.status_code == 400
    assert "illisible" in response.json()["reason"]


def test_a_nul_character_is_refused_in_french_and_nothing_is_saved(coordinator_client):
    response = coordinator_client.post(
        reverse("seniors:senior_create"), {**SENIOR, "first_name": "Ode\x00tte"}
    )
    assert response.status_code == 200
    assert "caractère nul n’est pas autorisé" in response.content.decode()
    assert Senior.objects.count() == 0


def test_a_nul_character_sent_by_the_tablet_is_refused_in_french(volunteer_a_client, pair_a, senior_of_a):
    fields = {
        "visited_on": timezone.localdate().isoformat(),
        "duration_minutes": 60,
        "kind": "follow_up",
        "present": [pair_a[1].volunteer_a_id],
        "note": "Tout va bien\x00",
    }
    payload = {"kind": "visit", "uuid": str(uuid.uuid4()), "senior": senior_of_a.pk, "fields": fields}
    response = volunteer_a_client.post(
        reverse("visits:sync"), json.dumps(payload), content_type="application/json"
    )
    assert response.status_code == 422
    assert "caractère nul n’est pas autorisé" in json.dumps(response.json()["errors"], ensure_ascii=False)
    assert Visit.objects.count() == 0


def test_a_call_dated_year_one_is_refused_in_french(coordinator_client, senior_of_a):
    url = reverse("visits:call_create") + f"?senior={senior_of_a.pk}"
    response = coordinator_client.post(url, {"called_at": "0001-01-01T00:00", "outcome": "reached"})
    assert response.status_code == 200
    assert "entre 1900 et 2100" in response.content.decode()
    assert Call.objects.count() == 0


@FUZZ
@given(
    data=st.fixed_dictionaries(
        {
            "register_id": maybe("", text),
            "basis": maybe("age_65", text),
            "requested_by": maybe("third_party", text),
            "third_party": maybe("Mme Caron", text),
            "registered_on": maybe("2025-01-06", dates),
            "acknowledged_on": maybe("", dates),
            "objected_on": maybe("", dates),
            "left_on": maybe("", dates),
        }
    )
)
def test_register_entry_survives_hostile_input(coordinator_client, data):
    senior = SeniorFactory(first_name="Odette", last_name="Lefèvre")
    response = coordinator_client.post(reverse("seniors:senior_register", args=[senior.pk]), data)
    assert_escaped(assert_answered(response))
    if response.status_code == 302:
        page = coordinator_client.get(reverse("seniors:senior_detail", args=[senior.pk])).content.decode()
        assert_escaped(page)


@FUZZ
@given(
    data=st.fixed_dictionaries(
        {"on": maybe("2025-01-06", dates), "channel": maybe("letter", text), "note": maybe("", text)}
    )
)
def test_approach_survives_hostile_input(coordinator_client, data):
    senior = SeniorFactory(status=Senior.Status.REGISTER_ONLY, identified_on=None, pair=None)
    response = coordinator_client.post(reverse("seniors:senior_approach", args=[senior.pk]), data)
    assert_escaped(assert_answered(response))
    senior.refresh_from_db()
    assert (senior.status == Senior.Status.IDENTIFIED) == (response.status_code == 302)
