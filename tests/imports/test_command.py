"""`manage.py import_seniors`: the same report, and an exit status scripts can trust."""

import pytest
from django.core.management import CommandError, call_command

from seniors.models import RegisterEntry, Senior
from tests.factories import PartnerFactory
from tests.imports.conftest import CLEAN_ROWS, make_csv

pytestmark = pytest.mark.django_db


@pytest.fixture
def clean_file(tmp_path):
    path = tmp_path / "registre.csv"
    path.write_bytes(make_csv(CLEAN_ROWS, delimiter=";"))
    return path


def test_dry_run_prints_the_report_and_writes_nothing(clean_file, capsys):
    call_command("import_seniors", str(clean_file), "--dry-run")
    out = capsys.readouterr().out
    assert "Lefèvre Josiane (31/01/1942)" in out and "Nouveau" in out
    assert "simulation" in out
    assert not Senior.objects.exists()


def test_register_import_from_the_command_line(clean_file):
    call_command("import_seniors", str(clean_file), "--source", "register")
    assert Senior.objects.count() == 3 and RegisterEntry.objects.count() == 3
    assert not Senior.objects.exclude(status=Senior.Status.REGISTER_ONLY).exists()


def test_a_refused_row_exits_non_zero_and_writes_nothing(tmp_path, capsys):
    path = tmp_path / "mauvais.csv"
    path.write_bytes(make_csv([*CLEAN_ROWS, ["", "X", "pas une date", "", "", "", ""]]))
    with pytest.raises(CommandError) as error:
        call_command("import_seniors", str(path))
    assert error.value.returncode == 1
    assert "rien n’a été enregistré" in str(error.value)
    assert "Refusé" in capsys.readouterr().out
    assert not Senior.objects.exists()


def test_unreadable_file_exits_non_zero(tmp_path):
    path = tmp_path / "vide.csv"
    path.write_bytes(b"")
    with pytest.raises(CommandError, match="vide"):
        call_command("import_seniors", str(path))


def test_partner_source_needs_a_known_partner(clean_file):
    PartnerFactory(name="CLIC du Val")
    with pytest.raises(CommandError, match="CLIC du Val"):
        call_command("import_seniors", str(clean_file), "--source", "partner", "--partner", "Inconnu")
    call_command("import_seniors", str(clean_file), "--source", "partner", "--partner", "clic du val")
    assert set(Senior.objects.values_list("source", flat=True)) == {"partner"}
