import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from seniors.models import Assignment, Senior
from seniors.services import assign_pair, end_pair
from tests.factories import (
    CharterSignatureFactory,
    PairFactory,
    SeniorFactory,
    VisitFactory,
    VolunteerFactory,
)
from volunteers.models import Pair
from volunteers.services import form_pair

pytestmark = pytest.mark.django_db


def at_half_past_midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(0, 30)))


def onboarded(**kwargs):
    volunteer = VolunteerFactory(**kwargs)
    CharterSignatureFactory(volunteer=volunteer)
    return volunteer


def test_a_pair_of_two_onboarded_volunteers_is_formed(coordinator_client):
    first, second = onboarded(), onboarded()
    response = coordinator_client.post(
        reverse("volunteers:pair_create"),
        {
            "volunteer_a": first.pk,
            "volunteer_b": second.pk,
            "name": "Les Hortillons",
            "started_on": "2025-01-06",
        },
    )
    pair = Pair.objects.get(name="Les Hortillons")
    assert response["Location"] == reverse("volunteers:pair_detail", args=[pair.pk])


def test_onboarding_gate_refuses_a_volunteer_without_charter_or_training_and_says_why(coordinator_client):
    ready = onboarded()
    unsigned = VolunteerFactory(first_name="Marc", last_name="Sans", initial_training_on=None)
    response = coordinator_client.post(
        reverse("volunteers:pair_create"),
        {"volunteer_a": ready.pk, "volunteer_b": unsigned.pk, "started_on": "2025-01-06"},
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "Marc Sans n’a pas signé la charte du bénévole." in content
    assert "Marc Sans n’a pas suivi la formation initiale." in content
    assert not Pair.objects.exists()


def test_onboarding_gate_refuses_a_paused_volunteer(coordinator_client):
    paused = onboarded(first_name="Lise", last_name="Pause", status="paused")
    response = coordinator_client.post(
        reverse("volunteers:pair_create"),
        {"volunteer_a": onboarded().pk, "volunteer_b": paused.pk, "started_on": "2025-01-06"},
    )
    assert "Lise Pause n’est pas disponible (statut\u00a0: En pause)." in response.content.decode()
    assert not Pair.objects.exists()


def test_the_workflow_holds_the_gate_too():
    with pytest.raises(ValidationError):
        form_pair(
            volunteer_a=onboarded(), volunteer_b=VolunteerFactory(), started_on=datetime.date(2025, 1, 6)
        )
    assert not Pair.objects.exists()


def test_pair_list_query_count_is_the_same_for_1_and_50_pairs(coordinator_client, django_assert_num_queries):
    url = reverse("volunteers:pair_list")
    SeniorFactory(pair=PairFactory())
    # session, user, user's groups (role), count, page of pairs with members and caseload size.
    with django_assert_num_queries(5):
        assert coordinator_client.get(url).status_code == 200
    for pair in PairFactory.create_batch(49):
        SeniorFactory(pair=pair)
    with django_assert_num_queries(5):
        response = coordinator_client.get(url)
    assert response.context["page_obj"].paginator.count == 50


@pytest.mark.clock
def test_pair_page_shows_caseload_last_contact_and_next_planned_visit(coordinator_client, pair_a):
    pair = pair_a[1]
    today = timezone.localdate()
    visited = SeniorFactory(pair=pair, last_name="Lefèvre", visit_interval_days=14)
    # At 00:30 Paris, still the previous day in UTC: the page shows the Paris date.
    visited_on = today - datetime.timedelta(days=5)
    VisitFactory(senior=visited, visited_at=at_half_past_midnight(visited_on))
    planned = SeniorFactory(pair=pair, last_name="Martin")
    VisitFactory(
        senior=planned,
        visited_at=at_half_past_midnight(today - datetime.timedelta(days=4)),
        next_visit_on=today + datetime.timedelta(days=4),
    )
    content = coordinator_client.get(reverse("volunteers:pair_detail", args=[pair.pk])).content.decode()
    due = visited_on + datetime.timedelta(days=14)
    assert f"{visited_on:%d/%m/%Y}" in content and f"{due:%d/%m/%Y}" in content  # last contact + 14 days
    assert f"{today + datetime.timedelta(days=4):%d/%m/%Y}" in content  # the next visit the pair planned


def test_ending_a_pair_asks_where_each_senior_goes(coordinator_client, pair_a, pair_b, coordinator):
    pair = pair_a[1]
    first = SeniorFactory(pair=pair, last_name="Lefèvre")
    second = SeniorFactory(pair=pair, last_name="Martin")
    assign_pair(senior=first, pair=None, by=coordinator, on=datetime.date(2025, 1, 1))
    assign_pair(senior=first, pair=pair, by=coordinator, on=datetime.date(2025, 1, 1))
    url = reverse("seniors:pair_end", args=[pair.pk])
    data = {"ended_on": "2025-03-01", "reason": "Déménagement"}

    response = coordinator_client.post(url, data)
    assert response.status_code == 200
    assert "Ce champ est obligatoire." in response.content.decode()
    pair.refresh_from_db()
    assert pair.ended_on is None

    data |= {f"senior_{first.pk}": str(pair_b[1].pk), f"senior_{second.pk}": "waiting"}
    assert coordinator_client.post(url, data).status_code == 302
    pair.refresh_from_db()
    first.refresh_from_db()
    second.refresh_from_db()
    assert pair.ended_on == datetime.date(2025, 3, 1)
    assert first.pair == pair_b[1]
    assert second.pair is None
    assert second in Senior.objects.waiting_for_pair()
    old = Assignment.objects.get(senior=first, pair=pair)
    new = Assignment.objects.get(senior=first, pair=pair_b[1])
    assert (old.ended_on, new.started_on, new.ended_on) == (datetime.date(2025, 3, 1),) * 2 + (None,)


def test_ending_a_pair_in_the_workflow_without_a_destination_for_a_senior_changes_nothing(
    pair_a, coordinator
):
    pair = pair_a[1]
    SeniorFactory(pair=pair)
    with pytest.raises(ValidationError):
        end_pair(pair=pair, ended_on=datetime.date(2025, 3, 1), reason="x", destinations={}, by=coordinator)
    pair.refresh_from_db()
    assert pair.ended_on is None
    assert pair.seniors.count() == 1


def test_an_ended_pair_cannot_be_ended_again(coordinator_client):
    pair = PairFactory(ended_on=datetime.date(2025, 1, 1))
    response = coordinator_client.get(reverse("seniors:pair_end", args=[pair.pk]))
    assert response.status_code == 302


def test_a_pair_without_a_name_is_shown_by_its_members_names_with_its_number(coordinator_client):
    pair = PairFactory(
        name="",
        volunteer_a=VolunteerFactory(last_name="Martin"),
        volunteer_b=VolunteerFactory(last_name="Nguyen"),
    )
    assert str(pair) == f"Binôme Martin – Nguyen (n° {pair.number})"
    page = coordinator_client.get(reverse("volunteers:pair_list")).content.decode()
    assert f"Binôme Martin – Nguyen (n° {pair.number})" in page


def test_a_pair_with_a_nickname_is_still_shown_by_its_members_names():
    pair = PairFactory(
        name="Saint-Leu",
        volunteer_a=VolunteerFactory(last_name="Martin"),
        volunteer_b=VolunteerFactory(last_name="Nguyen"),
    )
    assert str(pair) == f"Binôme Martin – Nguyen « Saint-Leu » (n° {pair.number})"


def test_pairs_are_numbered_in_creation_order_and_keep_their_number_when_a_member_is_replaced():
    first, second = PairFactory(), PairFactory()
    assert second.number == first.number + 1
    newcomer = VolunteerFactory(last_name="Zidane")
    second.volunteer_b = newcomer
    second.save(update_fields=["volunteer_b"])
    second.refresh_from_db()
    assert second.number == first.number + 1
    assert str(second).startswith(f"Binôme {second.volunteer_a.last_name} – Zidane")
