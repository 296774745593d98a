"""The volunteer pair's pages on the tablet: who may open them, what they show, and logging
calls and visits without JavaScript (the same forms the outbox sends through the sync endpoint)."""

import datetime
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from seniors.models import AccessLog, Senior
from tests.factories import ActivityFactory, CallFactory, PairFactory, SeniorFactory, VisitFactory
from visits.models import ActivitySession, Alert, Call, Need, Proposal, ServiceOffer, Visit
from visits.services import open_campaign
from visits.templatetags.tablet import texts

pytestmark = [pytest.mark.django_db, pytest.mark.clock]

SENIOR_PAGES = ("visits:senior", "visits:log_call", "visits:log_visit")


def url(name, senior):
    return reverse(name, args=[senior.pk])


# ---- Who may open the pages --------------------------------------------------------------


@pytest.mark.parametrize("name", SENIOR_PAGES)
def test_anonymous_is_sent_to_login(client, senior_of_a, name):
    response = client.get(url(name, senior_of_a))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_anonymous_is_sent_to_login_from_home(client):
    assert client.get(reverse("visits:my_seniors")).status_code == 302


@pytest.mark.parametrize("name", SENIOR_PAGES)
def test_coordinator_is_refused_the_volunteer_pages(coordinator_client, senior_of_a, name):
    assert coordinator_client.get(url(name, senior_of_a)).status_code == 403


def test_manager_is_refused_the_volunteer_home(manager_client):
    assert manager_client.get(reverse("visits:my_seniors")).status_code == 403


@pytest.mark.parametrize("name", SENIOR_PAGES)
def test_volunteer_cannot_open_another_pairs_senior(volunteer_a_client, senior_of_b, name):
    assert volunteer_a_client.get(url(name, senior_of_b)).status_code == 404


@pytest.mark.parametrize("name", SENIOR_PAGES)
def test_a_guessed_senior_number_answers_like_another_pairs_senior(volunteer_a_client, senior_of_b, name):
    missing = reverse(name, args=[senior_of_b.pk + 1000])
    assert volunteer_a_client.get(missing).status_code == 404


def test_volunteer_cannot_log_for_another_pairs_senior(volunteer_a_client, senior_of_b):
    response = volunteer_a_client.post(
        url("visits:log_call", senior_of_b), {"uuid": uuid.uuid4(), "outcome": "reached"}
    )
    assert response.status_code == 404
    response = volunteer_a_client.post(url("visits:log_visit", senior_of_b), visit_post(senior_of_b.pair))
    assert response.status_code == 404
    assert not Call.objects.exists() and not Visit.objects.exists()


def test_senior_of_a_pair_that_ended_is_no_longer_shown(volunteer_a_client, pair_a, senior_of_a):
    pair = pair_a[1]
    pair.ended_on = timezone.localdate() - datetime.timedelta(days=1)
    pair.save(update_fields=["ended_on"])
    assert volunteer_a_client.get(url("visits:senior", senior_of_a)).status_code == 404
    assert "Lucienne" not in volunteer_a_client.get(reverse("visits:my_seniors")).content.decode()


# ---- Home: my seniors ----------------------------------------------------------------------


def test_home_lists_only_my_seniors_with_phone_link_and_two_buttons(
    volunteer_a_client, senior_of_a, senior_of_b
):
    page = volunteer_a_client.get(reverse("visits:my_seniors")).content.decode()
    assert "Lucienne Lefèvre-Dupré" in page
    assert "Amadou" not in page
    assert 'href="tel:+33612345678">06 12 34 56 78</a>' in page
    assert url("visits:log_call", senior_of_a) in page
    assert url("visits:log_visit", senior_of_a) in page
    assert "Noter un appel" in page and "Noter une visite" in page


def test_home_puts_first_who_is_due_for_a_contact(volunteer_a_client, pair_a):
    pair = pair_a[1]
    now = timezone.now()
    recent = SeniorFactory(pair=pair, first_name="Recent", visit_interval_days=14)
    VisitFactory(senior=recent, visited_at=now - datetime.timedelta(days=2))
    overdue = SeniorFactory(pair=pair, first_name="Overdue", visit_interval_days=7)
    VisitFactory(senior=overdue, visited_at=now - datetime.timedelta(days=20))
    unanswered = SeniorFactory(pair=pair, first_name="Unanswered", visit_interval_days=14)
    # A call nobody answered is not a contact: still due.
    CallFactory(
        senior=unanswered, outcome=Call.Outcome.NO_ANSWER, called_at=now - datetime.timedelta(hours=1)
    )
    VisitFactory(senior=unanswered, visited_at=now - datetime.timedelta(days=10))
    seniors = volunteer_a_client.get(reverse("visits:my_seniors")).context["seniors"]
    assert [s.first_name for s in seniors] == ["Overdue", "Unanswered", "Recent"]
    assert [s.is_due for s in seniors] == [True, False, False]


def test_home_shows_the_next_planned_visit(volunteer_a_client, senior_of_a):
    booked = timezone.localdate() + datetime.timedelta(days=3)
    CallFactory(senior=senior_of_a, outcome=Call.Outcome.VISIT_BOOKED, visit_booked_for=booked)
    seniors = volunteer_a_client.get(reverse("visits:my_seniors")).context["seniors"]
    assert seniors[0].next_visit == booked


def make_seniors(pair, count):
    for index in range(count):
        senior = SeniorFactory(pair=pair)
        if index % 2:
            CallFactory(senior=senior)
            VisitFactory(senior=senior)


@pytest.mark.parametrize("count", [1, 50])
def test_home_query_count_is_the_same_for_1_and_50_seniors(
    volunteer_a_client, pair_a, count, django_assert_num_queries
):
    make_seniors(pair_a[1], count)
    open_campaign(name="Canicule", kind="heatwave", seniors=list(pair_a[1].seniors.all()), by=pair_a[0])
    # 1 session, 2 user, 3 user's groups (role), 4 the seniors with their last contacts
    # (subqueries), 5 the open campaigns' lines of the pair, with their campaign.
    with django_assert_num_queries(5):
        response = volunteer_a_client.get(reverse("visits:my_seniors"))
    assert len(response.context["seniors"]) == count
    assert [len(lines) for _campaign, lines, _to_call in response.context["campaigns"]] == [count]


def test_home_lists_every_page_to_keep_for_offline_use(volunteer_a_client, senior_of_a):
    page = volunteer_a_client.get(reverse("visits:my_seniors")).content.decode()
    for name in SENIOR_PAGES:
        assert url(name, senior_of_a) in page


# ---- The senior's page ---------------------------------------------------------------------


def test_senior_page_shows_what_the_pair_needs_and_nothing_else(volunteer_a_client, senior_of_a, pair_b):
    Senior.objects.filter(pk=senior_of_a.pk).update(
        access_notes="Code 1234B, 2e étage",
        best_times="Le matin",
        interests="Jardinage",
        health_notes="Diabète sévère",
        emergency_contact_name="Fils Gérard",
        source_detail="Flyer de la boulangerie",
    )
    mine = VisitFactory(senior=senior_of_a, note="Contente de nous voir", reply="Merci, je l’appelle demain")
    # A visit of the senior by another pair (before reassignment): not the volunteer's to read.
    VisitFactory(senior=senior_of_a, pair=pair_b[1], note="Note d’un autre binôme")
    page = volunteer_a_client.get(url("visits:senior", senior_of_a)).content.decode()
    for shown in ("Code 1234B", "Le matin", "Jardinage", "Contente de nous voir", "je l’appelle demain"):
        assert shown in page
    for hidden in ("Diabète", "Gérard", "boulangerie", "Note d’un autre binôme"):
        assert hidden not in page
    assert mine.reply


def test_opening_a_seniors_page_is_logged_but_not_the_tablet_keeping_it(volunteer_a_client, senior_of_a):
    volunteer_a_client.get(url("visits:senior", senior_of_a))
    volunteer_a_client.get(url("visits:senior", senior_of_a), headers={"X-Tablet-Precache": "1"})
    assert AccessLog.objects.filter(senior=senior_of_a, action=AccessLog.Action.VIEW_SENIOR).count() == 1


# ---- Logging a call or a visit without JavaScript -----------------------------------------


def test_volunteer_logs_a_call_and_sees_a_confirmation(volunteer_a_client, senior_of_a, pair_a):
    response = volunteer_a_client.post(
        url("visits:log_call", senior_of_a),
        {"uuid": uuid.uuid4(), "outcome": "reached", "note": "Bon moral"},
        follow=True,
    )
    assert "Appel enregistré" in response.content.decode()
    call = Call.objects.get()
    assert (call.senior, call.pair, call.outcome, call.note) == (
        senior_of_a,
        pair_a[1],
        "reached",
        "Bon moral",
    )


def test_a_booked_visit_needs_its_date_and_nothing_is_saved_without_it(volunteer_a_client, senior_of_a):
    response = volunteer_a_client.post(
        url("visits:log_call", senior_of_a), {"uuid": uuid.uuid4(), "outcome": "visit_booked"}
    )
    assert response.status_code == 200
    assert "Indiquez la date de la visite fixée" in response.content.decode()
    assert not Call.objects.exists()


def visit_post(pair, **overrides):
    data = {
        "uuid": str(uuid.uuid4()),
        "visited_on": timezone.localdate().isoformat(),
        "duration_minutes": "45",
        "kind": "first",
        "present": [pair.volunteer_a_id, pair.volunteer_b_id],
        "note": "Très isolée",
    }
    data.update(overrides)
    return data


def test_volunteer_logs_a_visit_with_every_field(
    volunteer_a_client, senior_of_a, pair_a, django_capture_on_commit_callbacks
):
    pair = pair_a[1]
    service = ServiceOffer.objects.create(name="Portage de repas")
    cafe, show = ActivityFactory(name="Café Relais"), ActivityFactory(name="Spectacle")
    ActivitySession.objects.create(activity=cafe, starts_at=timezone.now() + datetime.timedelta(days=5))
    next_on = timezone.localdate() + datetime.timedelta(days=14)
    with django_capture_on_commit_callbacks(execute=True):
        response = volunteer_a_client.post(
            url("visits:log_visit", senior_of_a),
            visit_post(
                pair,
                present=[pair.volunteer_a_id],
                services=[service.pk],
                proposed=[cafe.pk, show.pk],
                accepted=[cafe.pk],
                needs=["shopping", "paperwork"],
                urgent="on",
                urgent_kind="no_food",
                urgent_description="Réfrigérateur vide",
                next_visit_on=next_on.isoformat(),
            ),
            follow=True,
        )
    assert "Visite enregistrée" in response.content.decode()
    visit = Visit.objects.get()
    assert (visit.duration_minutes, visit.kind, visit.note, visit.next_visit_on) == (
        45,
        "first",
        "Très isolée",
        next_on,
    )
    assert list(visit.present.all()) == [pair.volunteer_a]
    assert list(visit.services_presented.all()) == [service]
    assert {(p.activity.name, p.answer) for p in Proposal.objects.all()} == {
        ("Café Relais", "accepted"),
        ("Spectacle", "proposed"),
    }
    assert {n.kind for n in Need.objects.all()} == {"shopping", "paperwork"}
    alert = Alert.objects.get()
    assert (alert.kind, alert.description, alert.visit) == ("no_food", "Réfrigérateur vide", visit)


def test_visit_form_shows_the_catalogue_with_upcoming_dates(volunteer_a_client, senior_of_a):
    cafe = ActivityFactory(name="Café Relais")
    ActivityFactory(name="Ancien atelier", is_active=False)
    when = timezone.make_aware(datetime.datetime.combine(timezone.localdate(), datetime.time(14, 30)))
    ActivitySession.objects.create(activity=cafe, starts_at=when + datetime.timedelta(days=7))
    page = volunteer_a_client.get(url("visits:log_visit", senior_of_a)).content.decode()
    assert "Café Relais" in page and "14h30" in page
    assert "Ancien atelier" not in page


def test_an_urgent_visit_needs_a_description(volunteer_a_client, senior_of_a, pair_a):
    response = volunteer_a_client.post(
        url("visits:log_visit", senior_of_a), visit_post(pair_a[1], urgent="on", urgent_kind="fall")
    )
    assert response.status_code == 200
    assert "Dites en quelques mots ce qui est urgent" in response.content.decode()
    assert not Visit.objects.exists() and not Alert.objects.exists()


def test_a_visit_in_the_future_is_refused(volunteer_a_client, senior_of_a, pair_a):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = volunteer_a_client.post(
        url("visits:log_visit", senior_of_a), visit_post(pair_a[1], visited_on=tomorrow.isoformat())
    )
    assert "Cette date est dans le futur" in response.content.decode()
    assert not Visit.objects.exists()


def test_a_volunteer_outside_the_pair_cannot_be_ticked_as_present(volunteer_a_client, senior_of_a, pair_a):
    stranger = PairFactory().volunteer_a
    response = volunteer_a_client.post(
        url("visits:log_visit", senior_of_a), visit_post(pair_a[1], present=[stranger.pk])
    )
    assert response.status_code == 200
    assert not Visit.objects.exists()


def test_the_same_form_posted_twice_stores_one_visit(volunteer_a_client, senior_of_a, pair_a):
    data = visit_post(pair_a[1])
    volunteer_a_client.post(url("visits:log_visit", senior_of_a), data)
    volunteer_a_client.post(url("visits:log_visit", senior_of_a), data)
    assert Visit.objects.count() == 1


# ---- Installable app ---------------------------------------------------------------------


def test_service_worker_is_served_with_a_scope_covering_the_volunteer_pages(client):
    response = client.get(reverse("visits:service_worker"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == "/suivi/"
    assert reverse("visits:my_seniors").startswith("/suivi/")
    assert b"addEventListener" in response.content


def test_manifest_points_at_the_home_page(client):
    data = client.get(reverse("visits:manifest")).json()
    assert data["start_url"] == reverse("visits:my_seniors")
    assert data["scope"] == "/suivi/"
    assert {icon["sizes"] for icon in data["icons"]} == {"192x192", "512x512"}
    assert data["name"] == "Visites à domicile"


def test_offline_page_is_for_volunteers(volunteer_a_client, coordinator_client):
    assert volunteer_a_client.get(reverse("visits:offline")).status_code == 200
    assert coordinator_client.get(reverse("visits:offline")).status_code == 403


def test_the_tablets_waiting_warning_agrees_in_number():
    words = texts()
    assert words["waitingSince"].startswith("{n} enregistrement fait sur cette tablette")
    assert "n’est pas encore arrivé" in words["waitingSince"]
    assert words["waitingSinceMany"].startswith("{n} enregistrements faits sur cette tablette")
    assert "ne sont pas encore arrivés" in words["waitingSinceMany"]
