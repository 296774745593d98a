"""An idle session warns before it ends (RGAA 13.1), "Rester connecté" extends it, and a visit
note typed on the tablet survives the session's end and the new sign-in."""

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from ccas_visits.lib.permissions import VOLUNTEER
from tests.factories import PairFactory, SeniorFactory, UserFactory, VolunteerFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# Short, for the test: the session ends after 8 s without a request, the warning comes 5 s before.
IDLE_SECONDS = 8
WARNING_SECONDS = 5


def test_the_warning_extends_the_session_and_a_draft_survives_its_end(
    page, live_server, settings, screenshot
):
    settings.SESSION_IDLE_VOLUNTEER = IDLE_SECONDS
    settings.SESSION_WARNING_SECONDS = WARNING_SECONDS
    user = UserFactory(username="josiane", role=VOLUNTEER)
    senior = SeniorFactory(pair=PairFactory(volunteer_a=VolunteerFactory(user=user)), first_name="Lucienne")
    form_url = f"{live_server.url}{reverse('visits:log_visit', args=[senior.pk])}"
    page.set_viewport_size({"width": 768, "height": 1024})
    page.goto(form_url)  # sent to sign in first
    page.get_by_label("Nom d’utilisateur").fill("josiane")
    page.get_by_label("Mot de passe").fill("secret-pass-123")
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("heading", name="Noter une visite")).to_be_visible()

    warning = page.locator("#session-warning")
    expect(warning).to_contain_text("Votre session va se terminer dans 1 minute", timeout=10_000)
    expect(page.locator("#session-announcer")).to_contain_text("Votre session va se terminer")
    stay = page.get_by_role("button", name="Rester connecté")
    expect(stay).to_be_focused()  # nobody was typing: the button has the focus
    screenshot("session-warning")
    before = Session.objects.get().expire_date
    page.keyboard.press("Enter")
    expect(warning).to_be_hidden()
    expect(page.locator("#session-announcer")).to_have_text("Vous êtes toujours connecté.")
    assert Session.objects.get().expire_date > before

    # A long note, typed while the session runs out: the warning comes again, the focus stays.
    note = page.get_by_label("Note pour le coordinateur")
    note.fill("Très isolée depuis l’hiver, aimerait sortir au marché le jeudi")
    expect(warning).to_contain_text("Votre session va se terminer", timeout=10_000)
    expect(note).to_be_focused()
    expect(warning).to_contain_text("Votre session est terminée", timeout=15_000)
    assert not Session.objects.filter(expire_date__gt=timezone.now()).exists()  # ended on the server too

    # Signing in again brings the form back with the note.
    page.get_by_role("link", name="Se reconnecter").click()
    page.get_by_label("Nom d’utilisateur").fill("josiane")
    page.get_by_label("Mot de passe").fill("secret-pass-123")
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("heading", name="Noter une visite")).to_be_visible()
    expect(page.locator("#draft-notice")).to_be_visible()
    expect(page.get_by_label("Note pour le coordinateur")).to_have_value(
        "Très isolée depuis l’hiver, aimerait sortir au marché le jeudi"
    )
