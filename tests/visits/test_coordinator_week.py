"""The coordinator's week without detours: needs followed to their end (and counted so in
the bilan), back on the senior's file after logging a contact, and only the volunteers'
reports in the queue of reports to read."""

import datetime
from importlib import import_module

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from reports.bilan import build_bilan
from reports.periods import Period
from tests.conftest import typed_moment
from tests.factories import PartnerFactory, VisitFactory
from visits.models import Need, Orientation, ServiceOffer, Visit
from visits.needs import answer_need

pytestmark = [pytest.mark.django_db, pytest.mark.clock]


@pytest.fixture
def need(senior_of_a):
    visit = VisitFactory(senior=senior_of_a, note="Elle ne peut plus porter ses courses")
    day = timezone.localdate() - datetime.timedelta(days=10)
    return Need.objects.create(senior=senior_of_a, visit=visit, kind=Need.Kind.SHOPPING, noted_on=day)


def test_a_need_marked_answered_records_the_orientation_and_leaves_the_queue(coordinator_client, need):
    partner = PartnerFactory(name="Épicerie solidaire")
    queue = coordinator_client.get(reverse("visits:need_list"))
    assert list(queue.context["needs"]) == [need]
    day = timezone.localdate() - datetime.timedelta(days=2)
    response = coordinator_client.post(
        reverse("visits:need_answer", args=[need.pk]), {"partner": partner.pk, "made_on": day.isoformat()}
    )
    assert response["Location"] == reverse("visits:visit_detail", args=[need.visit_id])
    need.refresh_from_db()
    assert need.is_met and need.answered_on == day
    assert (need.orientation.partner, need.orientation.made_on, need.orientation.senior) == (
        partner,
        day,
        need.senior,
    )
    page = coordinator_client.get(response["Location"]).content.decode()
    assert "satisfait le" in page and "Épicerie solidaire" in page
    assert list(coordinator_client.get(reverse("visits:need_list")).context["needs"]) == []
    assert coordinator_client.get(reverse("visits:need_answer", args=[need.pk])).status_code == 404


def test_the_bilans_answered_and_orientations_columns_come_from_the_answered_needs(coordinator_client, need):
    service = ServiceOffer.objects.create(name="Portage de repas")
    before = build_bilan(Period(need.noted_on, timezone.localdate()))
    assert before.needs.needs == [("shopping", 1, 0)] and before.offers.orientations == 0
    coordinator_client.post(
        reverse("visits:need_answer", args=[need.pk]),
        {"service": service.pk, "made_on": timezone.localdate().isoformat()},
    )
    after = build_bilan(Period(need.noted_on, timezone.localdate()))
    assert after.needs.needs == [("shopping", 1, 1)]
    assert (after.offers.orientations, after.offers.orientations_to_partners) == (1, 0)


def test_a_need_answered_after_the_period_is_not_counted_answered_in_it(need):
    Need.objects.filter(pk=need.pk).update(is_met=True, answered_on=timezone.localdate())
    period = Period(need.noted_on, need.noted_on)
    assert build_bilan(period).needs.needs == [("shopping", 1, 0)]


def test_a_need_is_answered_towards_a_partner_or_a_service_and_nothing_is_saved_otherwise(
    coordinator_client, need
):
    url = reverse("visits:need_answer", args=[need.pk])
    response = coordinator_client.post(url, {"made_on": timezone.localdate().isoformat()})
    assert "Indiquez vers quel partenaire ou service." in response.content.decode()
    early = need.noted_on - datetime.timedelta(days=1)
    service = ServiceOffer.objects.create(name="Téléassistance")
    response = coordinator_client.post(url, {"service": service.pk, "made_on": early.isoformat()})
    assert "Le besoin a été satisfait après avoir été relevé." in response.content.decode()
    need.refresh_from_db()
    assert not need.is_met and not Orientation.objects.exists()


def test_the_dashboard_counts_the_needs_to_follow(coordinator_client, need):
    assert coordinator_client.get(reverse("dashboard")).context["queues"]["needs_to_follow"] == 1


def test_after_logging_a_call_the_coordinator_is_back_on_the_seniors_file_with_a_link_to_it(
    coordinator_client, senior_of_a
):
    url = reverse("visits:call_create") + f"?senior={senior_of_a.pk}"
    response = coordinator_client.post(url, {"called_at": typed_moment(timezone.now()), "outcome": "reached"})
    assert response["Location"] == reverse("seniors:senior_detail", args=[senior_of_a.pk])
    page = coordinator_client.get(response["Location"]).content.decode()
    call = senior_of_a.calls.get()
    assert "L’appel a été enregistré." in page
    assert f'href="{reverse("visits:call_detail", args=[call.pk])}"' in page


def test_a_record_page_leads_back_to_the_seniors_file(coordinator_client, senior_of_a):
    visit = VisitFactory(senior=senior_of_a)
    page = coordinator_client.get(reverse("visits:visit_detail", args=[visit.pk])).content.decode()
    assert f'href="{reverse("seniors:senior_detail", args=[senior_of_a.pk])}"' in page
    assert "Retour à la fiche du senior" in page


def test_a_coordinators_own_visit_note_is_not_a_report_to_read(
    coordinator_client, volunteer_a_client, senior_of_a, pair_a
):
    url = reverse("visits:visit_create") + f"?senior={senior_of_a.pk}"
    coordinator_client.post(
        url,
        {
            "pair": "",
            "visited_at": typed_moment(timezone.now() - datetime.timedelta(hours=2)),
            "duration_minutes": 30,
            "kind": "follow_up",
            "note": "Passée avec l'assistante sociale",
        },
    )
    assert list(coordinator_client.get(reverse("visits:report_list")).context["visits"]) == []
    assert coordinator_client.get(reverse("dashboard")).context["queues"]["unread_reports"] == 0
    # A volunteer's report still is one.
    volunteer_a_client.post(
        reverse("visits:log_visit", args=[senior_of_a.pk]),
        {
            "uuid": "6b4c1f1e-2d67-4d77-9a55-0e0b7f6d1c11",
            "visited_on": timezone.localdate().isoformat(),
            "duration_minutes": "45",
            "kind": "follow_up",
            "present": [pair_a[1].volunteer_a_id],
            "note": "Elle aimerait sortir",
        },
    )
    reports = coordinator_client.get(reverse("visits:report_list")).context["visits"]
    assert [v.note for v in reports] == ["Elle aimerait sortir"]
    assert Visit.objects.count() == 2


def test_visits_already_logged_by_a_coordinator_leave_the_reports_to_read(coordinator, senior_of_a, pair_a):
    migration = import_module("visits.migrations.0006_staff_visits_are_not_reports_to_read")
    own = VisitFactory(senior=senior_of_a, note="Ma note", recorded_by=coordinator)
    theirs = VisitFactory(senior=senior_of_a, note="Leur compte rendu", recorded_by=pair_a[0])
    migration.mark_staff_visits_read(apps, None)
    own.refresh_from_db()
    theirs.refresh_from_db()
    assert own.read_by == coordinator and own.read_at == own.recorded_at
    assert theirs.read_at is None


def test_a_staff_visits_page_shows_its_note_without_a_reply_to_a_pair(coordinator_client, coordinator):
    visit = VisitFactory(senior__pair=None, note="Passée avec l'assistante sociale", recorded_by=coordinator)
    page = coordinator_client.get(reverse("visits:visit_detail", args=[visit.pk])).content.decode()
    assert "Passée avec l" in page
    assert "Le compte rendu du binôme" not in page and "Envoyer la réponse" not in page


def test_a_need_is_answered_once(need):
    service = ServiceOffer.objects.create(name="Portage de repas")
    answer_need(need, made_on=timezone.localdate(), service=service)
    with pytest.raises(ValidationError, match="Ce besoin a déjà été satisfait."):
        answer_need(need, made_on=timezone.localdate(), service=service)
    assert Orientation.objects.count() == 1
