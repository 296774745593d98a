"""The network export: stable codes, the period and the INSEE code, every count of people
from 1 to 4 masked and nothing else changed (on the hand-counted programme of test_annex)."""

import csv
import io
import json

import pytest
from django.urls import reverse

from reports.bilan.annex import funder_annex
from reports.network import CODES, FIELDS, PEOPLE, network_lines
from tests.reports.dataset import H1_2025
from tests.reports.test_annex import programme  # noqa: F401  (the fixture)
from visits.indicators import score_movement

pytestmark = pytest.mark.django_db

QUERY = {"start": "2025-01-01", "end": "2025-06-30"}


def test_the_codes_and_their_breakdowns_never_change():
    # A network adds files of several years and towns up by these codes: changing one breaks
    # every sum made with it. A new indicator gets a new code, added at the end of this list.
    assert CODES == (
        "contacts.calls",
        "contacts.visits",
        "seniors.reached",
        "seniors.followed_end",
        "seniors.new_followed",
        "activities.sessions",
        "activities.participants",
        "activities.participations",
        "volunteers.active",
        "volunteers.hours",
        "loneliness.measured_twice",
        "loneliness.improved",
        "loneliness.unchanged",
        "loneliness.worse",
    )
    assert FIELDS == (
        "insee",
        "period_start",
        "period_end",
        "code",
        "sex",
        "age_band",
        "volunteer_kind",
        "value",
    )


def test_every_code_is_defined_in_the_docs(settings):
    text = (settings.BASE_DIR / "docs" / "network-indicators.md").read_text(encoding="utf-8")
    for code in CODES:
        assert f"`{code}`" in text


@pytest.mark.usefixtures("programme")
def test_small_counts_of_people_are_masked_and_nothing_else_changes():
    annex = funder_annex(H1_2025, H1_2025.end)
    lines = network_lines(annex, score_movement(H1_2025.start, H1_2025.end))
    assert [code for code in CODES if code not in {line.code for line in lines}] == []
    for line in lines:
        if line.code in PEOPLE:
            assert not (isinstance(line.value, int) and 1 <= line.value <= 4), line
    whole = {line.code: line.value for line in lines if line.code not in PEOPLE}
    assert whole == {
        "contacts.calls": 3,
        "contacts.visits": 3,
        "activities.sessions": 2,
        "activities.participations": 3,
        "volunteers.hours": annex.hours.hours,
    }
    # Marthe, the only woman of 80-89 followed at the end: masked, and so is what gives her away.
    followed = {(line.age_band, line.sex): line for line in lines if line.code == "seniors.followed_end"}
    assert followed[("80_89", "F")].masked == "small"
    assert followed[("under_60", "F")].value == 0


@pytest.mark.usefixtures("programme")
def test_the_csv_and_the_json_say_the_same(manager_client, settings):
    settings.CCAS_INSEE_CODE = "80021"
    response = manager_client.get(reverse("reports:network_file", args=["csv"]), QUERY)
    assert response.status_code == 200
    assert "indicateurs-reseau-2025-01-01-2025-06-30.csv" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8"))))
    assert {row["insee"] for row in rows} == {"80021"}
    assert {(row["period_start"], row["period_end"]) for row in rows} == {("2025-01-01", "2025-06-30")}
    document = json.loads(manager_client.get(reverse("reports:network_file", args=["json"]), QUERY).content)
    assert document["format"] == "ccas-visits-network/1" and document["insee"] == "80021"
    assert len(document["indicators"]) == len(rows)
    for row, line in zip(rows, document["indicators"], strict=True):
        assert row["code"] == line["code"]
        if line["masked"]:
            assert line["value"] is None and row["value"] in {"< 5", "s"}
        else:
            assert float(row["value"]) == line["value"]
    assert "Marthe" not in response.content.decode()


def test_a_bad_period_or_format_is_refused_in_french(manager_client):
    assert manager_client.get(reverse("reports:network_file", args=["xml"]), QUERY).status_code == 404
    response = manager_client.get(
        reverse("reports:network_file", args=["csv"]), {"start": "2025-06-30", "end": "2025-01-01"}
    )
    assert response.status_code == 400
    assert "La fin de la période" in response.content.decode()
