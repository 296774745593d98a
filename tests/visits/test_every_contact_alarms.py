"""Every contact can raise the alarm: a call on the tablet or by a coordinator, a
coordinator's visit and a campaign call raise an urgent alert with the same deadline and
e-mail as a tablet visit; a campaign's "not reached — escalate" becomes a task with a deadline."""

import datetime
import uuid

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from ccas_visits.lib.permissions import COORDINATOR
from seniors.models import RegisterEntry
from tests.conftest import typed_moment
from tests.factories import SeniorFactory, UserFactory
from visits.models import Alert, Call, CampaignEntry, Visit
from visits.services import open_campaign, record_campaign_call

pytestmark = [pytest.mark.django_db, pytest.mark.clock]

DEADLINE = datetime.timedelta(hours=24)
URGENT = {"urgent": "on", "urgent_kind": "fall", "urgent_description": "Tombée dans la cuisine"}


@pytest.fixture
def claire(db):
    return UserFactory(username="claire", email="claire@ccas.example", role=COORDINATOR)


def assert_alert_like_a_tablet_visit(alert: Alert) -> None:
    assert alert.is_open and alert.kind == Alert.Kind.FALL
    assert alert.description == "Tombée dans la cuisine"
    assert alert.due_at - alert.raised_at == DEADLINE
    assert [m.to for m in mail.outbox] == [["claire@ccas.example"]]
    assert mail.outbox[0].subject == "Alerte urgente\u00a0: Chute"
    assert reverse("visits:alert_detail", args=[alert.pk]) in mail.outbox[0].body
    assert alert.senior.last_name not in mail.outbox[0].body


def test_a_coordinator_call_can_raise_an_urgent_alert_with_the_same_deadline_and_mail_as_a_tablet_visit(
    coordinator_client, coordinator, claire, senior_of_a, django_capture_on_commit_callbacks
):
    url = reverse("visits:call_create") + f"?senior={senior_of_a.pk}"
    data = {"pair": "", "called_at": typed_moment(timezone.now()), "outcome": "reached", **URGENT}
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(url, data)
    call = Call.objects.get()
    alert = Alert.objects.get()
    assert alert.call == call and alert.visit is None and alert.raised_by == coordinator
    assert_alert_like_a_tablet_visit(alert)
    page = coordinator_client.get(response["Location"]).content.decode()
    assert "L’alerte urgente a été levée" in page


def test_a_tablet_call_can_raise_an_urgent_alert(
    volunteer_a_client, volunteer_a, claire, senior_of_a, django_capture_on_commit_callbacks
):
    data = {"uuid": str(uuid.uuid4()), "outcome": "no_answer", **URGENT}
    with django_capture_on_commit_callbacks(execute=True):
        response = volunteer_a_client.post(reverse("visits:log_call", args=[senior_of_a.pk]), data)
    assert response.status_code == 302
    alert = Alert.objects.get()
    assert alert.call == Call.objects.get() and alert.raised_by == volunteer_a
    assert_alert_like_a_tablet_visit(alert)


def test_the_tablet_call_form_offers_the_urgency_and_the_duration_buttons(volunteer_a_client, senior_of_a):
    page = volunteer_a_client.get(reverse("visits:log_call", args=[senior_of_a.pk])).content.decode()
    assert 'name="urgent"' in page and 'data-shown-when="urgent=on"' in page
    assert 'name="duration_minutes"' in page and "15 min" in page
    # A campaign's own escalation kind is not for people to pick.
    assert 'value="not_reached"' not in page


def test_a_coordinator_visit_can_raise_an_urgent_alert(
    coordinator_client, claire, senior_of_a, pair_a, django_capture_on_commit_callbacks
):
    url = reverse("visits:visit_create") + f"?senior={senior_of_a.pk}"
    data = {
        "pair": pair_a[1].pk,
        "visited_at": typed_moment(timezone.now() - datetime.timedelta(hours=1)),
        "duration_minutes": 30,
        "kind": "follow_up",
        **URGENT,
    }
    with django_capture_on_commit_callbacks(execute=True):
        coordinator_client.post(url, data)
    alert = Alert.objects.get()
    assert alert.visit == Visit.objects.get()
    assert_alert_like_a_tablet_visit(alert)


def test_an_urgency_without_a_description_is_refused_and_nothing_is_saved(coordinator_client, senior_of_a):
    url = reverse("visits:call_create") + f"?senior={senior_of_a.pk}"
    data = {
        "called_at": typed_moment(timezone.now()),
        "outcome": "reached",
        "urgent": "on",
        "urgent_kind": "fall",
    }
    response = coordinator_client.post(url, data)
    assert response.status_code == 200
    assert "Dites en quelques mots ce qui est urgent." in response.content.decode()
    assert not Call.objects.exists() and not Alert.objects.exists()


def campaign_entry(coordinator) -> CampaignEntry:
    senior = SeniorFactory(pair=None)
    RegisterEntry.objects.create(
        senior=senior,
        basis=RegisterEntry.Basis.AGE_65,
        requested_by=RegisterEntry.RequestedBy.SELF,
        registered_on=datetime.date(2024, 6, 1),
    )
    campaign = open_campaign(name="Canicule", kind="heatwave", seniors=[senior], by=coordinator)
    return campaign.entries.get()


def test_a_campaign_call_can_raise_an_urgent_alert(
    coordinator_client, coordinator, claire, django_capture_on_commit_callbacks
):
    entry = campaign_entry(coordinator)
    data = {"state": "needs_help", "duration_minutes": "8", **URGENT}
    with django_capture_on_commit_callbacks(execute=True):
        coordinator_client.post(reverse("visits:campaign_entry_call", args=[entry.pk]), data)
    call = Call.objects.get()
    assert call.duration_minutes == 8 and call.campaign == entry.campaign
    alert = Alert.objects.get()
    assert alert.call == call
    assert_alert_like_a_tablet_visit(alert)


def test_not_reached_in_a_campaign_becomes_a_task_with_a_deadline_in_the_work_queue(
    coordinator_client, coordinator
):
    entry = campaign_entry(coordinator)
    response = coordinator_client.post(
        reverse("visits:campaign_entry_call", args=[entry.pk]), {"state": "not_reached"}, follow=True
    )
    assert "L’alerte urgente a été levée" in response.content.decode()
    task = Alert.objects.get()
    assert task.kind == Alert.Kind.NOT_REACHED and task.senior == entry.senior
    assert task.due_at - task.raised_at == DEADLINE
    assert task.description == "Pas joint(e) pendant la campagne « Canicule »."
    dashboard = coordinator_client.get(reverse("dashboard"))
    assert dashboard.context["queues"]["open_alerts"] == 1
    assert "Pas joint(e) pendant une campagne d’appels — " in dashboard.content.decode()


def test_calling_again_a_senior_still_escalated_keeps_one_task(coordinator):
    entry = campaign_entry(coordinator)
    for _ in range(2):
        record_campaign_call(entry, by=coordinator, state=CampaignEntry.State.NOT_REACHED, note="Répondeur")
    assert Call.objects.count() == 2
    assert Alert.objects.get().description == "Répondeur"
