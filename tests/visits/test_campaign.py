"""Heatwave / cold-weather call campaigns: who is called, how the lists are split, how the
calls move the counts, and closing."""

import datetime

import pytest
from django.urls import reverse

from seniors.models import RegisterEntry, Senior
from tests.factories import PairFactory, SeniorFactory
from visits.models import Call, Campaign, CampaignEntry
from visits.services import (
    campaign_candidates,
    close_campaign,
    open_campaign,
    record_campaign_call,
    split_into_lists,
)

pytestmark = [pytest.mark.django_db, pytest.mark.clock]


def registered(**senior_fields) -> Senior:
    senior = SeniorFactory(**senior_fields)
    RegisterEntry.objects.create(
        senior=senior,
        basis=RegisterEntry.Basis.AGE_65,
        requested_by=RegisterEntry.RequestedBy.SELF,
        registered_on=datetime.date(2024, 6, 1),
    )
    return senior


def test_candidates_are_the_register_minus_objectors_leavers_and_closed_files():
    kept = registered(pair=None)
    objector = registered(pair=None)
    RegisterEntry.objects.filter(senior=objector).update(objected_on=datetime.date(2024, 7, 1))
    leaver = registered(pair=None)
    RegisterEntry.objects.filter(senior=leaver).update(left_on=datetime.date(2024, 7, 1))
    registered(status=Senior.Status.CLOSED, closed_reason=Senior.ClosedReason.MOVED)
    SeniorFactory()  # followed but not on the register: not called by default
    assert list(campaign_candidates()) == [kept]


def test_each_pair_gets_its_own_seniors_first_and_the_others_balance_the_lists():
    big, small, empty = PairFactory(name="A"), PairFactory(name="B"), PairFactory(name="C")
    own_big = [SeniorFactory(pair=big) for _ in range(3)]
    own_small = [SeniorFactory(pair=small)]
    unpaired = [SeniorFactory(pair=None) for _ in range(4)]
    lists = split_into_lists(own_big + own_small + unpaired, [big, small, empty])
    assert all(lists[s.pk] == big for s in own_big)
    assert lists[own_small[0].pk] == small
    sizes = {pair.name: list(lists.values()).count(pair) for pair in (big, small, empty)}
    assert sizes == {"A": 3, "B": 3, "C": 2}


def test_seniors_of_an_ended_pair_are_spread_like_unpaired_ones():
    ended = PairFactory(ended_on=datetime.date(2024, 3, 1))
    active = PairFactory()
    senior = SeniorFactory(pair=ended)
    assert split_into_lists([senior], [active]) == {senior.pk: active}


def test_unpaired_seniors_can_go_to_the_staff_list():
    pair = PairFactory()
    own, unpaired = SeniorFactory(pair=pair), SeniorFactory(pair=None)
    lists = split_into_lists([own, unpaired], [pair], spread_unpaired=False)
    assert lists == {own.pk: pair, unpaired.pk: None}


def test_opening_a_campaign_from_the_page_uses_the_register_by_default(coordinator_client, coordinator):
    pair = PairFactory()
    mine, other = registered(pair=pair), registered(pair=None)
    objector = registered(pair=None)
    RegisterEntry.objects.filter(senior=objector).update(objected_on=datetime.date(2024, 7, 1))
    form = coordinator_client.get(reverse("visits:campaign_create")).context["form"]
    assert set(form.initial["seniors"]) == {mine.pk, other.pk}
    response = coordinator_client.post(
        reverse("visits:campaign_create"),
        {
            "name": "Canicule juillet",
            "kind": "heatwave",
            "seniors": [mine.pk, other.pk],
            "spread_unpaired": "",
        },
    )
    campaign = Campaign.objects.get()
    assert response["Location"] == reverse("visits:campaign_detail", args=[campaign.pk])
    assert campaign.opened_by == coordinator
    assert dict(campaign.entries.values_list("senior", "pair")) == {mine.pk: pair.pk, other.pk: None}


def test_an_objector_cannot_be_forced_into_a_campaign(coordinator_client):
    objector = registered(pair=None)
    RegisterEntry.objects.filter(senior=objector).update(objected_on=datetime.date(2024, 7, 1))
    response = coordinator_client.post(
        reverse("visits:campaign_create"), {"name": "Grand froid", "kind": "cold", "seniors": [objector.pk]}
    )
    assert response.status_code == 200 and Campaign.objects.count() == 0


def test_opening_without_seniors_is_refused_in_french(coordinator_client):
    response = coordinator_client.post(reverse("visits:campaign_create"), {"name": "Vide", "kind": "cold"})
    assert "Choisissez au moins un senior à appeler." in response.content.decode()
    assert Campaign.objects.count() == 0


def test_a_campaign_call_counts_as_a_call_and_moves_the_counts(coordinator_client, coordinator, pair_a):
    senior = registered(pair=pair_a[1])
    campaign = open_campaign(name="Canicule", kind="heatwave", seniors=[senior], by=coordinator)
    entry = campaign.entries.get()
    counts_url = reverse("visits:campaign_counts", args=[campaign.pk])
    before = coordinator_client.get(counts_url).content.decode()
    assert 'data-count="to_call">1<' in before
    response = coordinator_client.post(
        reverse("visits:campaign_entry_call", args=[entry.pk]), {"state": "needs_help", "note": "Plus d'eau"}
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.state == CampaignEntry.State.NEEDS_HELP and entry.note == "Plus d'eau"
    call = Call.objects.get()
    assert (call.campaign, call.pair, call.outcome) == (campaign, pair_a[1], Call.Outcome.REACHED)
    after = coordinator_client.get(counts_url).content.decode()
    assert 'data-count="to_call">0<' in after and 'data-count="needs_help">1<' in after


def test_not_reached_is_logged_as_no_answer_to_escalate(coordinator):
    senior = registered(pair=None)
    campaign = open_campaign(name="Canicule", kind="heatwave", seniors=[senior], by=coordinator)
    record_campaign_call(campaign.entries.get(), by=coordinator, state=CampaignEntry.State.NOT_REACHED)
    assert Call.objects.get().outcome == Call.Outcome.NO_ANSWER


def test_a_result_is_required_in_french(coordinator_client, coordinator):
    campaign = open_campaign(name="Canicule", kind="heatwave", seniors=[registered()], by=coordinator)
    entry = campaign.entries.get()
    response = coordinator_client.post(reverse("visits:campaign_entry_call", args=[entry.pk]), {"note": "x"})
    assert "Choisissez le résultat de l’appel." in response.content.decode()
    assert Call.objects.count() == 0


def test_a_closed_campaign_takes_no_more_calls(coordinator_client, coordinator):
    campaign = open_campaign(name="Canicule", kind="heatwave", seniors=[registered()], by=coordinator)
    response = coordinator_client.post(reverse("visits:campaign_close", args=[campaign.pk]))
    assert response.status_code == 302
    campaign.refresh_from_db()
    assert campaign.closed_at is not None
    entry = campaign.entries.get()
    response = coordinator_client.post(
        reverse("visits:campaign_entry_call", args=[entry.pk]), {"state": "fine"}
    )
    assert "Cette campagne est close." in response.content.decode()
    assert Call.objects.count() == 0
    closed_at = campaign.closed_at
    close_campaign(campaign, by=coordinator)
    assert campaign.closed_at == closed_at


def test_the_counts_poll_only_while_the_campaign_is_open(coordinator_client, coordinator):
    campaign = open_campaign(name="Canicule", kind="heatwave", seniors=[registered()], by=coordinator)
    page = coordinator_client.get(reverse("visits:campaign_detail", args=[campaign.pk])).content.decode()
    assert 'hx-trigger="every 30s"' in page
    close_campaign(campaign, by=coordinator)
    page = coordinator_client.get(reverse("visits:campaign_detail", args=[campaign.pk])).content.decode()
    assert 'hx-trigger="every 30s"' not in page


@pytest.mark.parametrize("rows", [1, 50])
def test_campaign_pages_query_counts_do_not_grow(
    coordinator_client, coordinator, django_assert_num_queries, rows
):
    pairs = [PairFactory() for _ in range(3)]
    seniors = [registered(pair=pairs[i % 3] if i % 2 else None) for i in range(rows)]
    campaign = open_campaign(name="Canicule", kind="heatwave", seniors=seniors, by=coordinator)
    # Session, user, groups; the campaign; the entries with senior and pair members joined;
    # the counts by state (one aggregate).
    with django_assert_num_queries(6):
        response = coordinator_client.get(reverse("visits:campaign_detail", args=[campaign.pk]))
    assert sum(len(group["entries"]) for group in response.context["lists"]) == rows
    # Session, user, groups; COUNT; the page of campaigns with their counts.
    with django_assert_num_queries(5):
        coordinator_client.get(reverse("visits:campaign_list"))
    # Session, user, groups; the campaign; the seniors found, each marked if already listed.
    with django_assert_num_queries(5):
        found = coordinator_client.get(reverse("visits:campaign_add", args=[campaign.pk]), {"q": "a"})
    assert len(found.context["seniors"]) == min(rows, 20)


def test_a_senior_is_added_to_an_open_campaign_on_their_pair_or_the_shortest_list(
    coordinator_client, coordinator
):
    busy, quiet = PairFactory(name="A"), PairFactory(name="B")
    campaign = open_campaign(
        name="Canicule", kind="heatwave", seniors=[SeniorFactory(pair=busy) for _ in range(2)], by=coordinator
    )
    url = reverse("visits:campaign_add", args=[campaign.pk])
    followed = SeniorFactory(pair=busy, last_name="Lefèvre")
    newcomer = SeniorFactory(pair=None, last_name="Lenoir")
    page = coordinator_client.get(url, {"q": "lefevre"}).content.decode()
    assert "Lefèvre" in page and "Lenoir" not in page

    response = coordinator_client.post(url, {"senior": followed.pk})
    assert response["Location"].endswith(f"#list-{busy.pk}")
    coordinator_client.post(url, {"senior": newcomer.pk})
    assert CampaignEntry.objects.get(senior=followed).pair == busy  # their own pair
    assert CampaignEntry.objects.get(senior=newcomer).pair == quiet  # the shortest list

    again = coordinator_client.post(url, {"senior": followed.pk}, follow=True)
    assert "est déjà sur les listes de cette campagne" in again.content.decode()
    assert campaign.entries.count() == 4
    assert "Déjà sur les listes" in coordinator_client.get(url, {"q": "lefevre"}).content.decode()


def test_a_senior_is_moved_to_another_list_or_to_the_staff_list(coordinator_client, coordinator):
    first, second = PairFactory(name="A"), PairFactory(name="B")
    senior = SeniorFactory(pair=first)
    campaign = open_campaign(name="Grand froid", kind="cold", seniors=[senior], by=coordinator)
    entry = campaign.entries.get()
    url = reverse("visits:campaign_entry_move", args=[entry.pk])
    assert (
        'name="pair"'
        in coordinator_client.get(reverse("visits:campaign_entry_call", args=[entry.pk])).content.decode()
    )

    assert coordinator_client.post(url, {"pair": second.pk})["Location"].endswith(f"#list-{second.pk}")
    entry.refresh_from_db()
    assert entry.pair == second
    coordinator_client.post(url, {"pair": ""})
    entry.refresh_from_db()
    assert entry.pair is None
    ended = PairFactory(ended_on=datetime.date(2024, 3, 1))
    refused = coordinator_client.post(url, {"pair": ended.pk}, follow=True)
    assert "Sélectionnez un choix valide" in refused.content.decode()
    entry.refresh_from_db()
    assert entry.pair is None


def test_a_closed_campaigns_lists_cannot_change(coordinator_client, coordinator):
    pair = PairFactory()
    campaign = open_campaign(
        name="Canicule", kind="heatwave", seniors=[SeniorFactory(pair=pair)], by=coordinator
    )
    close_campaign(campaign, by=coordinator)
    entry = campaign.entries.get()
    moved = coordinator_client.post(
        reverse("visits:campaign_entry_move", args=[entry.pk]), {"pair": ""}, follow=True
    )
    assert "Cette campagne est close." in moved.content.decode()
    added = coordinator_client.post(
        reverse("visits:campaign_add", args=[campaign.pk]), {"senior": SeniorFactory().pk}, follow=True
    )
    assert "Cette campagne est close." in added.content.decode()
    assert campaign.entries.count() == 1 and campaign.entries.get().pair == pair
