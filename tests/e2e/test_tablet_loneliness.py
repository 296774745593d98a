"""A pair asks the loneliness questions in a senior's home without network: the answers wait on
the tablet, go once when the network is back, and nothing of them stays on the tablet."""

import pytest
from playwright.sync_api import expect

from tests.e2e.test_tablet import open_home, team  # noqa: F401  (the fixture)
from visits.models import LonelinessMeasure

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

STORED_ANSWERS = """async () => {
    const db = await new Promise((resolve, reject) => {
        const config = JSON.parse(document.getElementById("tablet-config").textContent);
        const request = indexedDB.open(config.outboxDb, 1);
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
    });
    const records = await new Promise((resolve) => {
        const get = db.transaction("records").objectStore("records").getAll();
        get.onsuccess = () => resolve(get.result);
    });
    const drafts = Object.keys(localStorage).filter((key) => key.indexOf("ccas-draft:") === 0);
    return {records: records.map((r) => [r.kind, r.status, r.fields]), drafts};
}"""


def test_answers_asked_offline_go_once_and_leave_nothing_on_the_tablet(
    accessibility_violations,
    page,
    live_server,
    login,
    screenshot,
    team,  # noqa: F811
):
    open_home(page, live_server, login)
    # The page checked online (the checker is a script the page fetches), then used offline.
    page.get_by_role("link", name="Lucienne Dupré", exact=True).click()
    page.get_by_role("link", name="Questions sur l’isolement").click()
    assert accessibility_violations(page) == []
    page.go_back()
    page.go_back()
    page.context.set_offline(True)
    page.get_by_role("link", name="Lucienne Dupré", exact=True).click()
    page.get_by_role("link", name="Questions sur l’isolement").click()
    expect(page.get_by_text("Pas de réseau. Ce que vous enregistrez reste sur la tablette")).to_be_visible()
    questions = page.locator("fieldset.choice-group")
    expect(questions).to_have_count(4)
    # Ticking "would rather not answer" puts the questions away; unticking brings them back, empty.
    page.get_by_text("Souvent", exact=True).first.click()
    page.get_by_text("La personne ne souhaite pas répondre").click()
    expect(questions.first).to_be_hidden()
    page.get_by_text("La personne ne souhaite pas répondre").click()
    expect(questions.first).to_be_visible()
    expect(page.locator("input[name=lacks_companionship]:checked")).to_have_count(0)
    for number, answer in enumerate(("Souvent", "Parfois", "Presque jamais")):
        questions.nth(number).get_by_text(answer, exact=True).click()
    questions.nth(3).get_by_text("De temps en temps", exact=True).click()
    screenshot("tablet-loneliness-questions")
    page.get_by_role("button", name="Enregistrer les réponses").click()
    expect(page.get_by_text("Réponses enregistrées sur la tablette.")).to_be_visible()
    expect(page.locator("#outbox")).to_contain_text("Questions sur l’isolement — Lucienne Dupré")
    assert not LonelinessMeasure.objects.exists()

    page.context.set_offline(False)
    expect(page.locator("#outbox")).to_contain_text("Tout est envoyé.", timeout=15000)
    measure = LonelinessMeasure.objects.get()
    assert (measure.score, measure.feels_lonely, measure.occasion) == (6, 3, "pair")
    assert measure.senior == team["lucienne"] and measure.pair == team["pair"]
    # Sent: the outbox lists it, without its answers; no draft of them was ever kept.
    assert page.evaluate(STORED_ANSWERS) == {"records": [["measure", "sent", None]], "drafts": []}
    # The pair never reads an answer back: the senior's page shows none.
    page.goto(f"{live_server.url}/suivi/mes-seniors/{team['lucienne'].pk}/")
    expect(page.get_by_role("heading", name="Lucienne Dupré")).to_be_visible()
    expect(page.get_by_text("Parfois")).to_have_count(0)
