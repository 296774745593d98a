"""Importing seniors: reading the files offices produce, matching, the row report."""

import datetime

import pytest
from openpyxl import Workbook

from ccas_visits.lib.import_reports import Action
from ccas_visits.lib.spreadsheet_reading import TableError
from seniors.imports import import_seniors, plan_seniors
from seniors.models import RegisterEntry, Senior
from tests.factories import NeighbourhoodFactory, PartnerFactory, SeniorFactory
from tests.imports.conftest import CLEAN_ROWS, HEADERS, make_csv, make_xlsx

pytestmark = pytest.mark.django_db


def run(data, source=Senior.Source.BIRTHDAY, **kwargs):
    return import_seniors(data, file_name="liste.csv", source=source, **kwargs)


def test_a_clean_file_creates_identified_seniors_with_normalised_phones(coordinator):
    report = run(make_csv(CLEAN_ROWS), user=coordinator)
    assert report.written
    assert report.counts == {"create": 3, "update": 0, "unchanged": 0, "refused": 0}
    josiane = Senior.objects.get(last_name="Lefèvre")
    assert josiane.birth_date == datetime.date(1942, 1, 31)
    assert josiane.phone == "+33612345678"
    assert Senior.objects.get(last_name="N'Diaye").phone == "+33698765432"
    assert Senior.objects.get(first_name="Hélène").birth_date == datetime.date(1945, 3, 2)
    assert set(Senior.objects.values_list("status", "source", "pair")) == {
        (Senior.Status.IDENTIFIED, Senior.Source.BIRTHDAY, None)
    }
    assert josiane.history.first().history_user == coordinator


def test_an_import_leaves_one_creation_entry_per_record_in_the_audit_trail(coordinator):
    run(make_csv([[*row, f"R-{i}"] for i, row in enumerate(CLEAN_ROWS)], headers=[*HEADERS, "N° registre"]),
        source=Senior.Source.REGISTER, user=coordinator)  # fmt: skip
    for senior in Senior.objects.all():
        (created,) = senior.history.all()
        assert (created.history_type, created.history_user, created.history_change_reason) == (
            "+",
            coordinator,
            "Import de liste.csv",
        )
        assert (created.last_name, created.phone, created.birth_date) == (
            senior.last_name,
            senior.phone,
            senior.birth_date,
        )
        (entry,) = senior.register_entry.history.all()
        assert (entry.history_type, entry.register_id) == ("+", senior.register_entry.register_id)


def test_dry_run_writes_nothing():
    report = run(make_csv(CLEAN_ROWS), dry_run=True)
    assert report.count(Action.CREATE) == 3
    assert not report.written
    assert not Senior.objects.exists()


def test_headers_are_matched_without_case_accents_or_spaces_and_unknown_ones_listed():
    headers = ["  NOM ", "prenom", "Né(e) le", "adresse", "CP", "Commune", "Tél.", "Remarques"]
    rows = [["Lefèvre", "Josiane", "31/01/1942", "12 rue Saint-Leu", "80000", "Amiens", "0612345678", "x"]]
    plan = plan_seniors(make_csv(rows, headers=headers), file_name="f.csv", source=Senior.Source.BIRTHDAY)
    assert plan.report.unknown_columns == ["Remarques"]
    assert plan.report.count(Action.CREATE) == 1
    senior = plan.new_seniors[0]
    assert (senior.postal_code, senior.city, senior.phone) == ("80000", "Amiens", "+33612345678")


def test_windows_1252_with_semicolons_is_read():
    data = make_csv(CLEAN_ROWS, encoding="cp1252", delimiter=";")
    assert "é".encode("cp1252") in data
    report = run(data)
    assert report.count(Action.CREATE) == 3
    assert Senior.objects.filter(first_name="Hélène", last_name="de La Tour").exists()


def test_utf8_with_bom_and_commas_is_read():
    report = run(make_csv(CLEAN_ROWS, bom=True))
    assert report.count(Action.CREATE) == 3
    assert Senior.objects.filter(last_name="Lefèvre").exists()


def test_xlsx_with_a_merged_title_above_the_headers_and_trailing_empty_rows():
    rows = [row[:2] + [datetime.datetime(1942, 1, 31)] + row[3:5] + [row[5], 612345678] for row in CLEAN_ROWS]
    data = make_xlsx(rows, title_row="Registre canicule 2025", trailing_empty=50)
    report = run(data, source=Senior.Source.REGISTER)
    assert report.counts["create"] == 3 and report.counts["refused"] == 0
    assert [row.number for row in report.rows] == [3, 4, 5]
    senior = Senior.objects.get(last_name="Lefèvre")
    assert senior.birth_date == datetime.date(1942, 1, 31)
    assert senior.phone == "+33612345678"


def test_the_same_file_twice_creates_no_duplicate_and_says_unchanged():
    run(make_csv(CLEAN_ROWS))
    report = run(make_csv(CLEAN_ROWS))
    assert Senior.objects.count() == 3
    assert report.counts == {"create": 0, "update": 0, "unchanged": 3, "refused": 0}


def test_matching_ignores_accents_and_case_and_updates_what_changed():
    SeniorFactory(last_name="LEFEVRE", first_name="josiane", birth_date=datetime.date(1942, 1, 31), phone="")
    rows = [["Lefèvre", "Josiane", "31/01/1942", "12 rue Saint-Leu", "80000", "Amiens", "06 12 34 56 78"]]
    report = run(make_csv(rows))
    assert report.rows[0].action == Action.UPDATE
    assert "Téléphone" in report.rows[0].changes
    assert Senior.objects.get().phone == "+33612345678"


def test_every_kind_of_bad_row_is_refused_with_row_column_value_and_reason():
    NeighbourhoodFactory(name="Saint-Leu")
    headers = HEADERS + ["Quartier", "Sexe"]
    good = ["Lefèvre", "Josiane", "31/01/1942", "12 rue Saint-Leu", "80000", "Amiens", "0612345678", "", ""]
    bad = {
        "no name": ["", "Jean", "01/01/1940", "1 rue", "80000", "Amiens", "", "", ""],
        "digits in name": ["Dupont3", "Jean", "01/01/1940", "1 rue", "80000", "Amiens", "", "", ""],
        "bad date": ["Martin", "Paul", "31/02/1940", "1 rue", "80000", "Amiens", "", "", ""],
        "future date": ["Martin", "Pierre", "01/01/2090", "1 rue", "80000", "Amiens", "", "", ""],
        "no address": ["Martin", "Jacques", "01/01/1940", "", "80000", "Amiens", "", "", ""],
        "bad phone": ["Martin", "Luc", "01/01/1940", "1 rue", "80000", "Amiens", "appeler", "", ""],
        "bad postal code": ["Martin", "Marc", "01/01/1940", "1 rue", "8000A", "Amiens", "", "", ""],
        "too long quartier": ["Martin", "Jean", "01/01/1940", "1 rue", "80000", "Amiens", "", "Q" * 101, ""],
        "bad sex": ["Martin", "Anne", "01/01/1940", "1 rue", "80000", "Amiens", "", "", "?"],
        "duplicate": good,
    }
    report = run(make_csv([good, *bad.values()], headers=headers))
    assert not report.written
    assert not Senior.objects.exists()
    assert report.rows[0].action == Action.CREATE
    refused = report.rows[1:]
    assert [row.action for row in refused] == [Action.REFUSED] * len(bad)
    reasons = {name: row.problems[0] for name, row in zip(bad, refused, strict=True)}
    assert reasons["no name"].column == "Nom"
    assert reasons["no name"].reason == "Ce champ ne peut pas être vide."
    assert reasons["bad date"].value == "31/02/1940"
    assert "31/01/1942" in reasons["bad date"].reason
    assert "plausible" in reasons["future date"].reason
    assert reasons["bad phone"].column == "Téléphone"
    assert reasons["bad postal code"].reason == "Un code postal a 5 chiffres."
    assert "100 caractères" in reasons["too long quartier"].reason
    assert reasons["bad sex"].column == "Sexe"
    assert "ligne 2" in reasons["duplicate"].reason
    assert refused[0].number == 3


def test_a_formula_cell_is_stored_as_plain_text():
    formula = '=HYPERLINK("http://evil.example","clic")'
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADERS)
    sheet.append(["Lefèvre", "Josiane", "31/01/1942", formula, "80000", "Amiens", ""])
    import io

    buffer = io.BytesIO()
    workbook.save(buffer)
    run(buffer.getvalue())
    assert Senior.objects.get().address == formula


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "Le fichier est vide."),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "mot de passe"),
        (b"PK\x03\x04 not really a zip", "n’est pas un tableur"),
        (b"%PDF-1.4\x00\x00binary", "n’est pas un tableur"),
        ("Nom;Prénom\nLefèvre;Josiane\n".encode(), "Colonnes obligatoires manquantes"),
        ("Nom;Prénom;Date de naissance;Adresse\n".encode(), "aucune ligne"),
    ],
)
def test_unreadable_files_are_refused_in_french(data, message):
    with pytest.raises(TableError) as error:
        run(data)
    assert message in str(error.value)


def test_too_many_rows_is_refused(settings):
    settings.IMPORT_MAX_ROWS = 2
    with pytest.raises(TableError, match="plus de 2 lignes"):
        run(make_csv(CLEAN_ROWS))


def test_register_import_records_the_entry_and_never_enrols(coordinator, pair_a):
    known = SeniorFactory(
        last_name="Lefèvre", first_name="Josiane", birth_date=datetime.date(1942, 1, 31), pair=None
    )
    known.status = Senior.Status.CONTACTED
    known.save(update_fields=["status"])
    headers = [*HEADERS, "N° registre", "Date d'inscription"]
    rows = [[*row, f"R-{i}", "15/06/2025"] for i, row in enumerate(CLEAN_ROWS)]
    report = run(make_csv(rows, headers=headers), source=Senior.Source.REGISTER, user=coordinator)
    assert report.written
    assert report.counts["create"] == 2 and report.counts["update"] == 1
    known.refresh_from_db()
    assert known.status == Senior.Status.CONTACTED and known.pair is None
    assert known.source == Senior.Source.FLYER
    new = Senior.objects.exclude(pk=known.pk)
    assert {(s.status, s.pair_id, s.source) for s in new} == {(Senior.Status.REGISTER_ONLY, None, "register")}
    entries = RegisterEntry.objects.order_by("register_id")
    assert [e.register_id for e in entries] == ["R-0", "R-1", "R-2"]
    assert entries[0].senior == known
    assert entries[0].registered_on == datetime.date(2025, 6, 15)
    assert {e.basis for e in entries} == {RegisterEntry.Basis.AGE_65}
    # Next year's register, same ids, a new address: updated, no duplicate.
    rows[1][3] = "5 rue Neuve"
    again = run(make_csv(rows, headers=headers), source=Senior.Source.REGISTER)
    assert again.counts == {"create": 0, "update": 1, "unchanged": 2, "refused": 0}
    assert Senior.objects.count() == 3 and RegisterEntry.objects.count() == 3
    assert Senior.objects.get(last_name="N'Diaye").address == "5 rue Neuve"


def test_register_id_matches_even_when_the_name_was_corrected():
    run(make_csv([[*CLEAN_ROWS[0], "R-7"]], headers=[*HEADERS, "Identifiant registre"]), source="register")
    fixed = ["Lefèvre-Dupré", *CLEAN_ROWS[0][1:], "R-7"]
    report = run(make_csv([fixed], headers=[*HEADERS, "Identifiant registre"]), source="register")
    assert report.rows[0].action == Action.UPDATE
    assert Senior.objects.get().last_name == "Lefèvre-Dupré"


def test_partner_import_records_the_partner():
    partner = PartnerFactory(name="CLIC du Val")
    run(make_csv(CLEAN_ROWS), source=Senior.Source.PARTNER, partner=partner)
    assert set(Senior.objects.values_list("source", "source_partner")) == {("partner", partner.pk)}
