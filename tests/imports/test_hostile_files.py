"""Files as town halls really send them, each made here: a first register on a fresh install,
a NUL byte deep in the file, bytes in no known encoding, Excel's UTF-16 "Texte Unicode"
export, an over-long cell. The web import (preview, then confirm) and the command line
answer the same, and a refused file saves nothing."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from seniors.models import Senior
from tests.factories import NeighbourhoodFactory
from tests.imports.conftest import CLEAN_ROWS, HEADERS, make_csv, make_xlsx
from volunteers.models import Neighbourhood, Volunteer

pytestmark = pytest.mark.django_db

NOTHING_SAVED = "rien n’a été enregistré"
FUZZ = settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def preview(client, data, name="registre.csv"):
    return client.post(
        reverse("seniors:import"), {"file": SimpleUploadedFile(name, data), "source": "register"}
    )


def confirm(client, page):
    return client.post(reverse("seniors:import_confirm"), {"token": page.context["token"]}, follow=True)


def command(tmp_path, data, *options):
    path = tmp_path / "registre.csv"
    path.write_bytes(data)
    call_command("import_seniors", str(path), *options)


def padded_rows(count=100):
    """Enough rows that what follows them lies past the first kilobytes of the file."""
    return [
        [
            f"Martin{'e' * (i % 7)}",
            f"Anne{chr(97 + i % 26)}{chr(97 + i // 26)}",
            "01/01/1940",
            "1 rue",
            "80000",
            "Amiens",
            "",
        ]
        for i in range(count)
    ]


# A first register on a fresh install: no neighbourhood exists yet.

REGISTER_WITH_AREAS = make_csv(
    [[*row, area] for row, area in zip(CLEAN_ROWS, ["Saint-Leu", "Henriville", "saint-leu"], strict=True)],
    headers=[*HEADERS, "Quartier"],
    delimiter=";",
)


def test_web_import_on_a_fresh_install_lists_then_creates_the_neighbourhoods(coordinator_client):
    page = preview(coordinator_client, REGISTER_WITH_AREAS)
    text = page.content.decode()
    assert "3 nouveaux" in text and "Confirmer l’import" in text
    assert "2 nouveaux quartiers, créés à la confirmation de l’import : Henriville, Saint-Leu." in text
    assert not Neighbourhood.objects.exists()
    done = confirm(coordinator_client, page)
    assert "Import terminé : 3 nouveaux, 0 mis à jour, 0 inchangé." in done.content.decode()
    assert sorted(Neighbourhood.objects.values_list("name", flat=True)) == ["Henriville", "Saint-Leu"]
    assert Senior.objects.filter(neighbourhood__name="Saint-Leu").count() == 2


def test_an_existing_neighbourhood_is_matched_and_not_created_again(coordinator_client):
    NeighbourhoodFactory(name="Saint-Leu")
    page = preview(coordinator_client, REGISTER_WITH_AREAS)
    assert "1 nouveau quartier, créé à la confirmation de l’import : Henriville." in page.content.decode()
    confirm(coordinator_client, page)
    assert Neighbourhood.objects.count() == 2


def test_command_line_lists_new_neighbourhoods_on_a_dry_run_and_creates_them_otherwise(tmp_path, capsys):
    command(tmp_path, REGISTER_WITH_AREAS, "--dry-run")
    assert "2 nouveaux quartiers" in capsys.readouterr().out
    assert not Neighbourhood.objects.exists() and not Senior.objects.exists()
    command(tmp_path, REGISTER_WITH_AREAS)
    assert Neighbourhood.objects.count() == 2 and Senior.objects.count() == 3


# A NUL byte in a cell, past the first kilobytes (PostgreSQL cannot store it).


def nul_file():
    rows = [
        *padded_rows(),
        ["Lefèvre", "Jo\x00siane", "31/01/1942", "12 rue Saint-Leu", "80000", "Amiens", ""],
    ]
    data = make_csv(rows, delimiter=";")
    assert data.index(b"\x00") > 4096
    return data


def test_web_import_refuses_the_row_with_a_nul_byte_at_the_preview(coordinator_client):
    page = preview(coordinator_client, nul_file())
    text = page.content.decode()
    assert page.status_code == 200
    assert "caractère invisible NUL" in text and "« Prénom »" in text and "Josiane" in text
    assert "Confirmer l’import" not in text
    # Confirming anyway (an old tab, a replayed form) saves nothing and answers in French.
    done = confirm(coordinator_client, page)
    assert done.status_code == 200 and NOTHING_SAVED in done.content.decode()
    assert not Senior.objects.exists()


def test_command_line_refuses_a_nul_byte_without_a_traceback(tmp_path, capsys):
    with pytest.raises(CommandError, match=NOTHING_SAVED):
        command(tmp_path, nul_file())
    assert "caractère invisible NUL" in capsys.readouterr().out
    assert not Senior.objects.exists()


# Bytes that are neither UTF-8 nor Windows-1252.


def undecodable_file():
    rows = [CLEAN_ROWS[0], ["Martin", "Anne", "01/01/1940", "1 rue", "80000", "Amiens", ""]]
    # 0x81 and 0x8d mean nothing in Windows-1252 (nor, alone, in UTF-8).
    return make_csv(rows, delimiter=";", encoding="cp1252").replace(b"Anne", b"An\x81\x8dne")


def mixed_file():
    """Rows pasted from a UTF-8 file into a Windows-1252 one."""
    utf8 = make_csv(CLEAN_ROWS[:2], delimiter=";")
    return utf8 + "Dupré;Hélène;02/03/1945;8 allée;80090;Amiens;\r\n".encode("cp1252")


@pytest.mark.parametrize(("data", "row"), [(undecodable_file(), 3), (mixed_file(), 4)])
def test_web_import_refuses_bytes_in_no_known_encoding_naming_the_row(coordinator_client, data, row):
    page = preview(coordinator_client, data)
    text = page.content.decode()
    assert f"La ligne {row} contient des caractères dans un encodage inconnu" in text
    assert "CSV UTF-8" in text and "Confirmer l’import" not in text
    assert not Senior.objects.exists()


def test_command_line_refuses_bytes_in_no_known_encoding(tmp_path):
    with pytest.raises(CommandError, match="La ligne 3 contient des caractères dans un encodage inconnu"):
        command(tmp_path, undecodable_file())
    assert not Senior.objects.exists()


# Excel's "Texte Unicode" export: UTF-16 with a BOM, tab-separated.


def utf16_file(*, bom=True):
    data = make_csv(CLEAN_ROWS, delimiter="\t", encoding="utf-16-le")
    return ("\ufeff".encode("utf-16-le") + data) if bom else data


@pytest.mark.parametrize("bom", [True, False])
def test_web_import_reads_a_utf16_tab_separated_file(coordinator_client, bom):
    page = preview(coordinator_client, utf16_file(bom=bom), name="registre.txt")
    assert "3 nouveaux" in page.content.decode()
    confirm(coordinator_client, page)
    assert set(Senior.objects.values_list("last_name", flat=True)) == {"Lefèvre", "N'Diaye", "de La Tour"}


def test_command_line_reads_a_utf16_tab_separated_file(tmp_path):
    command(tmp_path, utf16_file())
    assert Senior.objects.get(first_name="Hélène").address == "8 allée des Tilleuls"


# One over-long cell.


def test_web_import_names_the_row_of_an_over_long_cell(coordinator_client):
    rows = [CLEAN_ROWS[0], ["Martin", "Anne", "01/01/1940", "x" * 200_000, "80000", "Amiens", ""]]
    page = preview(coordinator_client, make_csv(rows, delimiter=";"))
    text = page.content.decode()
    assert "La ligne 3 a une cellule de plus de 131\xa0072 caractères" in text
    assert "n’est pas un tableur" not in text
    assert not Senior.objects.exists()


def test_command_line_names_the_row_of_an_over_long_cell(tmp_path):
    rows = [CLEAN_ROWS[0], CLEAN_ROWS[1], ["Martin", "Anne", "01/01/1940", "x" * 200_000, "", "", ""]]
    with pytest.raises(CommandError, match="La ligne 4 a une cellule"):
        command(tmp_path, make_csv(rows))


def test_a_long_cell_within_the_reader_limit_refuses_its_row_with_the_field_limit(coordinator_client):
    rows = [CLEAN_ROWS[0], ["Martin", "Anne", "01/01/1940", "1 rue", "80000", "A" * 5000, ""]]
    page = preview(coordinator_client, make_csv(rows))
    report = page.context["report"]
    assert report.counts == {"create": 1, "update": 0, "unchanged": 0, "refused": 1}
    assert "au plus" in report.rows[1].problems[0].reason


# Counts with their plural.


def test_one_new_senior_is_said_in_the_singular(coordinator_client, tmp_path, capsys):
    page = preview(coordinator_client, make_csv(CLEAN_ROWS[:1]))
    text = page.content.decode()
    assert "1 nouveau<" in text and "0 refusé<" in text
    assert (
        "Import terminé : 1 nouveau, 0 mis à jour, 0 inchangé."
        in confirm(coordinator_client, page).content.decode()
    )
    command(tmp_path, make_csv(CLEAN_ROWS[:2]), "--dry-run")
    assert "1 nouveau, 0 mis à jour, 1 inchangé, 0 refusé." in capsys.readouterr().out


# Phones as offices type them, and as Excel turns them into numbers.

PHONE_ROWS = [
    [*CLEAN_ROWS[0][:6], "+33 (0)1 23 45 67 89"],
    [*CLEAN_ROWS[1][:6], 33612345678],  # a number cell: what Excel makes of +33612345678
    [*CLEAN_ROWS[2][:6], 322112233],  # a number cell that lost the leading zero of 03 22…
]


def test_web_import_stores_phones_in_e164_and_the_list_export_shows_them_in_french(coordinator_client):
    page = preview(coordinator_client, make_xlsx(PHONE_ROWS), name="registre.xlsx")
    confirm(coordinator_client, page)
    phones = dict(Senior.objects.values_list("last_name", "phone"))
    assert phones == {"Lefèvre": "+33123456789", "N'Diaye": "+33612345678", "de La Tour": "+33322112233"}
    export = coordinator_client.get(reverse("seniors:export"), {"format": "csv"}).content.decode("utf-8-sig")
    assert "01 23 45 67 89" in export and "06 12 34 56 78" in export and "03 22 11 22 33" in export


def test_command_line_stores_phones_in_e164(tmp_path):
    command(tmp_path, make_csv([[*CLEAN_ROWS[0][:6], "+33 (0)1 23 45 67 89"]]))
    assert Senior.objects.get().phone == "+33123456789"


def test_the_coordinator_may_count_a_new_name_as_a_neighbourhood_held_or_leave_it_empty(coordinator_client):
    saint_leu = NeighbourhoodFactory(name="Saint-Leu")
    rows = [
        [*row, area] for row, area in zip(CLEAN_ROWS, ["St Leu", "Henriville", "Nulle-part"], strict=True)
    ]
    page = preview(coordinator_client, make_csv(rows, headers=[*HEADERS, "Quartier"]))
    text = page.content.decode()
    assert "3 nouveaux quartiers" in text and "Compter comme « Saint-Leu »" in text
    # The new names are listed in order: Henriville, Nulle-part, St Leu.
    choices = {"neighbourhood-0": "", "neighbourhood-1": "-", "neighbourhood-2": str(saint_leu.pk)}
    done = coordinator_client.post(
        reverse("seniors:import_confirm"), {"token": page.context["token"], **choices}, follow=True
    )
    assert "Import terminé : 3 nouveaux" in done.content.decode()
    assert sorted(Neighbourhood.objects.values_list("name", flat=True)) == ["Henriville", "Saint-Leu"]
    areas = dict(Senior.objects.values_list("last_name", "neighbourhood__name"))
    assert areas == {"Lefèvre": "Saint-Leu", "N'Diaye": "Henriville", "de La Tour": None}


def test_a_neighbourhood_chosen_in_the_preview_then_deleted_saves_nothing(coordinator_client):
    gone = NeighbourhoodFactory(name="Saint-Leu")
    page = preview(coordinator_client, make_csv([[*CLEAN_ROWS[0], "St Leu"]], headers=[*HEADERS, "Quartier"]))
    pk = gone.pk
    gone.delete()
    done = coordinator_client.post(
        reverse("seniors:import_confirm"), {"token": page.context["token"], "neighbourhood-0": str(pk)}
    )
    assert done.status_code == 200 and NOTHING_SAVED in done.content.decode()
    assert "n’existe plus" in done.content.decode()
    assert not Senior.objects.exists() and not Neighbourhood.objects.exists()


# The volunteers' import reads files the same way.

VOLUNTEER_HEADERS = ["Nom", "Prénom", "Tél", "Quartiers"]


def volunteer_preview(client, data):
    return client.post(reverse("volunteers:import"), {"file": SimpleUploadedFile("benevoles.txt", data)})


def test_volunteer_import_reads_utf16_and_creates_its_neighbourhoods(coordinator_client):
    rows = [["Martin", "Josiane", 33612345678, "Saint-Leu, Henriville"], ["Diallo", "Awa", "", "henriville"]]
    data = "\ufeff".encode("utf-16-le") + make_csv(
        rows, headers=VOLUNTEER_HEADERS, delimiter="\t", encoding="utf-16-le"
    )
    page = volunteer_preview(coordinator_client, data)
    assert "2 nouveaux quartiers" in page.content.decode()
    done = coordinator_client.post(
        reverse("volunteers:import_confirm"), {"token": page.context["token"]}, follow=True
    )
    assert "Import terminé : 2 nouveaux, 0 mis à jour, 0 inchangé." in done.content.decode()
    josiane = Volunteer.objects.get(last_name="Martin")
    assert josiane.phone == "+33612345678"
    assert sorted(n.name for n in josiane.neighbourhoods.all()) == ["Henriville", "Saint-Leu"]


def test_volunteer_import_refuses_a_nul_byte_and_an_unknown_encoding(coordinator_client):
    names = [f"Anne{chr(97 + i % 26)}{chr(97 + i // 26)}" for i in range(300)]
    data = make_csv(
        [*[["Martin", name, "", ""] for name in names], ["Diallo", "A\x00wa", "", ""]],
        headers=VOLUNTEER_HEADERS,
    )
    assert data.index(b"\x00") > 4096
    page = volunteer_preview(coordinator_client, data)
    assert "caractère invisible NUL" in page.content.decode()
    bad = make_csv([["Martin", "Anne", "", ""]], headers=VOLUNTEER_HEADERS).replace(b"Anne", b"An\x81ne")
    assert (
        "La ligne 2 contient des caractères dans un encodage inconnu"
        in volunteer_preview(coordinator_client, bad).content.decode()
    )
    assert not Volunteer.objects.exists()


@FUZZ
@given(
    choice=st.one_of(st.sampled_from(["", "-", "0", "-1", "99999999999999999999", "x" * 10_000]), st.text())
)
def test_any_neighbourhood_choice_sent_to_the_confirmation_answers_without_a_server_error(
    coordinator_client, choice
):
    Senior.objects.all().delete()
    Neighbourhood.objects.all().delete()
    page = preview(coordinator_client, make_csv([[*CLEAN_ROWS[0], "St Leu"]], headers=[*HEADERS, "Quartier"]))
    done = coordinator_client.post(
        reverse("seniors:import_confirm"), {"token": page.context["token"], "neighbourhood-0": choice}
    )
    assert done.status_code in (200, 302)
    if done.status_code == 200:  # refused: nothing saved
        assert NOTHING_SAVED in done.content.decode() and not Senior.objects.exists()
