"""A coordinator finds someone on the register who was never approached, records the letter
that proposed visits, and sees the file enter the queue waiting for a pair; the register
entry's acknowledgement is recorded from the same page. Key pages pass axe-core."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from ccas_visits.lib.permissions import COORDINATOR
from seniors.models import RegisterEntry, Senior
from tests.factories import SeniorFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def fill_date(page: Page, selector: str, day: datetime.date) -> None:
    page.fill(selector, day.isoformat())


def test_a_person_on_the_register_is_approached_and_enters_the_programme(
    accessibility_violations, page, live_server, login, screenshot
):
    page.set_viewport_size({"width": 1280, "height": 800})
    UserFactory(username="claire", first_name="Claire", last_name="Vasseur", role=COORDINATOR)
    today = timezone.localdate()
    senior = SeniorFactory(
        first_name="Germaine",
        last_name="Dumoulin",
        status=Senior.Status.REGISTER_ONLY,
        identified_on=None,
        pair=None,
        source=Senior.Source.REGISTER,
    )
    RegisterEntry.objects.create(
        senior=senior,
        basis=RegisterEntry.Basis.AGE_65,
        requested_by=RegisterEntry.RequestedBy.SELF,
        registered_on=today - datetime.timedelta(days=12),
    )
    login("claire")

    page.goto(f"{live_server.url}/seniors/?register_only=on")
    page.get_by_role("link", name="Dumoulin Germaine").click()
    expect(page.locator("#assignment")).to_contain_text("Inscrit au registre, pas encore approché")
    expect(page.get_by_text("Accusé de réception à envoyer avant le")).to_be_visible()
    screenshot("register-only-senior-page")
    assert accessibility_violations(page) == []

    fill_date(page, "#approach_on", today - datetime.timedelta(days=1))
    page.select_option("#approach_channel", "letter")
    page.get_by_role("button", name="Enregistrer l’approche").click()
    expect(page.get_by_text("Approche enregistrée")).to_be_visible()
    expect(page.locator("#assignment")).to_contain_text("En attente d’un binôme")

    page.get_by_role("link", name="Modifier l’inscription au registre").click()
    fill_date(page, "#id_acknowledged_on", today - datetime.timedelta(days=1))
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_text("Accusé de réception envoyé le")).to_be_visible()
    screenshot("register-approached-senior-page")
    assert accessibility_violations(page) == []
