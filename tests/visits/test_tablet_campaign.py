"""The heatwave and cold-weather plan on the tablets: each pair finds its own seniors' lines of
an open campaign on its home, and logs each result in a few taps, offline like every record:
stored once, moving the senior's line, "needs help" raising an alert, and never lost because
the list moved or the campaign closed before the tablet synced."""

import uuid

import pytest
from django.urls import reverse

from tests.conftest import client_for
from tests.factories import SeniorFactory
from tests.visits.test_campaign import registered
from tests.visits.test_sync import send
from visits.models import Alert, Call, CampaignEntry
from visits.services import close_campaign, open_campaign

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign(coordinator, pair_a, senior_of_a):
    """A heatwave campaign: Lucienne (followed by pair A, living alone), Marcel (followed by
    pair A too) and Odette, only on the register, whom the split also gives to pair A."""
    SeniorFactory(pair=pair_a[1], first_name="Marcel", last_name="Caron", living_situation="couple")
    senior_of_a.living_situation = "alone"
    senior_of_a.save()
    odette = registered(pair=None, first_name="Odette", last_name="Masson")
    seniors = [*pair_a[1].seniors.all(), odette]
    return open_campaign(name="Canicule juillet", kind="heatwave", seniors=seniors, by=coordinator)


def campaign_record(senior, campaign, **fields) -> dict:
    return {
        "kind": "campaign",
        "uuid": str(uuid.uuid4()),
        "senior": senior.pk,
        "fields": {"campaign": str(campaign.pk), "result": "fine", "note": "", **fields},
    }


def test_the_pair_finds_its_own_seniors_list_first_who_lives_alone(volunteer_a_client, campaign):
    assert CampaignEntry.objects.filter(pair__isnull=False).count() == 3  # Odette went to pair A
    page = volunteer_a_client.get(reverse("visits:my_seniors"))
    content = page.content.decode()
    assert "Canicule juillet — 2 personnes à appeler" in content
    assert "Odette" not in content  # the register is the staff's, not the pairs'
    assert content.index("Lefèvre-Dupré") < content.index("Marcel Caron")  # lives alone: first
    lucienne = campaign.entries.get(senior__first_name="Lucienne").senior
    page_url = reverse("visits:log_campaign_call", args=[lucienne.pk, campaign.pk])
    assert page_url in content  # kept for offline use and linked
    assert volunteer_a_client.get(page_url).status_code == 200


def test_a_result_sent_twice_is_one_call_and_moves_the_line(volunteer_a_client, campaign, pair_a):
    lucienne = campaign.entries.get(senior__first_name="Lucienne").senior
    record = campaign_record(lucienne, campaign, duration_minutes="10")
    first, again = send(volunteer_a_client, record), send(volunteer_a_client, record)
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["record"]["kind"] == "campaign"
    call = Call.objects.get()
    assert (call.campaign, call.pair, call.outcome, call.duration_minutes) == (
        campaign,
        pair_a[1],
        "reached",
        10,
    )
    assert campaign.entries.get(senior=lucienne).state == "fine"
    page = volunteer_a_client.get(reverse("visits:my_seniors")).content.decode()
    assert "Canicule juillet — 1 personne à appeler" in page


def test_needs_help_says_what_and_raises_an_alert(volunteer_a_client, campaign):
    lucienne = campaign.entries.get(senior__first_name="Lucienne").senior
    refused = send(volunteer_a_client, campaign_record(lucienne, campaign, result="needs_help"))
    assert refused.status_code == 422
    assert refused.json()["errors"]["help_needed"] == [
        "De quelle aide la personne a-t-elle besoin\u00a0? : "
        "Dites en quelques mots de quelle aide la personne a besoin."
    ]
    assert not Call.objects.exists()
    stored = send(
        volunteer_a_client, campaign_record(lucienne, campaign, result="needs_help", help_needed="Plus d’eau")
    )
    assert stored.status_code == 201
    alert = Alert.objects.get()
    assert (alert.kind, alert.description, alert.call.campaign) == ("other", "Plus d’eau", campaign)
    assert campaign.entries.get(senior=lucienne).state == "needs_help"


def test_not_reached_goes_to_the_coordinators(volunteer_a_client, campaign):
    lucienne = campaign.entries.get(senior__first_name="Lucienne").senior
    send(volunteer_a_client, campaign_record(lucienne, campaign, result="not_reached"))
    assert campaign.entries.get(senior=lucienne).state == "not_reached"
    assert list(Alert.objects.values_list("kind", flat=True)) == ["not_reached"]
    assert Call.objects.get().outcome == "no_answer"


def test_a_call_made_before_the_list_moved_or_the_campaign_closed_is_kept(
    volunteer_a_client, campaign, coordinator, pair_a
):
    lucienne = campaign.entries.get(senior__first_name="Lucienne").senior
    marcel = campaign.entries.get(senior__first_name="Marcel").senior
    campaign.entries.filter(senior=lucienne).update(pair=None)  # moved to the staff's list
    assert send(volunteer_a_client, campaign_record(lucienne, campaign)).status_code == 201
    assert campaign.entries.get(senior=lucienne).state == "fine"
    assert Call.objects.get(senior=lucienne).pair == pair_a[1]  # counts for the pair that called
    close_campaign(campaign, by=coordinator)
    late = send(
        volunteer_a_client, campaign_record(marcel, campaign, result="needs_help", help_needed="Courses")
    )
    assert late.status_code == 201
    call = Call.objects.get(senior=marcel)
    assert (call.campaign, call.outcome, call.alerts.get().description) == (campaign, "reached", "Courses")
    assert campaign.entries.get(senior=marcel).state == "to_call"  # a closed campaign's lists stay


def test_another_pairs_line_and_a_closed_campaign_answer_as_missing(
    volunteer_a_client, volunteer_b, campaign, coordinator
):
    lucienne = campaign.entries.get(senior__first_name="Lucienne").senior
    url = reverse("visits:log_campaign_call", args=[lucienne.pk, campaign.pk])
    assert client_for(volunteer_b).get(url).status_code == 404
    assert (
        volunteer_a_client.get(reverse("visits:log_campaign_call", args=[lucienne.pk, 999])).status_code
        == 404
    )
    close_campaign(campaign, by=coordinator)
    assert volunteer_a_client.get(url).status_code == 404
    assert "Canicule" not in volunteer_a_client.get(reverse("visits:my_seniors")).content.decode()


def test_the_page_posted_without_the_script_logs_the_call(volunteer_a_client, campaign):
    lucienne = campaign.entries.get(senior__first_name="Lucienne").senior
    url = reverse("visits:log_campaign_call", args=[lucienne.pk, campaign.pk])
    data = {"uuid": str(uuid.uuid4()), "campaign": str(campaign.pk), "result": "fine", "note": ""}
    response = volunteer_a_client.post(url, data)
    assert response.status_code == 302 and response["Location"] == reverse("visits:my_seniors")
    assert campaign.entries.get(senior=lucienne).state == "fine"
