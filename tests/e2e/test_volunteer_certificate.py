"""A volunteer sees what their volunteering adds up to on the tablet and asks for a
certificate; a coordinator issues it; the volunteer downloads it. Asking needs the network:
offline, the button waits, and nothing is lost or sent twice."""

import pytest
from playwright.sync_api import expect

from ccas_visits.lib.permissions import COORDINATOR
from tests.e2e.test_tablet import open_home, team  # noqa: F401 - fixture
from tests.factories import UserFactory, VisitFactory
from volunteers.models import Certificate, CertificateRequest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_volunteer_asks_for_a_certificate_and_downloads_it(
    accessibility_violations,
    page,
    live_server,
    login,
    screenshot,
    team,  # noqa: F811
):
    josiane = team["pair"].volunteer_a
    VisitFactory(senior=team["lucienne"], duration_minutes=90).present.add(josiane)
    open_home(page, live_server, login)
    page.get_by_role("link", name="Mon bénévolat").click()
    expect(page.get_by_role("heading", name="Mon bénévolat")).to_be_visible()
    expect(page.locator(".facts").first).to_contain_text("1,5")  # 90 minutes this year
    assert accessibility_violations(page) == []
    ask = page.get_by_role("button", name="Demander une attestation")

    page.context.set_offline(True)
    page.evaluate("window.dispatchEvent(new Event('offline'))")
    expect(ask).to_be_disabled()
    expect(page.get_by_text("Pour demander, il faut du réseau")).to_be_visible()
    page.context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    expect(ask).to_be_enabled()

    page.get_by_label("À quoi servira-t-elle ? (facultatif)").fill("Dossier de VAE")
    ask.dblclick()  # a double tap
    expect(page.get_by_text("Vous avez demandé une attestation le")).to_be_visible()
    assert list(CertificateRequest.objects.values_list("purpose", "handled_at")) == [("Dossier de VAE", None)]
    screenshot("tablet-my-volunteering")

    page.context.clear_cookies()
    UserFactory(username="claire", first_name="Claire", last_name="Martin", role=COORDINATOR, is_staff=True)
    page.set_viewport_size({"width": 1280, "height": 800})
    login("claire")
    page.goto(f"{live_server.url}/suivi/attestations/")
    expect(page.get_by_text("Dossier de VAE")).to_be_visible()
    page.get_by_role("link", name=f"Établir l’attestation — {josiane.full_name}").click()
    page.get_by_label("Fait à").fill("Amiens")
    expect(page.get_by_label("Signée par")).to_have_value("Claire Martin")
    assert accessibility_violations(page) == []
    page.get_by_role("button", name="Établir l’attestation").click()
    expect(page.get_by_text("L’attestation n° 2026-0001 est établie.")).to_be_visible()
    certificate = Certificate.objects.get()
    assert (certificate.visits, str(certificate.hours), certificate.place) == (1, "1.5", "Amiens")
    assert CertificateRequest.objects.get().certificate == certificate

    page.context.clear_cookies()
    open_home(page, live_server, login)
    page.get_by_role("link", name="Mon bénévolat").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="Télécharger l’attestation n° 2026-0001").click()
    assert download.value.suggested_filename == "attestation-benevolat-2026-0001.pdf"
