"""Coordinators log, correct and read calls and visits, and handle urgent alerts."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from ccas_visits.lib.permissions import VOLUNTEER
from seniors.models import Senior
from tests.factories import AlertFactory, CallFactory, PairFactory, SeniorFactory, UserFactory, VisitFactory
from visits.models import Alert, Call, Visit

pytestmark = [pytest.mark.django_db, pytest.mark.clock]


def local_input(moment: datetime.datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def test_a_coordinator_logs_a_staff_call_that_counts_and_advances_the_file(coordinator_client, coordinator):
    senior = SeniorFactory(pair=None, status=Senior.Status.IDENTIFIED)
    url = reverse("visits:call_create") + f"?senior={senior.pk}"
    # Two hours ago: a Paris time that happens twice (02:30 on the night clocks go back) cannot be
    # typed unambiguously in a date-time field, and Django's form refuses it with a French message.
    called_at = local_input(timezone.now() - datetime.timedelta(hours=2))
    response = coordinator_client.post(
        url, {"pair": "", "called_at": called_at, "outcome": "reached", "note": "Ravie"}
    )
    call = Call.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "seniors:senior_detail", args=[senior.pk]
    )
    assert call.pair is None and call.recorded_by == coordinator and call.note == "Ravie"
    senior.refresh_from_db()
    assert senior.status == Senior.Status.CONTACTED


def test_a_booked_visit_needs_its_date_and_nothing_is_saved(coordinator_client, senior_of_a):
    url = reverse("visits:call_create") + f"?senior={senior_of_a.pk}"
    data = {"pair": senior_of_a.pair_id, "called_at": local_input(timezone.now()), "outcome": "visit_booked"}
    response = coordinator_client.post(url, data)
    assert response.status_code == 200
    assert "Indiquez la date de la visite fixée" in response.content.decode()
    assert Call.objects.count() == 0


def test_a_call_in_the_future_is_refused_in_french(coordinator_client, senior_of_a):
    url = reverse("visits:call_create") + f"?senior={senior_of_a.pk}"
    later = timezone.now() + datetime.timedelta(days=2)
    response = coordinator_client.post(url, {"called_at": local_input(later), "outcome": "reached"})
    assert "Un appel ne peut pas être dans le futur" in response.content.decode()
    assert Call.objects.count() == 0


def test_a_coordinator_logs_a_visit_for_a_pair_with_needs(coordinator_client, senior_of_a, pair_a):
    url = reverse("visits:visit_create") + f"?senior={senior_of_a.pk}"
    response = coordinator_client.post(
        url,
        {
            "pair": pair_a[1].pk,
            "visited_at": local_input(timezone.now() - datetime.timedelta(hours=2)),
            "duration_minutes": 45,
            "kind": "follow_up",
            "needs": ["shopping"],
            "note": "Besoin d'aide pour les courses",
        },
    )
    visit = Visit.objects.get()
    assert response["Location"] == reverse("seniors:senior_detail", args=[senior_of_a.pk])
    assert visit.pair == pair_a[1] and visit.needs.get().kind == "shopping"


def test_the_visit_form_offers_the_seniors_pair_first_and_chosen(coordinator_client, senior_of_a, pair_a):
    from tests.factories import VolunteerFactory

    VolunteerFactory(first_name="Aïcha", last_name="Aaron")  # sorts before the pair's members
    response = coordinator_client.get(reverse("visits:visit_create") + f"?senior={senior_of_a.pk}")
    field = response.context["form"]["present"]
    pair = pair_a[1]
    members = {pair.volunteer_a_id, pair.volunteer_b_id}
    assert set(field.initial) == members
    listed = [choice.data["value"].value for choice in field.subwidgets]
    assert set(listed[:2]) == members and len(listed) > 2


def test_the_pick_page_finds_a_senior_without_accents(coordinator_client, senior_of_a):
    response = coordinator_client.get(reverse("visits:call_create") + "?q=lefevre")
    assert f"?senior={senior_of_a.pk}" in response.content.decode()


def test_a_corrected_visit_keeps_its_previous_values_and_shows_who_changed_what(
    coordinator_client, coordinator, senior_of_a
):
    visit = VisitFactory(senior=senior_of_a, duration_minutes=60, note="Visite courte")
    response = coordinator_client.post(
        reverse("visits:visit_update", args=[visit.pk]),
        {
            "pair": visit.pair_id,
            "visited_at": local_input(visit.visited_at),
            "duration_minutes": 90,
            "kind": visit.kind,
            "note": "Visite courte",
            "reason": "Erreur de saisie",
        },
    )
    assert response.status_code == 302
    visit.refresh_from_db()
    assert visit.duration_minutes == 90
    assert [h.duration_minutes for h in visit.history.order_by("history_date")] == [60, 90]
    page = coordinator_client.get(reverse("visits:visit_detail", args=[visit.pk])).content.decode()
    assert "Historique des modifications" in page
    assert "Camille Durand" in page  # the coordinator's name
    assert "Erreur de saisie" in page
    assert "<del>60</del>" in page and "<td>90</td>" in page


def test_a_correction_that_breaks_a_rule_saves_nothing(coordinator_client, senior_of_a):
    call = CallFactory(senior=senior_of_a, outcome=Call.Outcome.REACHED)
    response = coordinator_client.post(
        reverse("visits:call_update", args=[call.pk]),
        {"pair": call.pair_id, "called_at": local_input(call.called_at), "outcome": "visit_booked"},
    )
    assert response.status_code == 200
    assert "Indiquez la date de la visite fixée" in response.content.decode()
    call.refresh_from_db()
    assert call.outcome == Call.Outcome.REACHED and call.history.count() == 1


def test_marking_a_report_read_with_htmx_returns_the_badge(coordinator_client, coordinator, senior_of_a):
    visit = VisitFactory(senior=senior_of_a, note="Elle se sent seule")
    response = coordinator_client.post(
        reverse("visits:visit_mark_read", args=[visit.pk]), headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert "Lu le" in response.content.decode() and "<html" not in response.content.decode()
    visit.refresh_from_db()
    assert visit.read_at is not None and visit.read_by == coordinator


def test_marking_a_report_read_without_javascript_redirects(coordinator_client, senior_of_a):
    visit = VisitFactory(senior=senior_of_a, note="RAS")
    response = coordinator_client.post(reverse("visits:visit_mark_read", args=[visit.pk]))
    assert response["Location"] == reverse("visits:visit_detail", args=[visit.pk])
    assert coordinator_client.get(reverse("visits:report_list")).context["visits"].count() == 0


def test_a_reply_is_saved_for_the_pair_and_marks_the_report_read(coordinator_client, senior_of_a):
    visit = VisitFactory(senior=senior_of_a, note="Elle voudrait aller au Café Relais")
    coordinator_client.post(reverse("visits:visit_reply", args=[visit.pk]), {"reply": "Je l'inscris."})
    visit.refresh_from_db()
    assert visit.reply == "Je l'inscris." and visit.read_at is not None


def test_an_empty_reply_is_refused_in_french(coordinator_client, senior_of_a):
    visit = VisitFactory(senior=senior_of_a, note="RAS")
    response = coordinator_client.post(reverse("visits:visit_reply", args=[visit.pk]), {"reply": " "})
    assert response.status_code == 400
    assert "Écrivez une réponse avant de l’envoyer." in response.content.decode()


def test_closing_an_alert_requires_an_outcome(coordinator_client, senior_of_a):
    alert = AlertFactory(senior=senior_of_a)
    response = coordinator_client.post(reverse("visits:alert_detail", args=[alert.pk]), {"outcome": "  "})
    assert "Indiquez ce qui a été fait avant de clore l’alerte." in response.content.decode()
    alert.refresh_from_db()
    assert alert.is_open


def test_closing_an_alert_records_who_when_and_what(coordinator_client, coordinator, senior_of_a):
    alert = AlertFactory(senior=senior_of_a)
    response = coordinator_client.post(
        reverse("visits:alert_detail", args=[alert.pk]), {"outcome": "Famille prévenue, passage infirmier"}
    )
    assert response["Location"] == reverse("visits:alert_list")
    alert.refresh_from_db()
    assert not alert.is_open and alert.handled_by == coordinator
    assert alert.outcome == "Famille prévenue, passage infirmier"
    again = coordinator_client.post(reverse("visits:alert_detail", args=[alert.pk]), {"outcome": "Encore"})
    assert again.status_code == 200
    alert.refresh_from_db()
    assert alert.outcome == "Famille prévenue, passage infirmier"


def test_alerts_list_open_ones_first_by_deadline_and_flags_overdue(coordinator_client, senior_of_a):
    now = timezone.now()
    handled = AlertFactory(
        senior=senior_of_a, due_at=now - datetime.timedelta(days=3), handled_at=now, outcome="Fait"
    )
    later = AlertFactory(senior=senior_of_a, due_at=now + datetime.timedelta(hours=20))
    overdue = AlertFactory(senior=senior_of_a, due_at=now - datetime.timedelta(hours=1))
    response = coordinator_client.get(reverse("visits:alert_list"))
    assert [a.pk for a in response.context["object_list"]] == [overdue.pk, later.pk, handled.pk]
    assert response.content.decode().count("En retard") == 1
    only_open = coordinator_client.get(reverse("visits:alert_list") + "?state=open")
    assert handled not in only_open.context["object_list"]


def test_call_filters_by_outcome_staff_senior_and_dates(coordinator_client, senior_of_a, senior_of_b):
    now = timezone.now()
    CallFactory(
        senior=senior_of_a, outcome=Call.Outcome.NO_ANSWER, called_at=now - datetime.timedelta(days=40)
    )
    reached = CallFactory(senior=senior_of_a, outcome=Call.Outcome.REACHED)
    staff = CallFactory(senior=senior_of_b, pair=None, outcome=Call.Outcome.REACHED)
    url = reverse("visits:call_list")

    def listed(query: str) -> set[int]:
        return {c.pk for c in coordinator_client.get(url + query).context["object_list"]}

    assert listed("?outcome=reached") == {reached.pk, staff.pk}
    assert listed("?staff=true") == {staff.pk}
    assert listed("?senior=lefevre&outcome=reached") == {reached.pk}
    since = (timezone.localdate() - datetime.timedelta(days=7)).isoformat()
    assert listed(f"?date_from={since}") == {reached.pk, staff.pk}


def _many_calls_and_visits(count: int) -> None:
    for _ in range(count):
        pair = PairFactory()
        senior = SeniorFactory(pair=pair)
        CallFactory(senior=senior)
        VisitFactory(senior=senior, note="Compte rendu")
        AlertFactory(senior=senior)


@pytest.mark.parametrize("rows", [1, 50])
@pytest.mark.parametrize(
    "name", ["visits:call_list", "visits:visit_list", "visits:report_list", "visits:alert_list"]
)
def test_list_query_counts_do_not_grow_with_rows(coordinator_client, django_assert_num_queries, rows, name):
    _many_calls_and_visits(rows)
    # Session, user, user's groups (role); the paginator's COUNT; the page of rows with their
    # senior and pair (joined); for calls and visits, the pair filter's choices.
    expected = {
        "visits:call_list": 6,
        "visits:visit_list": 6,
        "visits:report_list": 5,
        "visits:alert_list": 5,
    }
    with django_assert_num_queries(expected[name]):
        response = coordinator_client.get(reverse(name))
    assert len(response.context["object_list"]) == rows


@pytest.mark.parametrize("rows", [1, 50])
def test_overdue_and_silent_pair_lists_query_counts(coordinator_client, django_assert_num_queries, rows):
    for _ in range(rows):
        SeniorFactory(pair=PairFactory())  # never contacted: overdue; its pair silent
    # Session, user, groups; COUNT; the page (last contacts are subqueries of the same query).
    with django_assert_num_queries(5):
        response = coordinator_client.get(reverse("visits:overdue_list"))
    assert len(response.context["seniors"]) == rows
    # Session, user, groups; COUNT; the page (members joined, last contacts as subqueries).
    with django_assert_num_queries(5):
        response = coordinator_client.get(reverse("visits:silent_pairs"))
    assert len(response.context["pairs"]) == rows


def test_a_volunteer_account_is_never_a_coordinator(senior_of_a):
    user = UserFactory(role=VOLUNTEER)
    from tests.conftest import client_for

    assert client_for(user).get(reverse("visits:alert_list")).status_code == 403
    assert Alert.objects.count() == 0
