import csv
import datetime
import io

from openpyxl import load_workbook

from ccas_visits.lib.spreadsheet_writing import write_csv, write_xlsx

HOSTILE = '=HYPERLINK("http://evil.example","clic")'


def test_csv_is_semicolon_utf8_with_bom_and_french_formats():
    content = write_csv(["Nom", "Né le", "Durée"], [["Lefèvre", datetime.date(1938, 5, 17), 1.5]])
    assert content.startswith("\ufeff".encode())
    lines = content.decode("utf-8-sig").splitlines()
    assert lines == ["Nom;Né le;Durée", "Lefèvre;17/05/1938;1,5"]


def test_csv_neutralises_formula_cells():
    content = write_csv(["Note"], [[HOSTILE], ["+33 6 12"], ["-1"], ["@SUM(A1)"], ["Lefèvre"]])
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    assert [row[0] for row in rows[1:]] == ["'" + HOSTILE, "'+33 6 12", "'-1", "'@SUM(A1)", "Lefèvre"]


def test_xlsx_writes_formula_looking_text_as_text():
    content = write_xlsx(
        [("Seniors", ["Nom", "Note", "Né le"], [["Lefèvre", HOSTILE, datetime.date(1938, 5, 17)]])]
    )
    sheet = load_workbook(io.BytesIO(content))["Seniors"]
    note = sheet["B2"]
    assert note.value == HOSTILE
    assert note.data_type == "s"
    assert sheet["C2"].value == datetime.datetime(1938, 5, 17)
    assert sheet["A1"].font.bold
