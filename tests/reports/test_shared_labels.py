"""One label, one number: the dashboard, the bilan (HTML preview, PDF, XLSX) and the lists
show the same figure under the same label, for one dataset built around the edge cases.

January–June 2025, seen on its last day (30 June 2025):
- pair A (a1, a2) all along; pair B (b1, paused) ended on 15 March; "paused" was paused on
  1 May (active on 31/12/2024 by the status history, not at the end); one more volunteer in
  no pair, and an applicant (never counted);
- "followed": assigned to A since November 2024, visited in December, called without answer
  on the last day at 10:00 and visited at 23:30 (Paris) that evening;
- "called today": assigned to A in January, visited on 10 June, called without answer on the
  last day: last contact 10 June, latest attempt 30 June, overdue (due 24 June);
- "declined": assigned to B, visited, then a call answered with a refusal (a successful
  contact) and the file moved to declined, assignment ended: followed in the period, not at
  its end;
- "never visited": assigned to A on 1 June, no visit: first visit to come, overdue from
  15 June;
- "staff": visited by staff only, never assigned: visited, not followed, waiting for a pair;
- "waiting": identified on the last day, called by staff at 23:30: new, reached, waiting;
- "objected": objected to visits: not waiting.
Outside the period: a call at 23:30 on 31 December 2024 and one at 00:10 on 1 July."""

import datetime
import io
import re
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from openpyxl import load_workbook

from reports.exports import bilan_document, to_pdf, to_xlsx
from reports.labels import key_figure_labels
from reports.views import dashboard_context
from seniors.models import Assignment, Consent, Senior
from tests.factories import CallFactory, PairFactory, SeniorFactory, VisitFactory, VolunteerFactory
from tests.reports.test_exports import pdf_text
from visits.indicators import overdue_seniors, with_contact_dates, without_contact_for
from visits.models import Call
from volunteers.models import Volunteer

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")
TODAY = datetime.date(2025, 6, 30)
START = datetime.date(2025, 1, 1)

# Counted by hand from the module's docstring.
EXPECTED = {
    "calls": 4,  # two unanswered on the last day, the refusal, the 23:30 staff call
    "visits": 4,  # followed (23:30), called today, declined, staff
    "seniors_visited": 4,
    "seniors_reached": 5,  # the four visited and "waiting" (reached by the 23:30 call)
    "new_seniors": 5,  # declined, never visited, staff, waiting, objected
    "refusals": 1,
    "seniors_followed_at_end": 2,  # followed, called today
    "volunteers_active_at_end": 4,  # a1, a2, b1 and the one in no pair; "paused" is paused
    "pairs_active": 2,
}


def at(y: int, m: int, d: int, hour: int = 10, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(y, m, d, hour, minute, tzinfo=PARIS)


def day(y: int, m: int, d: int) -> datetime.date:
    return datetime.date(y, m, d)


def senior(name: str, identified: datetime.date, pair=None, since=None, until=None, **kwargs) -> Senior:
    file = SeniorFactory(
        first_name=name, pair=pair if until is None else None, identified_on=identified, **kwargs
    )
    if pair is not None:
        Assignment.objects.create(senior=file, pair=pair, started_on=since, ended_on=until)
    return file


def build_edge_cases() -> dict[str, Senior]:
    a = PairFactory(name="Binôme A", started_on=day(2024, 9, 1))
    paused = VolunteerFactory(last_name="Enpause")
    b = PairFactory(
        name="Binôme B", volunteer_b=paused, started_on=day(2024, 10, 1), ended_on=day(2025, 3, 15)
    )
    paused.change_status(Volunteer.Status.PAUSED, reason="Congé", by=None, on=day(2025, 5, 1))
    VolunteerFactory(last_name="Sansbinome")
    VolunteerFactory(status=Volunteer.Status.APPLICANT, joined_on=day(2025, 2, 1))  # never counts

    s = {
        "followed": senior("Suivie", day(2024, 10, 1), a, since=day(2024, 11, 1)),
        "called_today": senior("Appelée", day(2024, 12, 1), a, since=day(2025, 1, 10)),
        "declined": senior(
            "Refus", day(2025, 1, 5), b, since=day(2025, 1, 5), until=day(2025, 3, 1), status="identified"
        ),
        "never": senior("Jamais", day(2025, 5, 20), a, since=day(2025, 6, 1), status="identified"),
        "staff": senior("Equipe", day(2025, 4, 1), status="contacted"),
        "waiting": senior("Attente", TODAY, status="identified"),
        "objected": senior("Opposee", day(2025, 2, 2), status="identified"),
    }
    Consent.objects.create(
        senior=s["objected"],
        decision="objection",
        given_on=day(2025, 2, 2),
        channel="oral",
        collected_by="CCAS",
    )
    for status, on in (
        ("contacted", day(2025, 1, 20)),
        ("followed", day(2025, 2, 1)),
        ("declined", day(2025, 3, 1)),
    ):
        s["declined"].change_status(status, by=None, on=on)

    no_answer = Call.Outcome.NO_ANSWER
    VisitFactory(senior=s["followed"], pair=a, visited_at=at(2024, 12, 10))
    CallFactory(senior=s["followed"], pair=a, called_at=at(2024, 12, 31, 23, 30))
    CallFactory(senior=s["followed"], pair=a, called_at=at(2025, 6, 30), outcome=no_answer)
    VisitFactory(senior=s["followed"], pair=a, visited_at=at(2025, 6, 30, 23, 30))
    CallFactory(senior=s["followed"], pair=a, called_at=at(2025, 7, 1, 0, 10))
    VisitFactory(senior=s["called_today"], pair=a, visited_at=at(2025, 6, 10))
    CallFactory(senior=s["called_today"], pair=a, called_at=at(2025, 6, 30), outcome=no_answer)
    VisitFactory(senior=s["declined"], pair=b, visited_at=at(2025, 2, 1))
    CallFactory(senior=s["declined"], pair=b, called_at=at(2025, 3, 1), outcome=Call.Outcome.DECLINED)
    VisitFactory(senior=s["staff"], pair=None, visited_at=at(2025, 4, 4))
    CallFactory(senior=s["waiting"], pair=None, called_at=at(2025, 6, 30, 23, 30))
    return s


def number(text: str) -> int:
    return int(text.replace("\u00a0", "").replace(" ", ""))


def dashboard_rows(html: str) -> dict[str, tuple[str, int, int, str, str, str]]:
    """{key: (label, current, last year, target cell, share cell, three-year cell)} from the
    figures table."""
    rows = {}
    for key, label, cells in re.findall(
        r'data-figure="(\w+)">\s*<th scope="row">(.*?)</th>(.*?)</tr>', html, re.S
    ):
        values = [
            re.sub(r"<[^>]+>|\s+", " ", cell).strip()
            for cell in re.findall(r"<td[^>]*>(.*?)</td>", cells, re.S)
        ]
        rows[key] = (label, number(values[0]), number(values[1]), values[2], values[3], values[4])
    return rows


def html_values(html: str, label: str) -> list[int]:
    """Every number printed right after `label` in a row of the bilan's preview."""
    pattern = rf'<th scope="row">{re.escape(label)}</th><td class="num text-end">([\d\u00a0 ]+)</td>'
    return [number(n) for n in re.findall(pattern, html)]


def xlsx_values(content: bytes, label: str) -> list[int]:
    workbook = load_workbook(io.BytesIO(content))
    return [
        row[1] for sheet in workbook for row in sheet.iter_rows(values_only=True) if row and row[0] == label
    ]


def test_every_shared_label_gives_the_same_number_everywhere(manager_client):
    build_edge_cases()
    dashboard = dashboard_rows(render_to_string("reports/_figures.html", dashboard_context(TODAY)))
    preview = manager_client.get(reverse("reports:bilan"), {"start": START, "end": TODAY}).content.decode()
    document = bilan_document(dashboard_context(TODAY)["period"])
    pdf = pdf_text(to_pdf(document))
    xlsx = to_xlsx(document)
    labels = key_figure_labels()
    assert set(dashboard) == set(labels) == set(EXPECTED)
    for key, label in labels.items():
        expected = EXPECTED[key]
        assert dashboard[key][:2] == (label, expected), key
        # In the bilan the label heads its row in the detailed tables and in the progress
        # table: every time, the same number follows it.
        assert html_values(preview, label) and set(html_values(preview, label)) == {expected}, key
        assert set(xlsx_values(xlsx, label)) == {expected}, key
        assert re.findall(rf"{re.escape(label)} (\d+)", pdf) and {
            int(n) for n in re.findall(rf"{re.escape(label)} (\d+)", pdf)
        } == {expected}, key


def test_the_targets_are_the_same_on_the_dashboard_and_in_the_bilan(manager_client):
    build_edge_cases()
    dashboard = dashboard_rows(render_to_string("reports/_figures.html", dashboard_context(TODAY)))
    targets = [t for t in bilan_document(dashboard_context(TODAY)["period"]).tables if t.key == "targets"][0]
    by_label = {row[0]: row for row in targets.rows}
    # 5 volunteers active on 31/12/2024 ("paused" still active then) + 10 % = 5.5 → 6.
    assert by_label["Bénévoles actifs"][1:5] == [5, Decimal("10"), 6, 4]
    assert dashboard["volunteers_active_at_end"][3].startswith("6 ")
    assert by_label["Bénévoles actifs"][5] == Decimal("-100.0")
    assert dashboard["volunteers_active_at_end"][4] == "-100,0 %"
    # One senior followed on 31/12/2024 (visited in December) + 10 % = 1.1 → 1.
    assert by_label["Seniors suivis"][1:5] == [1, Decimal("10"), 1, 2]
    assert dashboard["seniors_followed_at_end"][3].startswith("1 ")
    assert by_label["Seniors suivis"][5] is None and dashboard["seniors_followed_at_end"][4] == "—"
    # The three years ending with 2025, from 31/12/2022 (no volunteer yet) at +50 %.
    plan = [
        t for t in bilan_document(dashboard_context(TODAY)["period"]).tables if t.key == "three_year_targets"
    ][0]
    by_label = {row[0]: row for row in plan.rows}
    assert by_label["Bénévoles actifs"][1:5] == [0, Decimal("50"), 0, 4]
    assert dashboard["volunteers_active_at_end"][5] == "0"


def test_the_bilan_counts_each_contact_for_the_pair_recorded_on_it():
    build_edge_cases()
    tally = [t for t in bilan_document(dashboard_context(TODAY)["period"]).tables if t.key == "tally"][0]
    totals = {re.sub(r".*« (.+?) ».*", r"\1", row[0]): row[-2:] for row in tally.rows}
    # Pair B ended and its senior declined since: its call and visit stay on its row.
    assert totals == {"Binôme A": [2, 2], "Binôme B": [1, 1], "Équipe du CCAS (sans binôme)": [1, 1]}


def test_lists_and_queues_agree_with_the_dashboard_on_the_same_day(coordinator_client):
    s = build_edge_cases()
    queues = dashboard_context(TODAY)["queues"]
    overdue = set(overdue_seniors(TODAY).values_list("first_name", flat=True))
    assert overdue == {"Appelée", "Jamais"} and queues["overdue"] == 2
    waiting = set(Senior.objects.waiting_for_pair().values_list("first_name", flat=True))
    assert waiting == {"Equipe", "Attente"} and queues["waiting_for_pair"] == 2
    # The unanswered call today is an attempt, not a contact: the list, its "no contact for
    # 7 days" filter and the overdue queue say the same.
    called = with_contact_dates(Senior.objects.filter(pk=s["called_today"].pk), TODAY).get()
    assert called.last_contact == at(2025, 6, 10) and called.last_attempt == at(2025, 6, 30)
    quiet = without_contact_for(with_contact_dates(Senior.objects.all(), TODAY), 7, TODAY)
    assert "Appelée" in set(quiet.values_list("first_name", flat=True))
    # The seniors list shows that last contact, and the attempt beside it under its own label.
    listed = coordinator_client.get(reverse("seniors:senior_list"), {"q": "Appelée"}).content.decode()
    row = listed.split("Appelée</a>")[1].split("</tr>")[0]
    assert "10/06/2025" in row and "Dernière tentative : 30/06/2025" in row.replace("\u00a0", " ")
    # The pages count the same rows as the dashboard's queues (all on the server's today).
    page = coordinator_client.get(reverse("dashboard")).context["queues"]
    assert (
        coordinator_client.get(reverse("visits:overdue_list")).context["paginator"].count == page["overdue"]
    )
    waiting_list = coordinator_client.get(reverse("seniors:senior_list"), {"waiting": "on"})
    assert waiting_list.context["paginator"].count == page["waiting_for_pair"]
