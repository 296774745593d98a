"""Exports: French headers and dates, formula-safe, coordinators only, logged."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from seniors.exports import senior_rows
from seniors.models import AccessLog, Senior
from tests.conftest import client_for
from tests.factories import (
    ActivityFactory,
    CallFactory,
    CharterSignatureFactory,
    NeighbourhoodFactory,
    SeniorFactory,
    VisitFactory,
)
from visits.exports import call_rows, proposal_rows, visit_rows
from visits.models import Call, Proposal, Visit
from volunteers.exports import pair_rows, volunteer_rows
from volunteers.models import Pair, Volunteer

pytestmark = pytest.mark.django_db

HOSTILE = '=HYPERLINK("http://evil.example","clic")'


def read_csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


@pytest.mark.parametrize("name", ["seniors:export", "volunteers:export"])
def test_anonymous_visitor_is_sent_to_login(client, name):
    assert client.get(reverse(name)).status_code == 302


@pytest.mark.parametrize("name", ["seniors:export", "volunteers:export"])
@pytest.mark.parametrize("fixture", ["volunteer_a", "manager"])
def test_only_coordinators_export(request, fixture, name):
    assert client_for(request.getfixturevalue(fixture)).get(reverse(name)).status_code == 403
    assert not AccessLog.objects.filter(action=AccessLog.Action.EXPORT).exists()


def test_seniors_export_is_filtered_logged_and_in_french(coordinator, coordinator_client, senior_of_a):
    SeniorFactory(last_name="Autre", status=Senior.Status.DECLINED)
    response = coordinator_client.get(reverse("seniors:export"), {"format": "csv", "q": "lefevre"})
    assert response["Content-Type"].startswith("text/csv")
    assert f"seniors-{timezone.localdate():%Y-%m-%d}.csv" in response["Content-Disposition"]
    rows = read_csv(response)
    assert rows[0][:3] == ["Nom", "Prénom", "Date de naissance"]
    assert [row[0] for row in rows[1:]] == ["Lefèvre-Dupré"]
    assert rows[1][2] == "17/05/1938"
    log = AccessLog.objects.get(action=AccessLog.Action.EXPORT)
    assert (log.user, log.action, log.list_name, log.rows) == (coordinator, "export", "Seniors", 1)


def test_exports_never_write_a_runnable_formula(coordinator_client):
    SeniorFactory(address=HOSTILE)
    rows = read_csv(coordinator_client.get(reverse("seniors:export"), {"format": "csv"}))
    assert rows[1][5] == "'" + HOSTILE
    response = coordinator_client.get(reverse("seniors:export"), {"format": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["F2"].value == HOSTILE and sheet["F2"].data_type == "s"


def test_status_and_neighbourhood_filters(coordinator_client):
    area = NeighbourhoodFactory(name="Henriville")
    SeniorFactory(last_name="Dedans", neighbourhood=area, status=Senior.Status.FOLLOWED)
    SeniorFactory(last_name="Dehors", status=Senior.Status.FOLLOWED)
    rows = read_csv(
        coordinator_client.get(
            reverse("seniors:export"), {"format": "csv", "status": "followed", "neighbourhood": area.pk}
        )
    )
    assert [row[0] for row in rows[1:]] == ["Dedans"]


def test_volunteers_export(coordinator_client):
    signature = CharterSignatureFactory(volunteer__last_name="Lefèvre", signed_on=datetime.date(2024, 1, 10))
    signature.volunteer.neighbourhoods.add(NeighbourhoodFactory(name="Saint-Leu"))
    rows = read_csv(coordinator_client.get(reverse("volunteers:export"), {"format": "csv", "q": "lefevre"}))
    assert rows[0][0] == "Nom" and rows[1][0] == "Lefèvre"
    assert rows[1][6] == "Saint-Leu" and rows[1][9] == "10/01/2024"


def _count_rows(generator, queryset) -> int:
    headers, rows = generator(queryset)
    return len(list(rows))


@pytest.mark.parametrize("count", [1, 20])
def test_row_generators_use_a_fixed_number_of_queries(django_assert_num_queries, pair_a, count):
    senior = SeniorFactory(pair=pair_a[1])
    activity = ActivityFactory()
    for _ in range(count):
        CallFactory(senior=senior)
        VisitFactory(senior=senior)
        Proposal.objects.create(senior=senior, activity=activity)
    # One query each (joins for pairs, seniors, activities); two for volunteers
    # (the list, then neighbourhoods and charter signatures prefetched: three).
    with django_assert_num_queries(1):
        assert _count_rows(call_rows, Call.objects.all()) == count
    with django_assert_num_queries(1):
        assert _count_rows(visit_rows, Visit.objects.all()) == count
    with django_assert_num_queries(1):
        assert _count_rows(proposal_rows, Proposal.objects.all()) == count
    with django_assert_num_queries(1):
        assert _count_rows(pair_rows, Pair.objects.all()) == 1
    with django_assert_num_queries(1):
        assert _count_rows(senior_rows, Senior.objects.all()) == 1
    with django_assert_num_queries(3):
        assert _count_rows(volunteer_rows, Volunteer.objects.all()) == 2


def test_call_visit_and_proposal_rows_are_in_french(pair_a):
    senior = SeniorFactory(pair=pair_a[1], first_name="Odette", last_name="Caron")
    CallFactory(senior=senior, outcome=Call.Outcome.NO_ANSWER, note=HOSTILE)
    VisitFactory(senior=senior, duration_minutes=45)
    Proposal.objects.create(
        senior=senior, activity=ActivityFactory(name="Café Relais"), answer="accepted", attended=True
    )
    headers, rows = call_rows(Call.objects.all())
    call = list(rows)[0]
    assert headers[3] == "Résultat" and call[1] == "Odette Caron" and call[3] == "Pas de réponse"
    assert call[6] == HOSTILE  # the writers neutralise it, see test_exports_never_write_a_runnable_formula
    headers, rows = visit_rows(Visit.objects.all())
    assert headers[4] == "Durée (minutes)" and list(rows)[0][4] == 45
    headers, rows = proposal_rows(Proposal.objects.all())
    assert list(rows)[0][2:] == ["Café Relais", "", "Accepté", "Oui"]
    headers, rows = pair_rows(Pair.objects.all())
    assert list(rows)[0][5] == 1
