"""Every coordinator list exports as XLSX and CSV with exactly the rows the page shows for
the same query string, in French, formula-safe, coordinators only, and logged."""

from __future__ import annotations

import csv
import datetime
import io
import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from seniors.models import AccessLog, Senior
from tests.conftest import client_for
from tests.factories import (
    ActivityFactory,
    CallFactory,
    PairFactory,
    SeniorFactory,
    VisitFactory,
    VolunteerFactory,
)
from visits.models import Call, Proposal, Visit
from volunteers.models import Volunteer

pytestmark = [pytest.mark.django_db, pytest.mark.clock]

HOSTILE = '=HYPERLINK("http://evil.example","clic")'


def read_csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


def read_xlsx(response) -> list[list]:
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


@dataclass(frozen=True)
class ListCase:
    page: str
    export: str
    list_name: str  # as recorded in the access log (French)
    first_header: str
    name_column: int  # the export column compared with the page
    shown: Callable  # page context -> the names the page shows, in order


def _paged(context) -> list:
    return list(context["page_obj"].object_list)


CASES = {
    "seniors": ListCase(
        "seniors:senior_list",
        "seniors:export",
        "Seniors",
        "Nom",
        0,
        lambda c: [s.last_name for s in _paged(c)],
    ),
    "volunteers": ListCase(
        "volunteers:volunteer_list",
        "volunteers:export",
        "Bénévoles",
        "Nom",
        0,
        lambda c: [v.last_name for v in _paged(c)],
    ),
    "pairs": ListCase(
        "volunteers:pair_list",
        "volunteers:pair_export",
        "Binômes",
        "Binôme",
        0,
        lambda c: [p.name for p in _paged(c)],
    ),
    "calls": ListCase(
        "visits:call_list",
        "visits:call_export",
        "Appels",
        "Appelé le",
        1,
        lambda c: [call.senior.full_name for call in c["object_list"]],
    ),
    "visits": ListCase(
        "visits:visit_list",
        "visits:visit_export",
        "Visites",
        "Visité le",
        1,
        lambda c: [visit.senior.full_name for visit in c["object_list"]],
    ),
    "proposals": ListCase(
        "visits:proposal_list",
        "visits:proposal_export",
        "Propositions",
        "Proposée le",
        1,
        lambda c: [p.senior.full_name for p in c["object_list"]],
    ),
}


def _ago(days: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days)


def seniors_world(pair) -> dict:
    SeniorFactory(last_name="Albert", birth_date=datetime.date(1940, 1, 1), status=Senior.Status.FOLLOWED)
    SeniorFactory(last_name="Bernard", birth_date=datetime.date(1930, 1, 1), status=Senior.Status.FOLLOWED)
    SeniorFactory(last_name="Carpentier", status=Senior.Status.DECLINED)
    SeniorFactory(last_name="Dupuis", birth_date=datetime.date(1935, 1, 1), status=Senior.Status.FOLLOWED)
    # Followed, oldest first: Bernard (1930), Dupuis (1935), Albert (1940).
    return {"status": "followed", "sort": "-age"}


def volunteers_world(pair) -> dict:
    VolunteerFactory(last_name="Martin", status=Volunteer.Status.ACTIVE)
    VolunteerFactory(last_name="Martinez", status=Volunteer.Status.PAUSED)
    VolunteerFactory(last_name="Moreau", status=Volunteer.Status.ACTIVE)
    return {"q": "martin", "status": "active"}


def pairs_world(pair) -> dict:
    # Pairs sort by their members' names: Aubert's before Tessier's.
    PairFactory(
        name="Les Tilleuls",
        volunteer_a=VolunteerFactory(last_name="Tessier"),
        ended_on=datetime.date(2025, 1, 31),
        started_on=datetime.date(2024, 1, 1),
    )
    PairFactory(
        name="Les Acacias",
        volunteer_a=VolunteerFactory(last_name="Aubert"),
        ended_on=datetime.date(2025, 2, 28),
        started_on=datetime.date(2024, 1, 1),
    )
    PairFactory(name="Les Chênes")
    return {"ended": "1"}


def calls_world(pair) -> dict:
    CallFactory(senior=SeniorFactory(first_name="Odette", last_name="Caron"), called_at=_ago(2))
    CallFactory(senior=SeniorFactory(first_name="Rémi", last_name="Lenoir"), called_at=_ago(1))
    CallFactory(senior=SeniorFactory(first_name="Paul", last_name="Absent"), outcome=Call.Outcome.NO_ANSWER)
    CallFactory(senior=SeniorFactory(first_name="Ancien", last_name="Appel"), called_at=_ago(40))
    return {"outcome": "reached", "date_from": timezone.localdate(_ago(10)).isoformat()}


def visits_world(pair) -> dict:
    VisitFactory(senior=SeniorFactory(first_name="Odette", last_name="Caron"), kind=Visit.Kind.FIRST)
    VisitFactory(senior=SeniorFactory(first_name="Marthe", last_name="Caron"), kind=Visit.Kind.FIRST)
    VisitFactory(senior=SeniorFactory(first_name="Rémi", last_name="Caron"), kind=Visit.Kind.FOLLOW_UP)
    VisitFactory(senior=SeniorFactory(first_name="Paul", last_name="Lenoir"), kind=Visit.Kind.FIRST)
    return {"kind": "first", "senior": "caron"}


def proposals_world(pair) -> dict:
    cafe, workshop = ActivityFactory(), ActivityFactory()
    today = timezone.localdate()
    for first_name, activity, answer, days in [
        ("Odette", cafe, "accepted", 3),
        ("Rémi", cafe, "accepted", 1),
        ("Paul", cafe, "declined", 2),
        ("Lucie", workshop, "accepted", 2),
        ("Ancien", cafe, "accepted", 90),
    ]:
        Proposal.objects.create(
            senior=SeniorFactory(first_name=first_name, last_name="Test"),
            activity=activity,
            answer=answer,
            proposed_on=today - datetime.timedelta(days=days),
        )
    return {
        "activity": cafe.pk,
        "answer": "accepted",
        "date_from": (today - datetime.timedelta(days=30)).isoformat(),
    }


WORLDS = {
    "seniors": (seniors_world, ["Bernard", "Dupuis", "Albert"]),
    "volunteers": (volunteers_world, ["Martin"]),
    "pairs": (pairs_world, ["Les Acacias", "Les Tilleuls"]),
    "calls": (calls_world, ["Rémi Lenoir", "Odette Caron"]),
    "visits": (visits_world, ["Marthe Caron", "Odette Caron"]),
    "proposals": (proposals_world, ["Rémi Test", "Odette Test"]),
}


@pytest.mark.parametrize("kind", CASES)
@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_a_filtered_export_holds_exactly_the_rows_the_page_shows(
    coordinator, coordinator_client, pair_a, kind, file_format
):
    case, (make_world, expected) = CASES[kind], WORLDS[kind]
    params = make_world(pair_a[1])
    shown = case.shown(coordinator_client.get(reverse(case.page), params).context)
    if kind == "visits":
        shown = sorted(shown)  # same instant for both visits: compare as sets, in a fixed order
    assert shown == expected

    response = coordinator_client.get(reverse(case.export), {**params, "format": file_format})
    assert response.status_code == 200
    assert f".{file_format}" in response["Content-Disposition"]
    rows = read_csv(response) if file_format == "csv" else read_xlsx(response)
    exported = [row[case.name_column] for row in rows[1:]]
    if kind == "pairs":  # the label holds the members' names, then the nickname between quotes
        exported = [re.search(r"[“«]\s?(.+?)\s?[”»]", cell).group(1) for cell in exported]
    assert (sorted(exported) if kind == "visits" else exported) == shown
    assert rows[0][0] == case.first_header

    log = AccessLog.objects.get(action=AccessLog.Action.EXPORT)
    assert (log.user, log.action, log.list_name, log.rows) == (
        coordinator,
        AccessLog.Action.EXPORT,
        case.list_name,
        len(expected),
    )


def test_exported_dates_are_french(coordinator_client):
    called_on = timezone.localdate() - datetime.timedelta(days=10)
    CallFactory(called_at=timezone.make_aware(datetime.datetime.combine(called_on, datetime.time(9, 30))))
    rows = read_csv(coordinator_client.get(reverse("visits:call_export"), {"format": "csv"}))
    assert rows[1][0].startswith(f"{called_on:%d/%m/%Y}")


@pytest.mark.parametrize("kind", CASES)
def test_list_pages_offer_both_exports_with_the_current_filters(coordinator_client, kind):
    case = CASES[kind]
    response = coordinator_client.get(reverse(case.page), {"q": "x", "page": "1"})
    html = response.content.decode()
    assert "Exporter (Excel)" in html and "Exporter (CSV)" in html
    assert f'href="{reverse(case.export)}?q=x&amp;format=xlsx"' in html
    assert f'href="{reverse(case.export)}?q=x&amp;format=csv"' in html


# Not named "page": that is the browser fixture of the e2e tests.
@pytest.mark.parametrize("list_url", ["seniors:senior_list", "volunteers:volunteer_list"])
def test_htmx_refreshed_results_carry_the_new_filters_into_the_export_links(coordinator_client, list_url):
    response = coordinator_client.get(reverse(list_url), {"status": "active"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "<html" not in html  # only the fragment
    assert "?status=active&amp;format=csv" in html


def test_the_activities_page_links_to_the_proposals_list(coordinator_client):
    response = coordinator_client.get(reverse("visits:activity_list"))
    assert reverse("visits:proposal_list") in response.content.decode()


@pytest.mark.parametrize("kind", CASES)
def test_anonymous_visitors_are_sent_to_login(client, kind):
    response = client.get(reverse(CASES[kind].export))
    assert response.status_code == 302 and "next=" in response["Location"]


@pytest.mark.parametrize("kind", CASES)
@pytest.mark.parametrize("fixture", ["volunteer_a", "manager"])
def test_only_coordinators_export(request, fixture, kind):
    user = request.getfixturevalue(fixture)
    assert client_for(user).get(reverse(CASES[kind].export), {"format": "csv"}).status_code == 403
    assert not AccessLog.objects.filter(action=AccessLog.Action.EXPORT).exists()


def test_the_proposals_page_is_for_coordinators_only(client, volunteer_a, manager):
    url = reverse("visits:proposal_list")
    assert client.get(url).status_code == 302
    assert client_for(volunteer_a).get(url).status_code == 403
    assert client_for(manager).get(url).status_code == 403


HOSTILE_WORLDS: dict[str, tuple[Callable[[], None], int]] = {
    # What holds the hostile text, and its export column.
    "seniors": (lambda: SeniorFactory(address=HOSTILE), 5),
    "volunteers": (lambda: VolunteerFactory(last_name=HOSTILE), 0),
    "pairs": (lambda: PairFactory(volunteer_a=VolunteerFactory(first_name=HOSTILE)), 1),
    "calls": (lambda: CallFactory(note=HOSTILE), 6),
    "visits": (lambda: VisitFactory(note=HOSTILE), 6),
    "proposals": (
        lambda: Proposal.objects.create(senior=SeniorFactory(first_name=HOSTILE), activity=ActivityFactory()),
        1,
    ),
}


@pytest.mark.parametrize("kind", CASES)
def test_formulas_are_exported_as_text(coordinator_client, kind):
    make, column = HOSTILE_WORLDS[kind]
    make()
    url = reverse(CASES[kind].export)
    rows = read_csv(coordinator_client.get(url, {"format": "csv"}))
    assert rows[1][column].startswith("'=")
    sheet = load_workbook(io.BytesIO(coordinator_client.get(url, {"format": "xlsx"}).content)).active
    cell = sheet.cell(row=2, column=column + 1)
    # Kept as the text typed, never as a formula the spreadsheet would run.
    assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK")


def _make_rows(kind: str, count: int) -> None:
    for number in range(count):
        if kind == "seniors":
            SeniorFactory()
        elif kind == "volunteers":
            VolunteerFactory()
        elif kind == "pairs":
            PairFactory(name=f"Binôme {number}")
        elif kind == "calls":
            CallFactory()
        elif kind == "visits":
            VisitFactory()
        else:
            Proposal.objects.create(senior=SeniorFactory(), activity=ActivityFactory())


# Queries of every export: the session, the user, the user's role (groups), the list in one
# query (joins, annotations and the visibility/filter subqueries), then the access log: the
# chain's lock, its last hash, the insert. Volunteers add their two prefetches: neighbourhoods
# and charter signatures.
EXPORT_QUERIES = {
    "seniors": 7,
    "volunteers": 9,
    "pairs": 7,
    "calls": 7,
    "visits": 7,
    "proposals": 7,
}


@pytest.mark.parametrize("kind", CASES)
@pytest.mark.parametrize("count", [1, 50])
@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_export_query_count_does_not_grow_with_rows(
    coordinator_client, django_assert_num_queries, kind, count, file_format
):
    _make_rows(kind, count)
    url = reverse(CASES[kind].export)
    with django_assert_num_queries(EXPORT_QUERIES[kind]):
        response = coordinator_client.get(url, {"format": file_format})
    assert response.status_code == 200
    assert AccessLog.objects.get(action=AccessLog.Action.EXPORT).rows == count


def test_an_invalid_filter_shows_nothing_and_exports_nothing(coordinator_client):
    CallFactory()
    params = {"date_from": "pas une date"}
    response = coordinator_client.get(reverse("visits:call_list"), params)
    assert list(response.context["object_list"]) == []
    rows = read_csv(coordinator_client.get(reverse("visits:call_export"), {**params, "format": "csv"}))
    assert len(rows) == 1  # the headers only
    assert AccessLog.objects.get(action=AccessLog.Action.EXPORT).rows == 0


def test_the_page_number_never_narrows_an_export(coordinator_client):
    for _ in range(3):
        CallFactory()
    params = {"page": "2", "format": "csv"}
    assert len(read_csv(coordinator_client.get(reverse("visits:call_export"), params))) == 4


@pytest.mark.parametrize("count", [1, 50])
def test_proposals_page_query_count_does_not_grow_with_rows(
    coordinator_client, django_assert_num_queries, count
):
    _make_rows("proposals", count)
    # The session, the user, the user's role, the count for the pager, the page of proposals
    # (senior, activity and session joined), the activities of the filter's drop-down.
    with django_assert_num_queries(6):
        response = coordinator_client.get(reverse("visits:proposal_list"))
    assert len(response.context["object_list"]) == count
