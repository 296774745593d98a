import subprocess

import pytest
from django.urls import reverse

from seniors.models import AccessLog, Senior
from tests.factories import CallFactory, VisitFactory
from tests.reports.test_exports import pdf_text

pytestmark = pytest.mark.django_db


def test_access_request_pdf_holds_everything_about_the_senior(coordinator_client, senior_of_a, tmp_path):
    senior_of_a.health_notes = "Diabète de type 2"
    senior_of_a.save()
    VisitFactory(senior=senior_of_a, note="A parlé de son jardin")
    CallFactory(senior=senior_of_a, note="Rappeler jeudi")
    response = coordinator_client.get(reverse("seniors:access_request", args=[senior_of_a.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    for expected in [
        "Lucienne Lefèvre-Dupré",
        "17/05/1938",
        "Diabète de type 2",
        "A parlé de son jardin",
        "Rappeler jeudi",
    ]:
        assert expected in text, text
    assert AccessLog.objects.filter(senior=senior_of_a, action=AccessLog.Action.ACCESS_REQUEST).exists()
    (tmp_path / "doc.pdf").write_bytes(response.content)
    subprocess.run(["pdftoppm", "-png", "-r", "30", tmp_path / "doc.pdf", tmp_path / "page"], check=True)
    assert list(tmp_path.glob("page*.png"))


@pytest.mark.parametrize("name", ["seniors:access_request", "seniors:anonymise"])
def test_only_coordinators_exercise_a_seniors_rights(
    client, manager_client, volunteer_a_client, senior_of_a, name
):
    url = reverse(name, args=[senior_of_a.pk])
    assert client.get(url).status_code == 302
    assert manager_client.get(url).status_code == 403
    assert volunteer_a_client.get(url).status_code == 403


def test_unknown_senior_answers_404(coordinator_client):
    assert coordinator_client.get(reverse("seniors:access_request", args=[999999])).status_code == 404


def test_erasure_needs_the_confirmation_box(coordinator_client, senior_of_a):
    url = reverse("seniors:anonymise", args=[senior_of_a.pk])
    page = coordinator_client.post(url, {}).content.decode()
    assert "Cochez la case" in page
    assert not Senior.objects.get(pk=senior_of_a.pk).is_anonymised
    coordinator_client.post(url, {"confirm": "yes"})
    senior = Senior.objects.get(pk=senior_of_a.pk)
    assert senior.is_anonymised and senior.last_name == "Anonyme"
    assert AccessLog.objects.filter(senior=senior, action=AccessLog.Action.ANONYMISE).exists()
    assert coordinator_client.get(url).status_code == 404
