"""Did loneliness go down? The bilan's section and the network's codes, on a hand-counted
programme: who counts (two scores or more, the latest in the period), the first and latest
scores, improved / unchanged / worse, the reviews made and late, in every format."""

from __future__ import annotations

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from reports.bilan import build_bilan
from reports.exports import bilan_document, to_csv, to_pdf, to_xlsx
from reports.masking import SECONDARY, SMALL
from reports.network import PEOPLE, _moves, network_export
from reports.rows import loneliness_tables
from seniors.models import Assignment
from tests.factories import PairFactory, SeniorFactory, VisitFactory
from tests.reports.dataset import H1_2025, paris
from tests.reports.test_exports import pdf_text
from visits.indicators import ScoreMovement
from visits.models import LonelinessMeasure, SixMonthReview

pytestmark = pytest.mark.django_db

D = datetime.date


def measure(senior, day: datetime.date, *answers: int) -> None:
    if answers:
        first, second, third = answers
        LonelinessMeasure.objects.create(
            senior=senior,
            measured_on=day,
            occasion="review",
            lacks_companionship=first,
            feels_left_out=second,
            feels_isolated=third,
        )
    else:
        LonelinessMeasure.objects.create(senior=senior, measured_on=day, occasion="review", declined=True)


def review(senior, day: datetime.date) -> None:
    SixMonthReview.objects.create(senior=senior, reviewed_on=day, rhythm="right", decision="continue")


@pytest.fixture
def programme():
    """Scores in brackets. Counted (two scores or more, the latest from January to June 2025):
    Aline 8 → 5 (improved), Bruno 6 → 9 → 6 (unchanged), Claire 4 → 7 (worse), Gisèle 9 → 6
    (improved; her 3 of July is after the period). Not counted: Denise (one score), Émile
    (one score, then declined), Fernand (latest score in 2024)."""
    aline, bruno, claire, denise, emile, fernand, gisele = (
        SeniorFactory(first_name=name)
        for name in ("Aline", "Bruno", "Claire", "Denise", "Émile", "Fernand", "Gisèle")
    )
    measure(aline, D(2024, 10, 1), 3, 3, 2)
    measure(aline, D(2025, 4, 1), 2, 2, 1)
    measure(bruno, D(2024, 6, 1), 2, 2, 2)
    measure(bruno, D(2024, 12, 1), 3, 3, 3)
    measure(bruno, D(2025, 5, 10), 2, 2, 2)
    measure(claire, D(2025, 1, 15), 1, 1, 2)
    measure(claire, D(2025, 6, 30), 3, 2, 2)
    measure(denise, D(2025, 3, 1), 2, 2, 2)
    measure(emile, D(2024, 11, 1), 2, 2, 1)
    measure(emile, D(2025, 2, 1))  # declined: not a score
    measure(fernand, D(2024, 2, 1), 2, 2, 1)
    measure(fernand, D(2024, 9, 1), 3, 2, 2)
    measure(gisele, D(2024, 12, 1), 3, 3, 3)
    measure(gisele, D(2025, 3, 1), 2, 2, 2)
    measure(gisele, D(2025, 7, 2), 1, 1, 1)
    review(aline, D(2025, 4, 1))
    review(claire, D(2025, 6, 30))
    review(bruno, D(2024, 12, 1))  # before the period
    # Followed since October 2024, never reviewed: late on 30 June. Followed since January: not yet due.
    pair = PairFactory(started_on=D(2024, 1, 1))
    for started, visited in (
        (D(2024, 10, 1), paris(2024, 10, 5, 10)),
        (D(2025, 1, 10), paris(2025, 1, 12, 10)),
    ):
        senior = SeniorFactory(pair=pair)
        Assignment.objects.create(senior=senior, pair=pair, started_on=started)
        VisitFactory(senior=senior, pair=pair, visited_at=visited)


@pytest.mark.usefixtures("programme")
def test_the_bilan_counts_what_was_hand_counted():
    bilan = build_bilan(H1_2025, today=D(2026, 1, 15))
    moved = bilan.loneliness
    assert {score: n for score, n in moved.first_scores.items() if n} == {4: 1, 6: 1, 8: 1, 9: 1}
    assert {score: n for score, n in moved.latest_scores.items() if n} == {5: 1, 6: 2, 7: 1}
    assert (moved.seniors, moved.improved, moved.unchanged, moved.worse) == (4, 2, 1, 1)
    assert (bilan.reviews.done, bilan.reviews.late_at_end, bilan.reviews.measures_declined) == (2, 1, 1)
    _scores, moves = loneliness_tables(bilan)
    assert [row[1:] for row in moves.rows[:4]] == [
        [4, None],
        [2, Decimal("50.0")],
        [1, Decimal("25.0")],
        [1, Decimal("25.0")],
    ]


@pytest.mark.usefixtures("programme")
def test_the_half_year_before_counts_its_own_latest_scores():
    moved = build_bilan(H1_2025.previous_half_year(), today=D(2026, 1, 15)).loneliness
    # H2 2024: Fernand's latest score (September) is his second; Bruno's second is in December.
    assert (moved.seniors, moved.improved, moved.unchanged, moved.worse) == (2, 0, 0, 2)


@pytest.mark.usefixtures("programme")
def test_the_pdf_and_the_spreadsheet_print_the_same_figures():
    document = bilan_document(H1_2025)
    text = pdf_text(to_pdf(document))
    assert "Isolement et révisions semestrielles" in text
    assert "Seniors ayant au moins deux scores 4" in text
    assert "dont amélioré (dernier score inférieur d’au moins 1 point) 2 50,0 %" in text
    assert "dont inchangé 1 25,0 %" in text
    assert "dont aggravé (dernier score supérieur d’au moins 1 point) 1 25,0 %" in text
    assert "Révisions semestrielles faites dans la période 2" in text
    assert "Révisions semestrielles en retard au 30/06/2025 1" in text
    assert "Fois où une personne a préféré ne pas répondre aux questions 1" in text
    assert "Total 4 4" in text
    assert not any(name in text for name in ("Aline", "Bruno", "Claire", "Gisèle"))
    workbook = load_workbook(io.BytesIO(to_xlsx(document)))
    scores = [list(row) for row in workbook["Scores d’isolement"].iter_rows(values_only=True)]
    assert scores[1:8] == [
        ["3", 0, 0],
        ["4", 1, 0],
        ["5", 0, 1],
        ["6", 1, 2],
        ["7", 0, 1],
        ["8", 1, 0],
        ["9", 1, 0],
    ]
    moves = {row[0]: row[1:] for row in workbook["Isolement"].iter_rows(values_only=True)}
    assert moves["Seniors ayant au moins deux scores"][0] == 4
    assert moves["dont inchangé"][0] == 1
    assert moves["Révisions semestrielles faites dans la période"][0] == 2
    assert moves["Révisions semestrielles en retard au 30/06/2025"][0] == 1
    assert moves["Fois où une personne a préféré ne pas répondre aux questions"][0] == 1
    rows = list(csv.reader(io.StringIO(to_csv(document).decode("utf-8-sig")), delimiter=";"))
    assert ["Seniors ayant au moins deux scores", "4", ""] in rows
    assert ["6", "1", "2"] in rows
    assert ["dont amélioré (dernier score inférieur d’au moins 1 point)", "2", "50,0"] in rows


@pytest.mark.usefixtures("programme")
def test_the_preview_shows_the_section(manager_client):
    page = manager_client.get(reverse("reports:bilan"), {"start": "2025-01-01", "end": "2025-06-30"})
    text = " ".join(page.content.decode().replace("\u00a0", " ").split())
    assert "Isolement et révisions semestrielles" in text
    assert "50,0 %" in text and "Scores d’isolement, premier et dernier" in text
    assert "Gisèle" not in text


@pytest.mark.usefixtures("programme")
def test_the_network_export_masks_the_hand_counted_figures_and_nothing_else():
    lines = network_export(H1_2025, D(2026, 1, 15))
    loneliness = {line.code: line.masked for line in lines if line.code.startswith("loneliness.")}
    # 4 seniors, 2 improved, 1 unchanged, 1 worse: every one from 1 to 4.
    assert loneliness == dict.fromkeys(
        ("loneliness.measured_twice", "loneliness.improved", "loneliness.unchanged", "loneliness.worse"),
        "small",
    )
    assert [line for line in lines if line.masked and line.code not in PEOPLE] == []
    assert {line.code: line.value for line in lines if line.code == "contacts.visits"} == {
        "contacts.visits": 1
    }


def test_the_network_codes_mask_counts_from_1_to_4_and_what_gives_them_away():
    def values(**moves: int) -> dict:
        movement = ScoreMovement(first_scores={}, latest_scores={}, **moves)
        return {line.code.split(".")[1]: line.value for line in _moves(movement)}

    assert values(improved=7, unchanged=5, worse=0) == {
        "measured_twice": 12,
        "improved": 7,
        "unchanged": 5,
        "worse": 0,
    }
    # 3 is small; the total would give it back from 7 and 6, so the next smallest goes too.
    assert values(improved=7, unchanged=3, worse=6) == {
        "measured_twice": 16,
        "improved": 7,
        "unchanged": str(SMALL),
        "worse": str(SECONDARY),
    }
    assert values(improved=2, unchanged=1, worse=1) == dict.fromkeys(
        ("measured_twice", "improved", "unchanged", "worse"), str(SMALL)
    )
