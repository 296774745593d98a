"""The pipeline by source: of the seniors approached in a period, how many were reached,
visited a first time, followed or declined, with rates and median delays, the same on the
dashboard and in every format of the bilan.

First half of 2026, seen on 13 May 2026:
- register, approached 1 February: reached by a call on 5 February (4 days), assigned on
  8 February, visited on 11 February (10 days): reached, first visit, followed;
- register, approached 1 March: reached on 3 March (2 days), declined the same day;
- register, approached 1 April: called without answer: approached only;
- flyer, approached 10 January: visited by staff on 20 January (10 days), never assigned;
- on the register only, never approached: not in the pipeline at all."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from reports.exports import bilan_document, to_pdf, to_xlsx
from reports.periods import Period
from seniors.models import Assignment, Senior
from tests.factories import CallFactory, PairFactory, SeniorFactory, VisitFactory
from tests.reports.test_exports import pdf_text
from visits.models import Call
from visits.pipeline import pipeline_by_source

pytestmark = pytest.mark.django_db

PERIOD = Period.half_year_of(datetime.date(2026, 3, 1))


def at(month: int, day: int) -> datetime.datetime:
    return datetime.datetime(2026, month, day, 10, 0, tzinfo=datetime.UTC)


def approached(month: int, day: int, source: str = Senior.Source.REGISTER, **fields) -> Senior:
    return SeniorFactory(
        source=source,
        identified_on=datetime.date(2026, month, day),
        status=Senior.Status.IDENTIFIED,
        **fields,
    )


def build_cohort() -> None:
    pair = PairFactory()
    followed = approached(2, 1, pair=pair)
    CallFactory(senior=followed, pair=None, called_at=at(2, 5))
    Assignment.objects.create(senior=followed, pair=pair, started_on=datetime.date(2026, 2, 8))
    VisitFactory(senior=followed, visited_at=at(2, 11))
    declined = approached(3, 1, pair=None)
    CallFactory(senior=declined, pair=None, called_at=at(3, 3), outcome=Call.Outcome.DECLINED)
    declined.change_status(Senior.Status.DECLINED, by=None, on=datetime.date(2026, 3, 3))
    silent = approached(4, 1, pair=None)
    CallFactory(senior=silent, pair=None, called_at=at(4, 2), outcome=Call.Outcome.NO_ANSWER)
    staff = approached(1, 10, source=Senior.Source.FLYER, pair=None)
    VisitFactory(senior=staff, pair=None, visited_at=at(1, 20))
    SeniorFactory(
        source=Senior.Source.REGISTER, status=Senior.Status.REGISTER_ONLY, identified_on=None, pair=None
    )


def test_each_source_counts_its_stages_rates_and_median_delays():
    build_cohort()
    funnels = {f.source: f for f in pipeline_by_source(PERIOD.start, PERIOD.end)}
    register = funnels["register"]
    assert (
        register.approached,
        register.reached,
        register.first_visit,
        register.followed,
        register.declined,
    ) == (
        3,
        2,
        1,
        1,
        1,
    )
    assert str(register.rate("reached")) == "66.7" and str(register.rate("followed")) == "33.3"
    assert register.median_days_to_reach == 3 and register.median_days_to_first_visit == 10
    flyer = funnels["flyer"]
    assert (flyer.approached, flyer.reached, flyer.first_visit, flyer.followed) == (1, 1, 1, 0)
    assert flyer.median_days_to_reach == 10
    assert set(funnels) == {"register", "flyer"}


def test_someone_only_on_the_register_is_not_in_the_pipeline():
    SeniorFactory(
        source=Senior.Source.REGISTER, status=Senior.Status.REGISTER_ONLY, identified_on=None, pair=None
    )
    assert pipeline_by_source(PERIOD.start, PERIOD.end) == []


def test_the_bilan_shows_the_pipeline_in_html_pdf_and_xlsx(manager_client):
    build_cohort()
    document = bilan_document(PERIOD)
    table = next(t for t in document.tables if t.key == "pipeline")
    register_row = next(row for row in table.rows if row[0] == str(Senior.Source.REGISTER.label))
    assert register_row[1:3] == [3, 2]
    html = manager_client.get(reverse("reports:bilan") + "?start=2026-01-01&end=2026-06-30").content.decode()
    assert "Le parcours par source" in html
    assert "66,7" in html
    pdf = pdf_text(to_pdf(document))
    assert "Le parcours par source" in pdf and "66,7" in pdf
    workbook = load_workbook(io.BytesIO(to_xlsx(document)))
    sheet = workbook["Parcours par source"]
    rows = list(sheet.iter_rows(values_only=True))
    register = next(row for row in rows if row[0] == str(Senior.Source.REGISTER.label))
    assert register[1:3] == (3, 2)


def test_the_dashboard_shows_the_same_pipeline(coordinator_client):
    build_cohort()
    context = coordinator_client.get(reverse("dashboard")).context
    table = context["pipeline"]
    assert [row[:2] for row in table.rows] == [
        [str(Senior.Source.FLYER.label), 1],
        [str(Senior.Source.REGISTER.label), 3],
    ]
    assert table.totals[0][1] == 4


def test_a_visit_to_someone_only_on_the_register_leaves_the_bilan_whole(manager_client):
    only = SeniorFactory(
        source=Senior.Source.REGISTER, status=Senior.Status.REGISTER_ONLY, identified_on=None, pair=None
    )
    VisitFactory(senior=only, pair=None, visited_at=at(3, 2))
    response = manager_client.get(reverse("reports:bilan") + "?start=2026-01-01&end=2026-06-30")
    assert response.status_code == 200
    assert next(t for t in bilan_document(PERIOD).tables if t.key == "pipeline").rows == []
