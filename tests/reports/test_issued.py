"""Issued bilans: generated once when the period is over, served byte for byte, untouched
by later corrections (which the "changes since" page lists, with the figures they move),
re-issued as version 2 with its cover saying what changed, checked by file or by hash."""

import datetime
import hashlib
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from reports.models import IssuedBilan
from reports.services import figures_of
from seniors.models import AccessLog
from tests.factories import VisitFactory
from tests.reports.dataset import H1_2025, build_known_dataset, paris
from tests.reports.test_exports import pdf_text

pytestmark = pytest.mark.django_db

H1 = {"start": "2025-01-01", "end": "2025-06-30"}


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def dataset(db):
    return build_known_dataset()


def issue(client, version: int = 1, **period):
    return client.post(reverse("reports:issue"), {**(period or H1), "version": version})


def stored(issued: IssuedBilan, fmt: str) -> bytes:
    with issued.file(fmt).open("rb") as handle:
        return handle.read()


def download(client, issued: IssuedBilan, fmt: str) -> bytes:
    response = client.get(reverse("reports:issued_file", args=[issued.pk, fmt]))
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def correct_later(frozen_clock, dataset, coordinator) -> None:
    """Ten minutes after the issue, a coordinator records a visit of March that had been forgotten."""
    frozen_clock.shift(datetime.timedelta(minutes=10))
    visit = VisitFactory.build(senior=dataset.seniors[1], visited_at=paris(2025, 3, 20, 10))
    visit._history_user = coordinator
    visit.save()


def test_coordinator_issues_a_bilan_stored_with_the_sha256_of_each_file(
    dataset, coordinator_client, coordinator
):
    response = issue(coordinator_client)
    issued = IssuedBilan.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("reports:issued_detail", args=[issued.pk])
    assert (issued.version, issued.issued_by, issued.figures) == (1, coordinator, figures_of(H1_2025))
    for fmt in ("pdf", "xlsx", "csv"):
        assert hashlib.sha256(stored(issued, fmt)).hexdigest() == issued.sha256(fmt)
    assert issued.pdf.name.endswith("bilan-2025-01-01-2025-06-30-v1.pdf")
    assert "Émis le 13/05/2026 par" in pdf_text(stored(issued, "pdf"))
    log = AccessLog.objects.get(user=coordinator, detail__startswith="issue")
    assert "issue v1 2025-01-01 2025-06-30" in log.detail


def test_manager_downloads_the_issued_files_byte_identical_and_named_with_the_version(
    dataset, coordinator_client, manager_client, manager
):
    issue(coordinator_client)
    issued = IssuedBilan.objects.get()
    for fmt in ("pdf", "xlsx", "csv"):
        response = manager_client.get(reverse("reports:issued_file", args=[issued.pk, fmt]))
        assert f"bilan-2025-01-01-2025-06-30-v1.{fmt}" in response["Content-Disposition"]
        assert hashlib.sha256(b"".join(response.streaming_content)).hexdigest() == issued.sha256(fmt)
    assert AccessLog.objects.filter(user=manager, detail__startswith="download").count() == 3


def test_reports_page_says_who_issued_and_keeps_the_provisional_files(
    dataset, coordinator_client, manager_client
):
    issue(coordinator_client)
    page = manager_client.get(reverse("manager_home")).content.decode()
    assert "Émis le 13/05/2026 par" in page and "(version 1)" in page
    assert "Provisoire, recalculé" in page
    assert reverse("reports:bilan_file", args=["pdf"]) + "?start=2025-01-01&amp;end=2025-06-30" in page


def test_a_correction_leaves_the_issued_files_unchanged_and_shows_in_changes_since(
    dataset, coordinator_client, manager_client, coordinator, frozen_clock
):
    issue(coordinator_client)
    issued = IssuedBilan.objects.get()
    before = {fmt: download(manager_client, issued, fmt) for fmt in ("pdf", "xlsx", "csv")}
    visits = issued.figures["visits"]

    correct_later(frozen_clock, dataset, coordinator)

    assert {fmt: download(manager_client, issued, fmt) for fmt in ("pdf", "xlsx", "csv")} == before
    page = manager_client.get(reverse("reports:issued_detail", args=[issued.pk])).content.decode()
    assert f"Visites effectuées : {visits} → {visits + 1}" in page
    assert "1 modification d’un appel, d’une visite ou d’un dossier de la période" in page
    assert "Visite n°" in page and "ajout" in page
    assert "Lucienne" not in page and dataset.seniors[1].last_name not in page


def test_version_two_states_what_changed_and_carries_the_correction(
    dataset, coordinator_client, coordinator, frozen_clock
):
    issue(coordinator_client)
    first = IssuedBilan.objects.get()
    visits = first.figures["visits"]
    correct_later(frozen_clock, dataset, coordinator)

    issue(coordinator_client, version=2)
    second = IssuedBilan.objects.get(version=2)
    assert second.figures["visits"] == visits + 1
    text = pdf_text(stored(second, "pdf"))
    assert "(version 2)" in text
    assert "Depuis la version 1 : 1 enregistrement de la période a changé." in text
    assert f"Visites effectuées : {visits} → {visits + 1}" in text
    sheet = load_workbook(io.BytesIO(stored(second, "xlsx"))).worksheets[0]
    assert f"Visites effectuées : {visits} → {visits + 1}" in [
        row[0] for row in sheet.iter_rows(values_only=True)
    ]
    assert stored(first, "pdf") != stored(second, "pdf")


def test_a_double_click_issues_one_version(dataset, coordinator_client):
    issue(coordinator_client)
    response = issue(coordinator_client)
    assert IssuedBilan.objects.count() == 1
    assert response.url == reverse("reports:issued_detail", args=[IssuedBilan.objects.get().pk])


def test_a_period_not_over_is_not_issued(db, coordinator_client):
    response = issue(coordinator_client, start="2026-01-01", end="2026-06-30")
    assert not IssuedBilan.objects.exists()
    page = coordinator_client.get(response.url).content.decode()
    assert "Un bilan est émis une fois sa période terminée : celle-ci se termine le 30/06/2026." in page


@pytest.mark.parametrize("who", ["manager_client", "volunteer_a_client"])
def test_only_coordinators_issue(dataset, request, who):
    assert issue(request.getfixturevalue(who)).status_code == 403
    assert not IssuedBilan.objects.exists()


def test_issuing_is_post_only(coordinator_client):
    assert coordinator_client.get(reverse("reports:issue")).status_code == 405


def test_unknown_issued_bilan_or_format_is_404(dataset, coordinator_client, manager_client):
    issue(coordinator_client)
    issued = IssuedBilan.objects.get()
    assert manager_client.get(reverse("reports:issued_detail", args=[issued.pk + 1])).status_code == 404
    assert manager_client.get(reverse("reports:issued_file", args=[issued.pk, "docx"])).status_code == 404


def test_manager_verifies_a_file_by_upload_and_by_hash(dataset, coordinator_client, manager_client):
    issue(coordinator_client)
    issued = IssuedBilan.objects.get()
    url = reverse("reports:verify")
    genuine = SimpleUploadedFile("bilan.pdf", stored(issued, "pdf"), content_type="application/pdf")
    page = manager_client.post(url, {"file": genuine}).content.decode()
    assert "Ce fichier est la version 1 du bilan janvier–juin 2025, émise le 13/05/2026 par" in page
    page = manager_client.post(url, {"sha256": issued.csv_sha256.upper()}).content.decode()
    assert "Ce fichier est la version 1 du bilan janvier–juin 2025" in page
    forged = SimpleUploadedFile("bilan.pdf", stored(issued, "pdf") + b"\n", content_type="application/pdf")
    assert (
        "Ce fichier ne correspond à aucun bilan émis."
        in manager_client.post(url, {"file": forged}).content.decode()
    )
    assert "aucun bilan émis" in manager_client.post(url, {"sha256": "0" * 64}).content.decode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"file": SimpleUploadedFile("bilan.pdf", b"")}, "Le fichier soumis est vide."),
        ({"file": SimpleUploadedFile("bilan.docx", b"PK")}, "Donnez un fichier PDF, XLSX ou CSV."),
        ({"sha256": "not a hash"}, "Un SHA-256 s’écrit en 64 caractères hexadécimaux"),
        ({}, "Choisissez un fichier ou collez son SHA-256."),
    ],
)
def test_bad_verification_input_gets_a_french_message(manager_client, data, message):
    response = manager_client.post(reverse("reports:verify"), data)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_a_file_over_20_mb_is_refused(manager_client, settings):
    big = SimpleUploadedFile("bilan.pdf", b"0" * (20 * 1024 * 1024 + 1))
    response = manager_client.post(reverse("reports:verify"), {"file": big})
    assert response.status_code == 400
    assert "plus de 20 Mo" in response.content.decode()


def test_issued_pdf_is_tagged_with_title_and_language(dataset, coordinator_client):
    issue(coordinator_client)
    reader = PdfReader(io.BytesIO(IssuedBilan.objects.get().pdf.read()))
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert root["/Lang"] == "fr"
    assert reader.metadata.title.startswith("Bilan semestriel — janvier–juin 2025")


# session, user, the user's groups (role); the half-years (first and last call, first and
# last visit: two queries); the issued bilans, all versions in one.
@pytest.mark.parametrize("versions", [1, 50])
def test_reports_page_query_count_does_not_grow_with_issued_bilans(
    dataset, coordinator, manager_client, django_assert_num_queries, versions
):
    for version in range(1, versions + 1):
        IssuedBilan.objects.create(
            start=H1_2025.start,
            end=H1_2025.end,
            version=version,
            issued_by=coordinator,
            issued_by_name="Coord",
        )
    manager_client.get(reverse("manager_home"))
    with django_assert_num_queries(6):
        manager_client.get(reverse("manager_home"))


def test_a_seniors_file_changed_later_is_listed_by_number_not_by_name(
    dataset, coordinator_client, manager_client, coordinator, frozen_clock
):
    issue(coordinator_client)
    issued = IssuedBilan.objects.get()
    frozen_clock.shift(datetime.timedelta(minutes=10))
    senior = dataset.seniors[1]
    senior.phone = "+33612345678"
    senior._history_user = coordinator
    senior.save()
    page = manager_client.get(reverse("reports:issued_detail", args=[issued.pk])).content.decode()
    assert f"Dossier n° {senior.pk}" in page and "modification" in page
    assert senior.first_name not in page and senior.last_name not in page
    assert "Aucun chiffre clé n’a bougé depuis l’émission de cette version." in page
