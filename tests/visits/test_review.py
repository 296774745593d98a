"""The coordinators' queue of tablet records that could not be filed, and the tablets whose
records wait: nothing a tablet sends is lost, volunteers never see the queue."""

import datetime
import io
import uuid

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from hypothesis import given

from seniors.models import Consent
from seniors.services import anonymise_senior
from tests.conftest import client_for
from tests.factories import SeniorFactory
from tests.security.test_fuzzing import FUZZ, assert_answered, assert_escaped, maybe, numbers, text
from tests.visits.test_sync import call_record, send, visit_record
from visits.models import Call, SyncReview, TabletOutbox, Visit
from visits.review import dismiss_review
from volunteers.models import Volunteer

pytestmark = [pytest.mark.django_db, pytest.mark.clock]

DAY = datetime.timedelta(days=1)


def days_ago(n: int) -> str:
    return (timezone.localdate() - n * DAY).isoformat()


@pytest.fixture
def kept(volunteer_a_client, senior_of_b, pair_a) -> SyncReview:
    """A visit volunteer A logged for pair B's senior: kept for the coordinators."""
    record = visit_record(senior_of_b, pair_a[1], note="Vue au marché", visited_on=days_ago(1))
    assert send(volunteer_a_client, record).json()["status"] == "queued"
    return SyncReview.objects.get()


def test_the_queue_lists_the_record_with_who_sent_it_and_the_dashboard_counts_it(coordinator_client, kept):
    page = coordinator_client.get(reverse("visits:review_list")).content.decode()
    assert "1 saisie à vérifier" in page
    assert "Le binôme de l’expéditeur ne suivait pas ce senior ce jour-là" in page
    assert "Amadou N&#x27;Diaye" in page or "Amadou N'Diaye" in page
    dashboard = coordinator_client.get(reverse("dashboard")).content.decode()
    assert "1 saisie de tablette à vérifier" in dashboard
    assert (
        reverse("visits:review_list") in coordinator_client.get(reverse("visits:call_list")).content.decode()
    )


def test_the_detail_shows_what_the_record_says(coordinator_client, kept):
    page = coordinator_client.get(reverse("visits:review_detail", args=[kept.pk])).content.decode()
    assert "Vue au marché" in page and "Note pour le coordinateur" in page


def test_a_resend_of_a_kept_record_is_kept_once(volunteer_a_client, senior_of_b, pair_a):
    record = call_record(senior_of_b)
    assert [send(volunteer_a_client, record).status_code for _ in range(3)] == [202, 202, 202]
    assert SyncReview.objects.count() == 1


def test_another_record_under_a_kept_identifier_is_kept_too(
    volunteer_a_client, volunteer_b, senior_of_b, pair_a
):
    first = call_record(senior_of_b, note="Appel de A")
    assert send(volunteer_a_client, first).json()["status"] == "queued"
    # Volunteer B sends, under the same identifier, a call for a senior B does not follow.
    other = SeniorFactory(first_name="Germaine")
    second = {**call_record(other, note="Appel de B"), "uuid": first["uuid"]}
    assert send(client_for(volunteer_b), second).json()["status"] == "queued"
    kept = {review.fields["note"]: review for review in SyncReview.objects.all()}
    assert set(kept) == {"Appel de A", "Appel de B"}
    assert str(kept["Appel de A"].uuid) == first["uuid"]
    assert kept["Appel de B"].reason == SyncReview.Reason.IDENTIFIER_TAKEN


def test_attaching_files_the_record_for_the_chosen_file_and_pair(
    coordinator_client, coordinator, kept, senior_of_a, pair_a, volunteer_a
):
    url = reverse("visits:review_detail", args=[kept.pk])
    response = coordinator_client.post(
        url, {"action": "attach", "senior": senior_of_a.pk, "pair": pair_a[1].pk}
    )
    assert response.status_code == 302
    visit = Visit.objects.get()
    assert (visit.senior, visit.pair, visit.recorded_by, visit.note, visit.uuid) == (
        senior_of_a,
        pair_a[1],
        volunteer_a,
        "Vue au marché",
        kept.uuid,
    )
    kept.refresh_from_db()
    assert (kept.state, kept.visit, kept.handled_by) == ("attached", visit, coordinator)
    assert kept.history.count() == 2
    # The tablet's resend now hears "stored".
    assert (
        send(
            client_for(volunteer_a), {"kind": "visit", "uuid": str(kept.uuid), "senior": 1, "fields": {}}
        ).status_code
        == 200
    )


def test_attaching_to_a_pair_the_sender_was_never_in_says_why_and_files_nothing(
    coordinator_client, kept, senior_of_b, pair_b
):
    url = reverse("visits:review_detail", args=[kept.pk])
    response = coordinator_client.post(
        url, {"action": "attach", "senior": senior_of_b.pk, "pair": pair_b[1].pk}
    )
    assert response.status_code == 200
    assert "n’a jamais fait partie de ce binôme" in response.content.decode()
    assert not Visit.objects.exists()
    assert SyncReview.objects.get().state == "pending"


def test_attaching_twice_files_the_record_once(coordinator_client, kept, senior_of_a, pair_a):
    url = reverse("visits:review_detail", args=[kept.pk])
    data = {"action": "attach", "senior": senior_of_a.pk, "pair": pair_a[1].pk}
    assert coordinator_client.post(url, data).status_code == 302
    second = coordinator_client.post(url, data)  # a double click, or Back and send again
    assert "Cette saisie a déjà été traitée." in second.content.decode()
    assert Visit.objects.count() == 1


def test_a_record_for_a_senior_who_objected_cannot_be_attached(coordinator_client, kept, senior_of_a, pair_a):
    Consent.objects.create(
        senior=senior_of_a,
        decision=Consent.Decision.OBJECTION,
        given_on=timezone.localdate(),
        channel=Consent.Channel.ORAL,
        collected_by="Claire",
    )
    url = reverse("visits:review_detail", args=[kept.pk])
    response = coordinator_client.post(
        url, {"action": "attach", "senior": senior_of_a.pk, "pair": pair_a[1].pk}
    )
    assert "s’est opposé aux visites" in response.content.decode()
    assert not Visit.objects.exists()


def test_an_attached_call_without_its_tablet_time_is_dated_when_it_was_received(
    coordinator_client, volunteer_a_client, senior_of_a, senior_of_b, pair_a
):
    record = call_record(senior_of_b, outcome="reached")
    record["fields"].pop("logged_at", None)
    assert send(volunteer_a_client, record).json()["status"] == "queued"
    item = SyncReview.objects.get()
    SyncReview.objects.filter(pk=item.pk).update(received_at=timezone.now() - datetime.timedelta(hours=3))
    url = reverse("visits:review_detail", args=[item.pk])
    assert (
        coordinator_client.post(
            url, {"action": "attach", "senior": senior_of_a.pk, "pair": pair_a[1].pk}
        ).status_code
        == 302
    )
    assert Call.objects.get().called_at == timezone.now() - datetime.timedelta(hours=3)


def test_dismissing_needs_a_reason_and_is_kept_in_the_history(coordinator_client, kept):
    url = reverse("visits:review_detail", args=[kept.pk])
    assert coordinator_client.post(url, {"action": "dismiss", "reason": " "}).status_code == 200
    assert SyncReview.objects.get().state == "pending"
    assert (
        coordinator_client.post(url, {"action": "dismiss", "reason": "Doublon d’un appel"}).status_code == 302
    )
    kept.refresh_from_db()
    assert (kept.state, kept.dismiss_reason) == ("dismissed", "Doublon d’un appel")
    page = coordinator_client.get(url).content.decode()
    assert "Écartée" in page and "Doublon d’un appel" in page
    assert coordinator_client.post(url, {"action": "dismiss", "reason": "encore"}).status_code == 200
    assert (
        "Cette saisie a déjà été traitée."
        in coordinator_client.post(url, {"action": "dismiss", "reason": "encore"}).content.decode()
    )


def test_retention_removes_handled_records_after_their_period_never_waiting_ones(settings, coordinator, kept):
    settings.RETENTION_TABLET_REVIEW_MONTHS = 6
    waiting = SyncReview.objects.create(
        uuid=uuid.uuid4(),
        kind="call",
        sent_by=kept.sent_by,
        received_at=timezone.now() - 400 * DAY,
        senior_number=kept.senior_number,
        fields={"note": "Toujours en attente"},
        reason=kept.reason,
    )
    dismiss_review(kept, by=coordinator, reason="Doublon")
    SyncReview.objects.filter(pk=kept.pk).update(handled_at=timezone.now() - 200 * DAY)
    out = io.StringIO()
    call_command("apply_retention", "--dry-run", stdout=out)
    assert "1 saisie de tablette traitée avant le" in out.getvalue()
    assert SyncReview.objects.count() == 2
    call_command("apply_retention", stdout=io.StringIO())
    assert list(SyncReview.objects.all()) == [waiting]
    assert not SyncReview.history.filter(id=kept.pk).exists()  # what it said goes with it


def test_volunteers_never_see_the_queue(volunteer_a_client, kept):
    assert volunteer_a_client.get(reverse("visits:review_list")).status_code == 403
    assert volunteer_a_client.get(reverse("visits:review_detail", args=[kept.pk])).status_code == 403


def pause(user, on: datetime.date) -> None:
    volunteer = Volunteer.objects.get(user=user)
    volunteer.change_status(Volunteer.Status.PAUSED, reason="Opération", by=None, on=on)


def test_a_volunteer_paused_since_still_files_what_they_logged_while_active(
    volunteer_a_client, volunteer_a, senior_of_a, pair_a
):
    pause(volunteer_a, timezone.localdate() - 2 * DAY)
    record = visit_record(senior_of_a, pair_a[1], visited_on=days_ago(4))
    assert send(volunteer_a_client, record).status_code == 201
    assert Visit.objects.get().pair == pair_a[1]


def test_a_record_dated_after_the_volunteer_paused_is_kept_for_the_coordinators(
    volunteer_a_client, volunteer_a, senior_of_a, pair_a
):
    pause(volunteer_a, timezone.localdate() - 2 * DAY)
    response = send(volunteer_a_client, call_record(senior_of_a))
    assert response.json()["status"] == "queued"
    assert not Call.objects.exists()
    assert SyncReview.objects.get().reason == "inactive"


def test_invalid_answers_are_refused_not_queued_even_for_a_senior_not_followed(
    volunteer_a_client, senior_of_b, pair_a
):
    record = visit_record(senior_of_b, pair_a[1], urgent="on", urgent_description="")
    assert send(volunteer_a_client, record).status_code == 422
    assert not SyncReview.objects.exists()


def outbox_cookie(user, waiting: int, since: datetime.datetime) -> str:
    return f"{user.pk}.{waiting}.{int(since.timestamp())}"


def test_each_tablet_request_reports_what_waits_and_the_coordinator_sees_tablets_late_by_3_days(
    volunteer_a, volunteer_b, coordinator_client
):
    four_days_ago = timezone.now() - 4 * DAY
    late, recent = client_for(volunteer_a), client_for(volunteer_b)
    late.cookies["ccas_outbox"] = outbox_cookie(volunteer_a, 3, four_days_ago)
    recent.cookies["ccas_outbox"] = outbox_cookie(volunteer_b, 1, timezone.now() - DAY)
    late.get(reverse("visits:my_seniors"))
    recent.get(reverse("visits:my_seniors"))
    outbox = TabletOutbox.objects.get(user=volunteer_a)
    assert (outbox.waiting, int(outbox.waiting_since.timestamp())) == (3, int(four_days_ago.timestamp()))
    page = coordinator_client.get(reverse("visits:review_list")).content.decode()
    table = page.split('id="late-tablets"')[1].split("</table>")[0]
    assert escape(str(volunteer_a.volunteer)) in table and escape(str(volunteer_b.volunteer)) not in table
    dashboard = coordinator_client.get(reverse("dashboard")).content.decode()
    assert "1 tablette avec des saisies en attente depuis plus de 3 jours" in dashboard
    # Once sent, the next request says nothing waits any more.
    late.cookies["ccas_outbox"] = f"{volunteer_a.pk}.0.0"
    late.get(reverse("visits:my_seniors"))
    assert "1 tablette" not in coordinator_client.get(reverse("dashboard")).content.decode()


@pytest.mark.parametrize(
    "value", ["", "abc", "1.2", "x.1.1", "1.-1.5", "1.99999999.5", "1.1.99999999999999999"]
)
def test_a_garbled_outbox_cookie_is_ignored(volunteer_a, value):
    client = client_for(volunteer_a)
    client.cookies["ccas_outbox"] = value
    assert client.get(reverse("visits:my_seniors")).status_code == 200
    assert not TabletOutbox.objects.exists()


def test_an_outbox_cookie_left_by_another_volunteer_is_ignored(volunteer_a, volunteer_b):
    client = client_for(volunteer_a)
    client.cookies["ccas_outbox"] = outbox_cookie(volunteer_b, 2, timezone.now())
    client.get(reverse("visits:my_seniors"))
    assert not TabletOutbox.objects.exists()


@FUZZ
@given(action=maybe("dismiss", text), reason=text, senior=numbers, pair=numbers)
def test_the_review_page_survives_hostile_input(coordinator_client, kept, action, reason, senior, pair):
    url = reverse("visits:review_detail", args=[kept.pk])
    before = SyncReview.objects.get(pk=kept.pk).state
    post = {"action": action, "reason": reason, "senior": senior, "pair": pair}
    response = coordinator_client.post(url, post)
    page = assert_answered(response)
    if response.status_code == 302:
        page = coordinator_client.get(url).content.decode()
    else:
        assert SyncReview.objects.get(pk=kept.pk).state == before
    assert_escaped(page)


def test_anonymising_the_senior_erases_what_the_kept_record_says(kept, senior_of_b):
    anonymise_senior(senior_of_b)
    kept.refresh_from_db()
    assert kept.fields == {}
    assert not SyncReview.history.filter(senior_id=senior_of_b.pk).exists()
