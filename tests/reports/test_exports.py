"""The files: the PDF holds the figures and every page renders; XLSX and CSV hold the same
rows; WeasyPrint reads only the static files on disk."""

import csv
import io
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from openpyxl import load_workbook
from pypdf import PdfReader

from reports.exports import StaticFilesOnly, bilan_document, budget_document, to_csv, to_pdf, to_xlsx
from reports.tables import format_cell
from tests.factories import BudgetFactory, ExpenseLineFactory, FundingFactory
from tests.reports.dataset import H1_2025, build_known_dataset

pytestmark = pytest.mark.django_db

SENIOR_NAMES = ["Odette", "Caron"]


def pdf_text(content: bytes) -> str:
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    return " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").split())


def render_pages(content: bytes, tmp_path: Path) -> list[Path]:
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(content)
    subprocess.run(  # noqa: S603 - fixed arguments, our own file
        ["/usr/bin/pdftoppm", "-png", "-r", "40", str(pdf), str(tmp_path / "page")], check=True
    )
    return sorted(tmp_path.glob("page-*.png"))


def test_bilan_pdf_holds_the_tally_and_every_page_renders(tmp_path):
    build_known_dataset()
    content = to_pdf(bilan_document(H1_2025))
    text = pdf_text(content)
    assert "Bilan semestriel" in text and "janvier–juin 2025" in text
    assert "Confidentiel" in text and "Page 2 / " in text
    assert "« Binôme B » (n° 2) 01/10/2024 15/03/2025 0 0 1 0 0 1 0 0 0 0 0 0 1 1" in text
    assert "Équipe du CCAS (sans binôme) — — 0 0 0 0 1 0 0 1 0 0 1 0 2 1" in text
    assert "Total — — 1 1 2 0 1 1 0 1 0 1 1 2 5 6" in text
    assert "Seniors joints (au moins un contact abouti) 4" in text
    assert "Délai médian entre repérage et première visite (jours) 58,5" in text
    assert "Café Relais 3 1 1 33,3 %" in text
    assert not any(name in text for name in SENIOR_NAMES)
    pages = render_pages(content, tmp_path)
    assert len(pages) == len(PdfReader(io.BytesIO(content)).pages) >= 5
    assert all(page.stat().st_size > 1000 for page in pages)


def words_off_the_page(content: bytes, tmp_path: Path) -> list[str]:
    """Words printed past the page's right margin (15 mm), as pdftotext places them."""
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(content)
    boxes = subprocess.run(  # noqa: S603 - fixed arguments, our own file
        ["/usr/bin/pdftotext", "-bbox", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    margin = 15 / 25.4 * 72
    off, width = [], 0.0
    for line in boxes.splitlines():
        if line.strip().startswith("<page "):
            width = float(line.split('width="')[1].split('"')[0])
        elif line.strip().startswith("<word "):
            x_max = float(line.split('xMax="')[1].split('"')[0])
            if x_max > width - margin + 1:
                off.append(line.split(">")[1].split("<")[0])
    return off


def test_no_column_of_the_bilan_runs_off_the_page(tmp_path):
    build_known_dataset()
    assert words_off_the_page(to_pdf(bilan_document(H1_2025)), tmp_path) == []


def test_empty_bilan_renders_with_zeros(tmp_path):
    content = to_pdf(bilan_document(H1_2025))
    text = pdf_text(content)
    assert "Équipe du CCAS (sans binôme) — — 0 0 0 0 0 0 0 0 0 0 0 0 0 0" in text
    assert "Rien d’enregistré sur la période." in text
    assert render_pages(content, tmp_path)


def test_budget_pdf_prints_french_amounts(tmp_path):
    budget = BudgetFactory()
    FundingFactory(budget=budget, amount=1234.56)
    ExpenseLineFactory(budget=budget, planned=40000, spent=10000)
    content = to_pdf(budget_document(H1_2025))
    text = pdf_text(content)
    assert "Synthèse budgétaire" in text
    assert "CCAS 1 234,56 € 100,0 %" in text
    assert "40 000,00 €" in text
    assert render_pages(content, tmp_path)


def test_xlsx_and_csv_hold_the_same_rows_as_the_pdf_tables():
    build_known_dataset()
    document = bilan_document(H1_2025)
    tally = document.tables[0]
    workbook = load_workbook(io.BytesIO(to_xlsx(document)))
    assert workbook.sheetnames[0] == "Appels et visites"
    sheet = workbook["Appels et visites"]
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert rows[0] == tally.headers
    assert rows[0][3] == "Janvier 2025 — appels"
    assert rows[-1] == ["Total", None, None, 1, 1, 2, 0, 1, 1, 0, 1, 0, 1, 1, 2, 5, 6]
    assert len(workbook.sheetnames) == len(document.tables)

    lines = list(csv.reader(io.StringIO(to_csv(document).decode("utf-8-sig")), delimiter=";"))
    assert lines[0] == ["Bilan semestriel", "janvier–juin 2025"]
    start = lines.index([tally.title])
    assert lines[start + 1] == tally.headers
    assert lines[start + 2 + len(tally.rows)] == ["Total", "", "", *map(str, tally.totals[0][3:])]


def test_french_number_formats():
    assert format_cell(1234, "int") == "1\u00a0234"
    assert format_cell(1234.56, "money") == "1\u00a0234,56\u00a0€"
    assert format_cell(12.5, "pct") == "12,5\u00a0%"
    assert format_cell(None, "money") == "—"


def test_weasyprint_reads_static_files_from_disk_only(tmp_path):
    fetcher = StaticFilesOnly([Path(settings.STATICFILES_DIRS[0])])
    css = (Path(settings.STATICFILES_DIRS[0]) / "css" / "print.css").resolve()
    assert fetcher.fetch(css.as_uri())
    secret = tmp_path / "secret.txt"
    secret.write_text("x")
    for url in ["http://127.0.0.1:8000/static/css/print.css", secret.as_uri()]:
        with pytest.raises(ValueError):
            fetcher.fetch(url)
