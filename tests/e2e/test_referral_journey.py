"""A partner's referral becomes a senior file, is given to a pair, gets a call logged, and
shows on the coordinator's dashboard — by keyboard alone."""

import datetime

import pytest
from playwright.sync_api import expect

from ccas_visits.lib.permissions import COORDINATOR
from seniors.models import Referral, Senior
from tests.factories import PairFactory, PartnerFactory, UserFactory
from visits.models import Call


def press(locator) -> None:
    """Keyboard only: focus the control, as Tab would, and press Enter."""
    locator.focus()
    locator.page.keyboard.press("Enter")


pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_referral_becomes_a_followed_senior_counted_on_the_dashboard(
    page, login, screenshot, accessibility_violations
):
    page.set_viewport_size({"width": 1280, "height": 800})
    UserFactory(username="claire", first_name="Claire", last_name="Vasseur", role=COORDINATOR)
    pair = PairFactory(name="Saint-Leu")
    partner = PartnerFactory(name="CLIC du Grand Amiénois")
    Referral.objects.create(
        partner=partner,
        first_name="Geneviève",
        last_name="N'Diaye",
        address="4 rue des Otages",
        phone="0322334455",
        reason="Vit seule depuis l'hiver, ne sort plus.",
        received_on=datetime.date.today(),
    )

    login("claire")
    expect(page.get_by_text("1 signalement à trier")).to_be_visible()
    press(page.get_by_role("link", name="Traiter les signalements"))
    press(page.get_by_role("link", name="Créer le dossier"))

    expect(page.get_by_label("Prénom")).to_have_value("Geneviève")
    page.get_by_label("Date de naissance").fill("1939-03-12")
    press(page.get_by_role("button", name="Enregistrer"))

    expect(page.get_by_role("heading", name="Geneviève N'Diaye")).to_be_visible()
    senior = Senior.objects.get(last_name="N'Diaye")
    assert senior.source == Senior.Source.PARTNER and senior.source_partner == partner
    assert Referral.objects.get().senior == senior

    page.get_by_role("combobox", name="Binôme").select_option(label=str(pair))
    press(page.get_by_role("button", name="Confier"))
    expect(page.get_by_text(f"Suivi par : {pair}")).to_be_visible()
    assert accessibility_violations(page) == []
    screenshot("referral-senior-page")

    press(page.get_by_role("link", name="Noter un appel"))
    page.get_by_role("combobox", name="Résultat").select_option(label="Joint")
    press(page.get_by_role("button", name="Enregistrer"))
    expect(page.get_by_role("status")).to_be_visible()
    call = Call.objects.get()
    assert call.senior == senior and call.outcome == Call.Outcome.REACHED

    press(page.get_by_role("link", name="Tableau de bord"))
    expect(page.locator('[data-figure="calls"] td').first).to_have_text("1")
    expect(page.get_by_text("0 signalement à trier")).to_be_visible()
    screenshot("referral-dashboard")
