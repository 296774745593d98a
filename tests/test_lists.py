"""List pages, built one way: the shared filter bar, the shared pager keeping the filters,
and an invalid filter that selects nothing (on the page as in its export) and says why."""

import datetime

import pytest
from django.urls import reverse

from seniors.models import Senior
from tests.factories import ActivityFactory, CallFactory, SeniorFactory, VisitFactory, VolunteerFactory
from visits.models import Call, Proposal
from volunteers.models import Meeting

pytestmark = pytest.mark.django_db


def test_the_next_page_of_the_seniors_list_keeps_the_filters(coordinator_client):
    for number in range(26):  # one more than a page
        SeniorFactory(last_name=f"Suivi {number:02}", status=Senior.Status.FOLLOWED)
    SeniorFactory(last_name="Refus", status=Senior.Status.DECLINED)
    page = coordinator_client.get(reverse("seniors:senior_list"), {"status": "followed"}).content.decode()
    assert "Page 1 sur 2" in page
    assert 'href="?status=followed&amp;page=2"' in page
    second = coordinator_client.get(reverse("seniors:senior_list"), {"status": "followed", "page": "2"})
    assert [senior.last_name for senior in second.context["object_list"]] == ["Suivi 25"]


def test_the_next_page_of_the_calls_list_keeps_the_filters(coordinator_client):
    senior = SeniorFactory()
    for _ in range(51):  # one more than a page
        CallFactory(senior=senior)
    CallFactory(senior=senior, outcome=Call.Outcome.NO_ANSWER)
    page = coordinator_client.get(reverse("visits:call_list"), {"outcome": "reached"}).content.decode()
    assert "51 appels" in page and "Page 1 sur 2" in page
    assert 'href="?outcome=reached&amp;page=2"' in page


@pytest.mark.parametrize(
    ("list_url", "field"),
    [
        ("seniors:senior_list", "no_contact_days"),
        ("volunteers:volunteer_list", "neighbourhood"),
        ("visits:visit_list", "date_to"),
        ("visits:proposal_list", "date_from"),
        ("volunteers:meeting_list", "kind"),
    ],
)
def test_an_invalid_filter_selects_nothing_and_the_filter_bar_says_why(coordinator_client, list_url, field):
    VolunteerFactory()
    VisitFactory()
    Proposal.objects.create(senior=SeniorFactory(), activity=ActivityFactory())
    Meeting.objects.create(kind="meeting", title="Réunion", held_on=datetime.date(2025, 2, 1))
    assert list(coordinator_client.get(reverse(list_url)).context["object_list"])
    response = coordinator_client.get(reverse(list_url), {field: "pas ça"})
    assert response.status_code == 200
    assert list(response.context["object_list"]) == []
    page = response.content.decode()
    assert 'role="search"' in page and "is-invalid" in page and "invalid-feedback" in page


def test_every_filtered_list_uses_the_same_filter_bar(coordinator_client):
    for name in [
        "seniors:senior_list",
        "volunteers:volunteer_list",
        "volunteers:meeting_list",
        "visits:call_list",
        "visits:visit_list",
        "visits:proposal_list",
        "visits:alert_list",
    ]:
        url = reverse(name)
        page = coordinator_client.get(url).content.decode()
        assert f'<form method="get" action="{url}" class="card card-body mb-3" role="search"' in page, name
        assert f'href="{url}">Réinitialiser</a>' in page, name


@pytest.mark.parametrize(("asked", "shown"), [("9", "Suivi 25"), ("pas un nombre", "Suivi 00")])
def test_a_page_number_past_the_end_or_not_a_number_shows_the_last_or_first_page(
    coordinator_client, asked, shown
):
    for number in range(26):  # two pages
        SeniorFactory(last_name=f"Suivi {number:02}")
    response = coordinator_client.get(reverse("seniors:senior_list"), {"page": asked})
    assert response.status_code == 200
    assert response.context["object_list"][0].last_name == shown


@pytest.mark.parametrize("list_url", ["visits:campaign_list", "visits:report_list", "seniors:partner_list"])
def test_every_list_opens_on_a_page_number_past_the_end(coordinator_client, list_url):
    assert coordinator_client.get(reverse(list_url), {"page": "999"}).status_code == 200
