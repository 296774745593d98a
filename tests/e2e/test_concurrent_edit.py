"""Two coordinators edit the same senior's file in two tabs: the second save is refused with
what changed, the input is kept, and the file's page shows the history; pages pass axe-core."""

import pytest
from playwright.sync_api import expect

from ccas_visits.lib.permissions import COORDINATOR
from tests.factories import SeniorFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_second_of_two_open_forms_is_refused_then_the_history_shows_the_change(
    accessibility_violations, page, live_server, login, screenshot
):
    page.set_viewport_size({"width": 1280, "height": 900})
    UserFactory(username="claire", first_name="Claire", last_name="Vasseur", role=COORDINATOR)
    senior = SeniorFactory(first_name="Odette", last_name="Lefèvre", address="3 rue des Jacobins")
    login("claire")
    url = f"{live_server.url}/seniors/{senior.pk}/modifier/"
    page.goto(url)
    other = page.context.new_page()  # the colleague's tab, opened at the same time
    other.goto(url)
    other.fill("#id_address", "12 rue Neuve")
    other.get_by_role("button", name="Enregistrer").click()
    expect(other.get_by_role("heading", name="Historique des modifications")).to_be_visible()

    page.fill("#id_address", "8 place Vauban")
    page.get_by_role("button", name="Enregistrer").click()
    refusal = page.locator(".alert-danger")
    expect(refusal).to_contain_text("Quelqu’un d’autre a enregistré")
    expect(refusal).to_contain_text("3 rue des Jacobins → 12 rue Neuve")
    expect(page.locator("#id_address")).to_have_value("8 place Vauban")
    screenshot("concurrent-edit-refused")
    assert accessibility_violations(page) == []

    other.reload()
    other.locator("#audit-changes-title").scroll_into_view_if_needed()
    page.close()
    expect(other.get_by_text("par Claire Vasseur").first).to_be_visible()
    assert accessibility_violations(other) == []
    other.screenshot(path="test-artifacts/senior-audit.png", full_page=True)
