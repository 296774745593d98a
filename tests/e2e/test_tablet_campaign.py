"""The heatwave plan worked from the tablets: a coordinator opens a campaign, the pair finds
its list on the tablet's home, logs three results without network (one needing help), and
once the network is back exactly three calls are stored, the alert is raised and the
coordinator's counts show them."""

import pytest
from playwright.sync_api import expect

from ccas_visits.lib.permissions import COORDINATOR
from tests.e2e.test_campaign import on_register
from tests.e2e.test_tablet import open_home, team  # noqa: F401 - fixture
from tests.factories import SeniorFactory, UserFactory
from visits.models import Alert, Call

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_pair_works_its_heatwave_list_offline(
    accessibility_violations,
    page,
    live_server,
    login,
    screenshot,
    team,  # noqa: F811
):
    pair = team["pair"]
    paulette = SeniorFactory(pair=pair, first_name="Paulette", last_name="Roux", living_situation="alone")
    henri = SeniorFactory(pair=pair, first_name="Henri", last_name="Blanc")
    for senior in (team["lucienne"], paulette, henri, team["marcel"]):
        on_register(senior)
    UserFactory(username="claire", first_name="Claire", last_name="Vasseur", role=COORDINATOR)

    page.set_viewport_size({"width": 1280, "height": 800})
    login("claire")
    page.goto(f"{live_server.url}/suivi/campagnes/nouvelle/")
    page.get_by_label("Nom").fill("Canicule juillet")
    page.get_by_label("Type").select_option("heatwave")
    page.get_by_role("button", name="Ouvrir la campagne et constituer les listes d’appel").click()
    expect(page.locator('[data-count="to_call"]')).to_have_text("4")
    campaign_url = page.url

    page.context.clear_cookies()
    open_home(page, live_server, login)
    expect(page.get_by_role("heading", name="Canicule juillet — 3 personnes à appeler")).to_be_visible()
    expect(page.get_by_text("Marcel Caron")).to_have_count(0)  # another pair's list
    assert accessibility_violations(page) == []
    screenshot("tablet-campaign-list")

    page.context.set_offline(True)
    results = [
        ("Lucienne Dupré", "Joint, tout va bien", ""),
        ("Paulette Roux", "Joint, a besoin d’aide", "Plus d’eau, les volets sont cassés"),
        ("Henri Blanc", "Pas joint", ""),
    ]
    for name, result, help_needed in results:
        page.get_by_role("link", name=f"Noter l’appel de campagne — {name}").click()
        page.get_by_text(result, exact=True).click()
        if help_needed:
            page.get_by_label("De quelle aide la personne a-t-elle besoin ?").fill(help_needed)
        page.get_by_role("button", name="Enregistrer l’appel").click()
        expect(page.get_by_text("Appel enregistré sur la tablette.")).to_be_visible()
    expect(page.locator("#outbox")).to_contain_text("Appel de campagne — Henri Blanc")
    assert not Call.objects.exists()

    page.context.set_offline(False)
    expect(page.locator("#outbox")).to_contain_text("Tout est envoyé.", timeout=15000)
    calls = Call.objects.order_by("senior__last_name")
    assert [(c.senior.first_name, c.outcome, c.campaign.name) for c in calls] == [
        ("Henri", "no_answer", "Canicule juillet"),
        ("Lucienne", "reached", "Canicule juillet"),
        ("Paulette", "reached", "Canicule juillet"),
    ]
    alerts = dict(Alert.objects.values_list("kind", "description"))
    assert alerts.keys() == {"not_reached", "other"}
    assert alerts["other"] == "Plus d’eau, les volets sont cassés"
    assert "Canicule juillet" in alerts["not_reached"]  # escalated to the coordinators

    page.context.clear_cookies()
    page.set_viewport_size({"width": 1280, "height": 800})
    login("claire")
    page.goto(campaign_url)
    counts = {
        key: page.locator(f'[data-count="{key}"]') for key in ("to_call", "fine", "needs_help", "not_reached")
    }
    for key, expected in (("to_call", "1"), ("fine", "1"), ("needs_help", "1"), ("not_reached", "1")):
        expect(counts[key]).to_have_text(expected)
