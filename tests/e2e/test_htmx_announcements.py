"""After an htmx action the keyboard focus lands on the part that changed, and the page's one
live region says what changed (static/js/announce.js), in real Chromium."""

import pytest
from playwright.sync_api import expect

from ccas_visits.lib.permissions import COORDINATOR
from tests.factories import PairFactory, SeniorFactory, UserFactory, VisitFactory
from visits.services import open_campaign

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_assigning_a_pair_moves_the_focus_to_the_pair_card_and_announces_it(page, live_server, login):
    UserFactory(username="claire", role=COORDINATOR)
    pair = PairFactory(name="Saint-Leu")
    senior = SeniorFactory(pair=None, first_name="Odette", last_name="Lefèvre")
    login("claire")
    page.goto(f"{live_server.url}/seniors/{senior.pk}/")
    page.select_option("#assign_pair", label=str(pair))
    page.get_by_role("button", name="Confier").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#assignment")).to_contain_text(f"Suivi par : {pair}")
    expect(page.locator("#assignment")).to_be_focused()
    expect(page.locator("#announcer")).to_have_text("Binôme enregistré.")


def test_marking_a_report_read_moves_the_focus_to_its_badge_and_announces_it(page, live_server, login):
    UserFactory(username="claire", role=COORDINATOR)
    visit = VisitFactory(senior=SeniorFactory(pair=PairFactory()), note="Elle aimerait sortir")
    login("claire")
    page.goto(f"{live_server.url}/suivi/comptes-rendus/")
    page.get_by_role("button", name="Marquer comme lu").focus()
    page.keyboard.press("Enter")
    badge = page.locator(f"#read-{visit.pk}")
    expect(badge).to_contain_text("Lu le")
    expect(badge).to_be_focused()
    expect(page.locator("#announcer")).to_have_text("Le compte rendu est marqué comme lu.")


def test_the_campaign_counts_refreshing_by_themselves_leave_the_focus_where_it_is(page, live_server, login):
    coordinator = UserFactory(username="claire", role=COORDINATOR)
    senior = SeniorFactory(pair=PairFactory(), first_name="Marcel", last_name="Dupuis")
    campaign = open_campaign(name="Canicule", kind="heatwave", seniors=[senior], by=coordinator)
    login("claire")
    page.goto(f"{live_server.url}/suivi/campagnes/{campaign.pk}/")
    link = page.get_by_role("link", name="Enregistrer l’appel — Marcel Dupuis")
    link.focus()
    with page.expect_response(lambda response: "/compteurs/" in response.url):
        page.clock.run_for(31_000)
    page.clock.run_for(1_000)  # the swap settles
    expect(link).to_be_focused()
    expect(page.locator("#announcer")).to_have_text("")
