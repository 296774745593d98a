"""The funders' annex on a small programme whose every figure for January–June 2025 is
counted by hand: people and participations by sex × funders' age band, GIR, actions and
volunteer hours, volunteers by kind and association; the same figures in the page, the PDF
text and the XLSX."""

import io
import subprocess
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from reports.bilan.annex import NOT_ASSESSED, funder_annex
from reports.budget import budget_summary
from reports.exports import annex_document, labelled_cells
from reports.models import VolunteerHourValue
from reports.periods import Period
from seniors.ages import FunderAgeBand
from seniors.models import Assignment, Senior
from seniors.services import anonymise_senior
from tests.factories import (
    ActivityFactory,
    BudgetFactory,
    CallFactory,
    ExpenseLineFactory,
    PairFactory,
    SeniorFactory,
    VisitFactory,
    VolunteerFactory,
)
from tests.reports.dataset import H1_2025, day, paris
from visits.models import ActivitySession, Proposal
from volunteers.models import Association, Attendance, Meeting, Volunteer

pytestmark = pytest.mark.django_db

STOCK_DAY = H1_2025.end
QUERY = {"start": "2025-01-01", "end": "2025-06-30"}


@pytest.fixture
def programme():
    """Pair P (Josiane, senior volunteer; Amadou, of Entr'âges), Lucien who left in 2024.
    - Marthe, woman, 85 on 30 June (80-89): followed since 2024, visited on 10 February by
      both (90 min), came to the April session: continuing, 1 participation.
    - Gaston, man, 90 on 30 June exactly (90 and over), GIR 2: assigned in January, visited
      on 1 March by Josiane alone (60 min) and on 1 April with nobody recorded present: new.
    - Odette, woman, 69 on 30 June (60-69): assigned in May, never visited (not followed),
      came to the April session and to an activity without a session in May: 2 participations.
    Calls: the pair's of 15 min and without a duration, a staff call of 30 min (not volunteer
    time). Meetings: 2 h with both, one without a duration. Sessions: April and June held,
    July outside."""
    entrages = Association.objects.create(name="Entr'âges")
    josiane = VolunteerFactory(first_name="Josiane", joined_on=day(2023, 1, 1))
    amadou = VolunteerFactory(
        first_name="Amadou", kind=Volunteer.Kind.ASSOCIATION, association=entrages, joined_on=day(2023, 1, 1)
    )
    VolunteerFactory(
        first_name="Lucien", status=Volunteer.Status.LEFT, joined_on=day(2023, 1, 1), left_on=day(2024, 6, 1)
    )
    pair = PairFactory(volunteer_a=josiane, volunteer_b=amadou, started_on=day(2024, 1, 1))

    marthe = SeniorFactory(pair=pair, first_name="Marthe", birth_date=day(1940, 3, 1), sex="F")
    gaston = SeniorFactory(pair=pair, first_name="Gaston", birth_date=day(1935, 6, 30), sex="M", gir="2")
    odette = SeniorFactory(pair=pair, first_name="Odette", birth_date=day(1955, 7, 1), sex="F")
    Assignment.objects.create(senior=marthe, pair=pair, started_on=day(2024, 10, 1))
    Assignment.objects.create(senior=gaston, pair=pair, started_on=day(2025, 1, 15))
    Assignment.objects.create(senior=odette, pair=pair, started_on=day(2025, 5, 1))

    VisitFactory(senior=marthe, visited_at=paris(2024, 11, 5, 10), duration_minutes=45)
    VisitFactory(senior=marthe, visited_at=paris(2025, 2, 10, 10), duration_minutes=90).present.set(
        [josiane, amadou]
    )
    VisitFactory(senior=gaston, visited_at=paris(2025, 3, 1, 10), duration_minutes=60).present.set([josiane])
    VisitFactory(senior=gaston, visited_at=paris(2025, 4, 1, 10), duration_minutes=60)

    CallFactory(senior=gaston, called_at=paris(2025, 2, 1, 9), duration_minutes=15)
    CallFactory(senior=gaston, called_at=paris(2025, 2, 2, 9))
    CallFactory(senior=odette, pair=None, called_at=paris(2025, 5, 2, 9), duration_minutes=30)

    training = Meeting.objects.create(
        kind="meeting", title="Réunion", held_on=day(2025, 3, 15), duration_minutes=120
    )
    Attendance.objects.create(meeting=training, volunteer=josiane)
    Attendance.objects.create(meeting=training, volunteer=amadou)
    undated = Meeting.objects.create(kind="meeting", title="Réunion", held_on=day(2025, 5, 5))
    Attendance.objects.create(meeting=undated, volunteer=josiane)

    cafe = ActivityFactory(name="Café Relais")
    april = ActivitySession.objects.create(activity=cafe, starts_at=paris(2025, 4, 10, 14))
    ActivitySession.objects.create(activity=cafe, starts_at=paris(2025, 6, 15, 14))
    july = ActivitySession.objects.create(activity=cafe, starts_at=paris(2025, 7, 2, 14))
    came = {"answer": Proposal.Answer.ACCEPTED, "attended": True}
    Proposal.objects.create(senior=marthe, activity=cafe, session=april, proposed_on=day(2025, 3, 1), **came)
    Proposal.objects.create(senior=odette, activity=cafe, session=april, proposed_on=day(2025, 3, 1), **came)
    Proposal.objects.create(senior=odette, activity=cafe, proposed_on=day(2025, 5, 20), **came)
    Proposal.objects.create(senior=gaston, activity=cafe, session=july, proposed_on=day(2025, 6, 1), **came)
    Proposal.objects.create(senior=gaston, activity=cafe, proposed_on=day(2025, 6, 1), answer="declined")


def only(**cells):
    """A table by band and sex holding only `cells` ({"80_89:F": 1}), zeros elsewhere."""
    table = {band: dict.fromkeys(Senior.Sex.values, 0) for band in FunderAgeBand.values}
    for key, n in cells.items():
        band, sex = key.split(":")
        table[band][sex] = n
    return table


def test_every_figure_of_the_annex_is_the_hand_count(programme):
    annex = funder_annex(H1_2025, STOCK_DAY)
    assert annex.followed == only(**{"80_89:F": 1, "90_plus:M": 1})
    assert annex.newly_followed == only(**{"90_plus:M": 1})
    assert annex.still_followed == only(**{"80_89:F": 1})
    assert annex.participants == only(**{"80_89:F": 1, "60_69:F": 1})
    assert annex.participations == only(**{"80_89:F": 1, "60_69:F": 2})
    assert annex.participation_count == 3
    assert annex.followed_by_gir == {"1": 0, "2": 1, "3": 0, "4": 0, "5": 0, "6": 0, NOT_ASSESSED: 1}
    assert (annex.visits, annex.calls, annex.sessions_held) == (3, 3, 2)
    # 90 min × 2 present + 60 × 1 + the pair's 15-min call + 120 min × 2 who came = 495 min.
    hours = annex.hours
    assert (hours.visit_minutes, hours.call_minutes, hours.meeting_minutes) == (240, 15, 240)
    assert str(hours.hours) == "8.3"  # 8.25 rounded half up
    assert (hours.calls_without_duration, hours.meetings_without_duration) == (1, 1)
    assert hours.visits_without_volunteers == 1
    assert annex.volunteers_by_kind[Volunteer.Kind.SENIOR] == 1
    assert annex.volunteers_by_kind[Volunteer.Kind.ASSOCIATION] == 1
    assert sum(annex.volunteers_by_kind.values()) == 2
    assert annex.volunteers_by_association == [("Entr'âges", 1)]


def test_a_session_still_to_come_is_not_held(programme):
    assert funder_annex(H1_2025, day(2025, 5, 1)).sessions_held == 1


def test_the_funders_form_sheet_labels_every_figure(programme):
    lines = labelled_cells(annex_document(H1_2025).tables)
    found = {(table, line, column): value for table, line, column, value in lines}
    assert found[("Actions", "Heures de bénévolat", "Nombre")] == Decimal("8.3")
    assert found[("Personnes\u00a0: seniors suivis pendant la période", "80-89 ans", "Femme")] == 1
    assert found[("Personnes\u00a0: seniors suivis pendant la période", "Total", "Total")] == 2
    assert found[("Participations\u00a0: présences aux activités", "60-69 ans", "Femme")] == 2


def test_the_page_the_pdf_and_the_xlsx_show_the_same_figures(programme, manager_client):
    query = {"start": "2025-01-01", "end": "2025-06-30"}
    page = manager_client.get(reverse("reports:annex"), query)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Annexe financeurs" in html and "Heures de bénévolat" in html and "8,3" in html

    pdf = manager_client.get(reverse("reports:annex_file", args=["pdf"]), query)
    assert pdf["Content-Type"] == "application/pdf"
    text = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=pdf.content, capture_output=True, check=True
    ).stdout.decode()
    assert "Annexe financeurs" in text and "Heures de bénévolat" in text and "8,3" in text
    assert "Marthe" not in text and "Gaston" not in text

    xlsx = manager_client.get(reverse("reports:annex_file", args=["xlsx"]), query)
    book = openpyxl.load_workbook(io.BytesIO(xlsx.content))
    first = book.worksheets[0]
    assert first.title == "Pour le formulaire"
    rows = {tuple(row[:3]): row[3] for row in first.iter_rows(min_row=2, values_only=True) if row[0]}
    assert rows[("Actions", "Visites effectuées", "Nombre")] == 3


def test_the_bilan_holds_the_annex_with_the_same_visits(programme, manager_client):
    query = {"start": "2025-01-01", "end": "2025-06-30"}
    html = manager_client.get(reverse("reports:bilan"), query).content.decode()
    assert "Annexe financeurs" in html
    assert "Seniors suivis pendant la période, par GIR" in html


def test_the_gir_is_a_coordinators_field_erased_with_the_file(coordinator_client):
    senior = SeniorFactory(gir="4")
    page = coordinator_client.get(reverse("seniors:senior_detail", args=[senior.pk])).content.decode()
    assert "GIR 4" in page
    anonymise_senior(senior)
    senior.refresh_from_db()
    assert senior.gir == ""


def test_the_budget_summary_values_the_volunteer_time_by_hand_count(programme, manager_client, settings):
    settings.VOLUNTEER_HOUR_VALUE = "16.87"
    VolunteerHourValue.objects.create(year=2025, value=Decimal("20"))
    ExpenseLineFactory(budget=BudgetFactory(), planned=2000, spent=1000)
    summary = budget_summary(H1_2025)
    (year,) = summary.valued_hours
    # 495 minutes at 20 € an hour.
    assert (year.year, year.hours.minutes, year.value) == (2025, 495, Decimal("165.00"))
    # 1,000 € spent over 2025 counts for 181 days of 365 (495.89 €); 3 visits.
    assert summary.costs_per_visit() == (Decimal("165.30"), Decimal("220.30"))
    text = subprocess.run(
        ["pdftotext", "-layout", "-", "-"],
        input=manager_client.get(reverse("reports:budget_file", args=["pdf"]), QUERY).content,
        capture_output=True,
        check=True,
    ).stdout.decode()
    assert "Contributions volontaires en nature" in text and "165,00" in text and "220,30" in text


def test_a_year_without_its_own_value_uses_the_setting(settings):
    settings.VOLUNTEER_HOUR_VALUE = "16.87"
    VolunteerHourValue.objects.create(year=2025, value=Decimal("20"))
    summary = budget_summary(Period(day(2024, 7, 1), day(2025, 6, 30)))
    assert [(year.year, year.hour_value) for year in summary.valued_hours] == [
        (2024, Decimal("16.87")),
        (2025, Decimal("20")),
    ]
