"""A coordinator imports the town's register: upload, check the preview, confirm."""

import pytest
from playwright.sync_api import expect

from ccas_visits.lib.permissions import COORDINATOR
from seniors.models import RegisterEntry, Senior
from tests.factories import NeighbourhoodFactory, UserFactory
from tests.imports.conftest import CLEAN_ROWS, HEADERS, make_xlsx
from volunteers.models import Neighbourhood

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def import_tmp_dir(settings, tmp_path):
    settings.IMPORT_TMP_DIR = tmp_path / "imports"


def test_coordinator_imports_the_register(accessibility_violations, page, login, screenshot):
    UserFactory(username="claire", first_name="Claire", last_name="Vasseur", role=COORDINATOR)
    rows = [[*row, f"R-{i}"] for i, row in enumerate(CLEAN_ROWS)]
    data = make_xlsx(rows, headers=[*HEADERS, "N° registre", "Remarques"], title_row="Registre canicule 2025")
    login("claire")
    page.get_by_role("button", name="Seniors").click()
    page.get_by_role("link", name="Importer des seniors").click()
    expect(page.get_by_role("heading", name="Importer des seniors")).to_be_visible()
    page.get_by_label("Fichier").set_input_files(
        files=[{"name": "registre-2025.xlsx", "mimeType": "application/octet-stream", "buffer": data}]
    )
    page.get_by_role("button", name="Vérifier le fichier").click()

    expect(page.get_by_role("heading", name="Vérifier l’import")).to_be_visible()
    expect(page.get_by_text("3 nouveaux")).to_be_visible()
    expect(page.get_by_text("Lefèvre Josiane (31/01/1942)")).to_be_visible()
    expect(page.get_by_text("« Remarques »")).to_be_visible()
    assert not Senior.objects.exists()
    screenshot("import-preview")
    assert accessibility_violations(page) == []

    page.get_by_role("button", name="Confirmer l’import").click()
    expect(page.get_by_role("status")).to_contain_text("Import terminé : 3 nouveaux")
    screenshot("import-done")
    assert Senior.objects.filter(status=Senior.Status.IDENTIFIED, pair=None).count() == 3
    assert RegisterEntry.objects.count() == 3


def test_first_register_on_a_fresh_install_brings_its_neighbourhoods(
    accessibility_violations, page, login, screenshot, live_server
):
    UserFactory(username="claire", first_name="Claire", last_name="Vasseur", role=COORDINATOR)
    saint_leu = NeighbourhoodFactory(name="Saint-Leu")
    rows = [
        [*row, area] for row, area in zip(CLEAN_ROWS, ["St Leu", "Henriville", "henriville"], strict=True)
    ]
    data = make_xlsx(rows, headers=[*HEADERS, "Quartier"])
    login("claire")
    page.goto(f"{live_server.url}/seniors/importer/")
    page.get_by_label("Fichier").set_input_files(
        files=[{"name": "registre.xlsx", "mimeType": "application/octet-stream", "buffer": data}]
    )
    page.get_by_role("button", name="Vérifier le fichier").click()

    expect(page.get_by_text("2 nouveaux quartiers, créés à la confirmation de l’import")).to_be_visible()
    page.get_by_label("« St Leu »").select_option(label="Compter comme « Saint-Leu »")
    screenshot("import-new-neighbourhoods")
    assert accessibility_violations(page) == []
    page.get_by_role("button", name="Confirmer l’import").click()
    expect(page.get_by_role("status")).to_contain_text("Import terminé : 3 nouveaux")
    assert sorted(Neighbourhood.objects.values_list("name", flat=True)) == ["Henriville", "Saint-Leu"]
    assert Senior.objects.get(first_name="Josiane").neighbourhood == saint_leu
