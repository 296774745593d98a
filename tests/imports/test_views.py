"""The import pages: who may use them, upload → preview → confirm, all or nothing."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from seniors.models import Senior
from tests.conftest import client_for
from tests.factories import NeighbourhoodFactory, PartnerFactory
from tests.imports.conftest import CLEAN_ROWS, HEADERS, make_csv, make_xlsx
from volunteers.models import Neighbourhood

pytestmark = pytest.mark.django_db

PAGES = ["seniors:import", "volunteers:import"]


def upload(client, data, name="registre.csv", url="seniors:import", **fields):
    payload = {"file": SimpleUploadedFile(name, data), "source": "register", **fields}
    return client.post(reverse(url), payload)


@pytest.mark.parametrize("name", PAGES)
def test_anonymous_visitor_is_sent_to_login(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


@pytest.mark.parametrize("name", [*PAGES, "seniors:import_confirm", "volunteers:import_confirm"])
@pytest.mark.parametrize("fixture", ["volunteer_a", "manager"])
def test_volunteers_and_managers_may_not_import(request, fixture, name):
    client = client_for(request.getfixturevalue(fixture))
    assert client.get(reverse(name)).status_code in (403, 405)
    assert client.post(reverse(name), {}).status_code == 403


@pytest.mark.parametrize("name", PAGES)
def test_coordinator_sees_the_upload_page_and_the_nav_link(coordinator_client, name):
    response = coordinator_client.get(reverse(name))
    assert response.status_code == 200
    assert f'href="{reverse(name)}"' in response.content.decode()


def test_upload_shows_a_preview_and_saves_nothing(coordinator_client):
    response = upload(coordinator_client, make_csv(CLEAN_ROWS, delimiter=";", encoding="cp1252"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Vérifier l’import" in page and "3 nouveaux" in page
    assert "Lefèvre Josiane (31/01/1942)" in page
    assert not Senior.objects.exists()


def test_confirm_writes_the_stored_file(coordinator_client):
    preview = upload(coordinator_client, make_xlsx(CLEAN_ROWS))
    response = coordinator_client.post(reverse("seniors:import_confirm"), {"token": preview.context["token"]})
    assert response.status_code == 302
    assert Senior.objects.count() == 3
    # A register import: on the register, not yet approached for visits.
    assert set(Senior.objects.values_list("status", flat=True)) == {Senior.Status.REGISTER_ONLY}
    # The stored file is gone: confirming twice does nothing more.
    again = coordinator_client.post(reverse("seniors:import_confirm"), {"token": preview.context["token"]})
    assert again.status_code == 302 and Senior.objects.count() == 3


def test_confirm_refuses_a_token_from_another_session(coordinator, coordinator_client):
    preview = upload(coordinator_client, make_csv(CLEAN_ROWS))
    other = client_for(coordinator)
    response = other.post(reverse("seniors:import_confirm"), {"token": preview.context["token"]}, follow=True)
    assert "Cet aperçu a expiré" in response.content.decode()
    assert not Senior.objects.exists()


def test_a_row_made_invalid_after_the_preview_means_nothing_is_written(coordinator_client):
    NeighbourhoodFactory(name="Saint-Leu")
    rows = [[*row, "Saint-Leu" if i == 2 else ""] for i, row in enumerate(CLEAN_ROWS)]
    preview = upload(coordinator_client, make_csv(rows, headers=[*HEADERS, "Quartier"]))
    assert preview.context["report"].counts["create"] == 3
    Neighbourhood.objects.filter(name="Saint-Leu").update(name="Saint-Leu Nord")
    response = coordinator_client.post(reverse("seniors:import_confirm"), {"token": preview.context["token"]})
    assert response.status_code == 200
    assert "rien n’a été enregistré" in response.content.decode()
    assert "ne figurait pas parmi les nouveaux quartiers de l’aperçu" in response.content.decode()
    assert not Senior.objects.exists()


def test_unreadable_file_is_refused_in_french(coordinator_client):
    response = upload(coordinator_client, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, name="r.xlsx")
    assert response.status_code == 200
    assert "protégé par un mot de passe" in response.content.decode()


def test_too_large_file_is_refused(coordinator_client, settings):
    settings.IMPORT_MAX_BYTES = 100
    response = upload(coordinator_client, make_csv(CLEAN_ROWS))
    assert "trop volumineux" in response.content.decode()


def test_partner_list_needs_a_partner(coordinator_client):
    response = upload(coordinator_client, make_csv(CLEAN_ROWS), source="partner")
    assert "Indiquez quel partenaire" in response.content.decode()
    partner = PartnerFactory()
    preview = upload(coordinator_client, make_csv(CLEAN_ROWS), source="partner", partner=partner.pk)
    coordinator_client.post(reverse("seniors:import_confirm"), {"token": preview.context["token"]})
    assert set(Senior.objects.values_list("source_partner", flat=True)) == {partner.pk}


def test_uploaded_file_is_kept_on_the_server_only(coordinator_client, import_tmp_dir):
    preview = upload(coordinator_client, make_csv(CLEAN_ROWS))
    stored = list(import_tmp_dir.glob("*.upload"))
    assert len(stored) == 1 and preview.context["token"] in stored[0].name
    coordinator_client.post(reverse("seniors:import_confirm"), {"token": preview.context["token"]})
    assert not list(import_tmp_dir.glob("*.upload"))


def test_bad_token_is_refused(coordinator_client):
    upload(coordinator_client, make_csv(CLEAN_ROWS))
    response = coordinator_client.post(reverse("seniors:import_confirm"), {"token": "../../etc/passwd"})
    assert response.status_code == 302
    assert not Senior.objects.exists()
