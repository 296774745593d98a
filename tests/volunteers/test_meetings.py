import datetime

import pytest
from django.urls import reverse

from tests.factories import VolunteerFactory
from volunteers.models import Meeting

pytestmark = pytest.mark.django_db


def test_coordinator_creates_an_annual_seminar(coordinator_client):
    response = coordinator_client.post(
        reverse("volunteers:meeting_create"),
        {"kind": "seminar", "title": "Séminaire annuel", "held_on": "2025-01-20", "place": "CCAS"},
    )
    meeting = Meeting.objects.get()
    assert response["Location"] == reverse("volunteers:meeting_detail", args=[meeting.pk])


def test_attendance_is_recorded_with_checkboxes(coordinator_client):
    meeting = Meeting.objects.create(kind="practice_analysis", title="APP", held_on=datetime.date(2025, 2, 1))
    first, second = VolunteerFactory(), VolunteerFactory()
    url = reverse("volunteers:meeting_attendance", args=[meeting.pk])
    coordinator_client.post(url, {"volunteers": [first.pk, second.pk]})
    assert set(meeting.attendees.all()) == {first, second}
    coordinator_client.post(url, {"volunteers": [second.pk]})
    assert list(meeting.attendees.all()) == [second]


def test_attending_the_initial_training_completes_onboarding(coordinator_client):
    meeting = Meeting.objects.create(
        kind="initial_training", title="Formation", held_on=datetime.date(2025, 2, 1)
    )
    newcomer = VolunteerFactory(initial_training_on=None)
    coordinator_client.post(
        reverse("volunteers:meeting_attendance", args=[meeting.pk]), {"volunteers": [newcomer.pk]}
    )
    newcomer.refresh_from_db()
    assert newcomer.initial_training_on == datetime.date(2025, 2, 1)


def test_attendance_is_post_only_and_for_coordinators(coordinator_client, volunteer_a_client):
    meeting = Meeting.objects.create(kind="meeting", title="Réunion", held_on=datetime.date(2025, 2, 1))
    url = reverse("volunteers:meeting_attendance", args=[meeting.pk])
    assert coordinator_client.get(url).status_code == 405
    assert volunteer_a_client.post(url, {}).status_code == 403


def test_meeting_list_query_count_is_the_same_for_1_and_50_meetings(
    coordinator_client, django_assert_num_queries
):
    url = reverse("volunteers:meeting_list")
    Meeting.objects.create(kind="meeting", title="R", held_on=datetime.date(2025, 2, 1))
    # session, user, user's groups (role), count, page of meetings with attendance counts.
    with django_assert_num_queries(5):
        coordinator_client.get(url)
    Meeting.objects.bulk_create(
        [Meeting(kind="meeting", title=f"R{n}", held_on=datetime.date(2025, 2, 1)) for n in range(49)]
    )
    with django_assert_num_queries(5):
        response = coordinator_client.get(url)
    assert response.context["page_obj"].paginator.count == 50
