"""Coordinators see, on a senior's file and a volunteer's page, who changed what and who opened the file."""

import datetime

import pytest
from django.urls import reverse
from django.utils.html import escape

from seniors.models import AccessLog
from seniors.services import log_access
from tests.factories import CallFactory, PairFactory, SeniorFactory, UserFactory, VolunteerFactory

pytestmark = pytest.mark.django_db


def edit(senior, user, **values):
    for name, value in values.items():
        setattr(senior, name, value)
    senior._history_user = user
    senior.save()


def test_the_senior_page_shows_who_changed_what_and_who_opened_the_file(
    coordinator_client, coordinator, pair_a, frozen_clock
):
    colleague = UserFactory(first_name="Paul", last_name="Moreau")
    senior = SeniorFactory(address="3 rue des Jacobins", pair=None, status="identified")
    edit(senior, colleague, address="12 rue Neuve")
    edit(senior, colleague, pair=pair_a[1], living_situation="couple")
    log_access(user=colleague, action=AccessLog.Action.VIEW_SENIOR, senior=senior)
    frozen_clock.shift(datetime.timedelta(minutes=5))  # the coordinator opens the file afterwards

    page = coordinator_client.get(reverse("seniors:senior_detail", args=[senior.pk])).content.decode()
    assert "Historique des modifications" in page and "Consultations du dossier" in page
    assert "Modifié le" in page and "par Paul Moreau" in page
    assert "<del>3 rue des Jacobins</del></td><td>12 rue Neuve</td>" in page
    assert f"<td>{escape(pair_a[1])}</td>" in page  # the pair by its members, not its id
    assert "En couple" in page or "couple" in page.lower()
    # The colleague's opening and the coordinator's own, newest first.
    accesses = page.split("Consultations du dossier", 1)[1]
    assert accesses.index(coordinator.get_full_name()) < accesses.index("Paul Moreau")


def test_only_the_last_20_changes_are_shown(coordinator_client, coordinator):
    senior = SeniorFactory(phone="0")
    for number in range(1, 26):
        edit(senior, coordinator, phone=f"06000000{number:02d}")
    page = coordinator_client.get(reverse("seniors:senior_detail", args=[senior.pk])).content.decode()
    assert page.count("Modifié le") == 20
    assert "06 00 00 00 25" in page and "<del>06 00 00 00 05</del>" in page
    assert "<del>06 00 00 00 04</del>" not in page and "Créé le" not in page


def test_stored_markup_is_shown_escaped_in_the_history(coordinator_client, coordinator):
    senior = SeniorFactory(access_notes="")
    edit(senior, coordinator, access_notes="<script>alert(1)</script>")
    page = coordinator_client.get(reverse("seniors:senior_detail", args=[senior.pk])).content.decode()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_the_volunteer_page_shows_its_history(coordinator_client, coordinator):
    volunteer = VolunteerFactory(phone="0611111111")
    volunteer.phone = "0622222222"
    volunteer._history_user = coordinator
    volunteer.save()
    page = coordinator_client.get(
        reverse("volunteers:volunteer_detail", args=[volunteer.pk])
    ).content.decode()
    assert "Historique des modifications" in page
    assert "<del>06 11 11 11 11</del></td><td>06 22 22 22 22</td>" in page


def test_the_pair_page_shows_its_history(coordinator_client, coordinator, pair_a):
    pair = pair_a[1]
    pair.end_reason = "Déménagement"
    pair._history_user = coordinator
    pair.save()
    page = coordinator_client.get(reverse("volunteers:pair_detail", args=[pair.pk])).content.decode()
    assert "Historique des modifications" in page and "<td>Déménagement</td>" in page


def test_a_file_created_without_history_still_opens(coordinator_client, senior_of_a):
    # Bulk imports and the demo data create records without history rows.
    senior_of_a.history.all().delete()
    response = coordinator_client.get(reverse("seniors:senior_detail", args=[senior_of_a.pk]))
    assert response.status_code == 200


def test_the_older_changes_are_one_link_away(coordinator_client, coordinator):
    senior = SeniorFactory(phone="0")
    for number in range(1, 26):
        edit(senior, coordinator, phone=f"06000000{number:02d}")
    url = reverse("seniors:senior_detail", args=[senior.pk])
    first = coordinator_client.get(url).content.decode()
    assert "Voir les modifications plus anciennes" in first and "?modifications=2" in first
    older = coordinator_client.get(url, {"modifications": 2}).content.decode()
    assert older.count("Modifié le") == 5 and "Créé le" in older
    assert "<del>06 00 00 00 04</del>" in older and "<del>06 00 00 00 05</del>" not in older
    assert "Voir les modifications plus anciennes" not in older


@pytest.mark.parametrize("page", ["", "0", "-1", "abc", "99999999999999999999999"])
def test_any_page_of_changes_opens(coordinator_client, senior_of_a, page):
    url = reverse("seniors:senior_detail", args=[senior_of_a.pk])
    assert coordinator_client.get(url, {"modifications": page}).status_code == 200


def correct_call(call, user, times: int) -> None:
    for number in range(times):
        call.note = f"Correction {number}"
        call._history_user = user
        call.save()


@pytest.mark.parametrize("corrections", [1, 50])
def test_a_calls_history_costs_the_same_queries_for_1_and_50_changes(
    coordinator_client, coordinator, django_assert_num_queries, corrections
):
    pair = PairFactory()
    call = CallFactory(senior=SeniorFactory(pair=pair), pair=pair)
    correct_call(call, coordinator, corrections)
    call.pair = PairFactory()
    call._history_user = coordinator
    call.save()
    # session, user, user's groups (role), the call (senior, pair, campaign, recorded by),
    # one page of its history with its users, the pairs named in the changes shown, the
    # urgent alerts raised from the call.
    with django_assert_num_queries(7):
        page = coordinator_client.get(reverse("visits:call_detail", args=[call.pk])).content.decode()
    assert page.count("Modifié le") == min(corrections + 1, 20)
    assert f"<td>{escape(call.pair)}</td>" in page
