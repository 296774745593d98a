"""Who may open the coordinators' follow-up pages: anonymous → login, other roles → 403,
unknown ids → 404, coordinators → the page."""

import pytest
from django.urls import reverse

from tests.conftest import client_for
from tests.factories import ActivityFactory, AlertFactory, CallFactory, SeniorFactory, VisitFactory
from visits.models import ActivitySession, Campaign, CampaignEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(pair_a, senior_of_a, coordinator):
    from django.utils import timezone

    activity = ActivityFactory()
    session = ActivitySession.objects.create(activity=activity, starts_at=timezone.now())
    campaign = Campaign.objects.create(name="Canicule", kind=Campaign.Kind.HEATWAVE)
    entry = CampaignEntry.objects.create(campaign=campaign, senior=senior_of_a, pair=pair_a[1])
    return {
        "call": CallFactory(senior=senior_of_a).pk,
        "visit": VisitFactory(senior=senior_of_a, note="Tout va bien").pk,
        "alert": AlertFactory(senior=senior_of_a).pk,
        "activity": activity.pk,
        "session": session.pk,
        "campaign": campaign.pk,
        "entry": entry.pk,
        "senior": senior_of_a.pk,
    }


GET_PAGES = [
    ("visits:call_list", None),
    ("visits:call_create", None),
    ("visits:call_detail", "call"),
    ("visits:call_update", "call"),
    ("visits:visit_list", None),
    ("visits:visit_create", None),
    ("visits:visit_detail", "visit"),
    ("visits:visit_update", "visit"),
    ("visits:report_list", None),
    ("visits:overdue_list", None),
    ("visits:silent_pairs", None),
    ("visits:alert_list", None),
    ("visits:alert_detail", "alert"),
    ("visits:activity_list", None),
    ("visits:activity_create", None),
    ("visits:activity_detail", "activity"),
    ("visits:activity_update", "activity"),
    ("visits:session_create", "activity"),
    ("visits:proposal_create", "activity"),
    ("visits:session_detail", "session"),
    ("visits:session_update", "session"),
    ("visits:campaign_list", None),
    ("visits:campaign_create", None),
    ("visits:campaign_detail", "campaign"),
    ("visits:campaign_counts", "campaign"),
    ("visits:campaign_entry_call", "entry"),
]

POST_ACTIONS = [
    ("visits:visit_mark_read", "visit"),
    ("visits:visit_reply", "visit"),
    ("visits:campaign_close", "campaign"),
]


def url_of(name: str, key: str | None, records: dict) -> str:
    return reverse(name, args=[records[key]] if key else [])


@pytest.mark.parametrize(("name", "key"), GET_PAGES + POST_ACTIONS)
def test_anonymous_is_sent_to_the_login_page(client, records, name, key):
    response = client.get(url_of(name, key, records))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(("name", "key"), GET_PAGES + POST_ACTIONS)
def test_volunteers_and_managers_are_refused(volunteer_a_client, manager_client, records, name, key):
    url = url_of(name, key, records)
    method = "post" if (name, key) in POST_ACTIONS else "get"
    assert getattr(volunteer_a_client, method)(url).status_code == 403
    assert getattr(manager_client, method)(url).status_code == 403


@pytest.mark.parametrize(("name", "key"), GET_PAGES)
def test_coordinators_open_every_page(coordinator_client, records, name, key):
    assert coordinator_client.get(url_of(name, key, records)).status_code == 200


@pytest.mark.parametrize(("name", "key"), [(n, k) for n, k in GET_PAGES + POST_ACTIONS if k])
def test_an_unknown_id_is_a_404(coordinator_client, records, name, key):
    method = "post" if (name, key) in POST_ACTIONS else "get"
    assert getattr(coordinator_client, method)(reverse(name, args=[999_999])).status_code == 404


@pytest.mark.parametrize("name", ["visits:call_create", "visits:visit_create"])
def test_an_unknown_or_malformed_senior_is_a_404(coordinator_client, name):
    assert coordinator_client.get(reverse(name) + "?senior=999999").status_code == 404
    assert coordinator_client.get(reverse(name) + "?senior=abc").status_code == 404


def test_an_anonymised_senior_is_still_visible_to_coordinators_but_a_closed_one_cannot_get_a_call(
    coordinator_client,
):
    closed = SeniorFactory(status="closed", closed_reason="moved")
    response = coordinator_client.get(reverse("visits:call_create") + f"?senior={closed.pk}")
    assert response.status_code == 404


def test_the_alert_mail_links_to_the_alert_page_not_the_admin(coordinator, senior_of_a):
    from visits.services import notify_coordinators

    coordinator.email = "claire@ccas.example"
    coordinator.save()
    alert = AlertFactory(senior=senior_of_a)
    from django.core import mail

    notify_coordinators(alert)
    assert reverse("visits:alert_detail", args=[alert.pk]) in mail.outbox[0].body
    assert "/admin/" not in mail.outbox[0].body
    assert client_for(coordinator).get(reverse("visits:alert_detail", args=[alert.pk])).status_code == 200
