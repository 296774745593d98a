import io

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook
from pypdf import PdfReader

from tests.reports.dataset import build_known_dataset

pytestmark = pytest.mark.django_db

PERIOD = ["--start", "2025-01-01", "--end", "2025-06-30"]


def test_six_monthly_report_writes_a_pdf(tmp_path):
    build_known_dataset()
    out = tmp_path / "bilan.pdf"
    call_command("six_monthly_report", *PERIOD, "--output", str(out), stdout=io.StringIO())
    text = PdfReader(out).pages[0].extract_text()
    assert "Bilan semestriel" in text


def test_six_monthly_report_writes_xlsx_and_csv(tmp_path):
    build_known_dataset()
    call_command("six_monthly_report", *PERIOD, "--output", str(tmp_path / "b.xlsx"), stdout=io.StringIO())
    call_command("six_monthly_report", *PERIOD, "--output", str(tmp_path / "b.CSV"), stdout=io.StringIO())
    sheet = load_workbook(tmp_path / "b.xlsx")["Appels et visites"]
    assert [c.value for c in sheet[sheet.max_row]][-2:] == [5, 6]
    assert (tmp_path / "b.CSV").read_text(encoding="utf-8-sig").startswith("Bilan semestriel;")


def test_budget_summary_writes_every_format(tmp_path):
    for ext in ("pdf", "xlsx", "csv"):
        out = tmp_path / f"budget.{ext}"
        call_command("budget_summary", *PERIOD, "--output", str(out), stdout=io.StringIO())
        assert out.stat().st_size > 100


@pytest.mark.parametrize("command", ["six_monthly_report", "budget_summary"])
def test_an_unknown_extension_is_refused_in_french(tmp_path, command):
    out = tmp_path / "bilan.docx"
    with pytest.raises(CommandError, match="Format «\u00a0.docx\u00a0» inconnu"):
        call_command(command, *PERIOD, "--output", str(out))
    assert not out.exists()


def test_a_bad_date_is_refused_in_french(tmp_path):
    with pytest.raises(CommandError, match="n’est pas une date"):
        call_command(
            "six_monthly_report",
            "--start",
            "30/06/2025",
            "--end",
            "2025-06-30",
            "--output",
            str(tmp_path / "b.pdf"),
        )
    with pytest.raises(CommandError, match="avant son début"):
        call_command(
            "six_monthly_report",
            "--start",
            "2025-06-30",
            "--end",
            "2025-01-01",
            "--output",
            str(tmp_path / "b.pdf"),
        )
