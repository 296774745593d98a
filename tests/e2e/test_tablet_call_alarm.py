"""On the tablet, a call can raise the alarm and carry its duration, in a few more taps; the
outbox sends those fields like every other one."""

import pytest
from playwright.sync_api import expect

from tests.e2e.test_tablet import open_home, team  # noqa: F401 - fixture
from visits.models import Alert, Call

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_volunteer_raises_an_urgent_alert_from_a_call_with_its_duration(
    accessibility_violations,
    page,
    live_server,
    login,
    screenshot,
    team,  # noqa: F811
):
    open_home(page, live_server, login)
    page.get_by_role("link", name="Noter un appel — Lucienne Dupré").click()
    page.get_by_text("Pas de réponse", exact=True).click()
    page.get_by_text("10 min", exact=True).click()
    expect(page.get_by_label("Décrivez l’urgence en quelques mots")).to_be_hidden()
    page.get_by_text("Il y a une urgence").click()
    page.get_by_text("Personne n’ouvre la porte").click()
    page.get_by_label("Décrivez l’urgence en quelques mots").fill("Volets fermés depuis deux jours")
    assert accessibility_violations(page) == []
    screenshot("tablet-call-urgent")
    page.get_by_role("button", name="Enregistrer l’appel").click()
    expect(page.get_by_text("Tout est envoyé.")).to_be_visible()
    call = Call.objects.get()
    assert (call.outcome, call.duration_minutes) == ("no_answer", 10)
    alert = Alert.objects.get()
    assert (alert.call, alert.kind, alert.description) == (
        call,
        "no_answer",
        "Volets fermés depuis deux jours",
    )
