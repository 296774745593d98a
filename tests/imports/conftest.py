"""Real spreadsheet files, made in the tests as offices make them."""

import csv
import io

import pytest
from openpyxl import Workbook

HEADERS = ["Nom", "Prénom", "Date de naissance", "Adresse", "Code postal", "Ville", "Téléphone"]
CLEAN_ROWS = [
    ["Lefèvre", "Josiane", "31/01/1942", "12 rue Saint-Leu", "80000", "Amiens", "06 12 34 56 78"],
    ["N'Diaye", "Amadou", "1938-05-17", "3 place Gambetta", "80000", "Amiens", "+33 6 98 76 54 32"],
    ["de La Tour", "Hélène", "02-03-1945", "8 allée des Tilleuls", "80090", "Amiens", "03.22.11.22.33"],
]


def make_csv(rows, *, headers=HEADERS, encoding="utf-8", delimiter=",", bom=False) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(headers)
    writer.writerows(rows)
    data = buffer.getvalue().encode(encoding)
    return (b"\xef\xbb\xbf" + data) if bom else data


def make_xlsx(rows, *, headers=HEADERS, title_row: str | None = None, trailing_empty: int = 0) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    if title_row:
        sheet.append([title_row])
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers))
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    last = sheet.max_row
    for offset in range(1, trailing_empty + 1):
        # Formatted but empty rows, as Excel leaves them at the bottom of a sheet.
        sheet.cell(row=last + offset, column=1).number_format = "@"
        sheet.cell(row=last + offset, column=1).value = None
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.fixture(autouse=True)
def import_tmp_dir(settings, tmp_path):
    settings.IMPORT_TMP_DIR = tmp_path / "imports"
    return settings.IMPORT_TMP_DIR
