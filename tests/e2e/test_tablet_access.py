"""A volunteer paused while logged in on the tablet: the next page shows no senior, the pages the
tablet kept leave it; resumed, the seniors are back."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from ccas_visits.lib.permissions import COORDINATOR, VOLUNTEER
from tests.factories import PairFactory, SeniorFactory, UserFactory, VolunteerFactory
from volunteers.models import Volunteer
from volunteers.services import change_volunteer_status

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def kept_on_tablet(page, path: str) -> bool:
    script = "async (path) => Boolean(await caches.match(new URL(path, location.href).href))"
    return page.evaluate(script, path)


def test_a_volunteer_paused_while_logged_in_sees_no_senior_then_sees_them_again_once_resumed(
    page, live_server, login
):
    user = UserFactory(username="josiane", role=VOLUNTEER)
    josiane = VolunteerFactory(user=user, first_name="Josiane", last_name="Lefèvre")
    lucienne = SeniorFactory(
        pair=PairFactory(volunteer_a=josiane),
        first_name="Lucienne",
        last_name="Dupré",
        access_notes="Code 1234B",
    )
    coordinator = UserFactory(username="coord", role=COORDINATOR, is_staff=True)
    senior_page = reverse("visits:senior", args=[lucienne.pk])

    page.set_viewport_size({"width": 768, "height": 1024})
    login("josiane")
    expect(page.get_by_role("heading", name="Lucienne Dupré")).to_be_visible()
    expect(page.locator("#tablet")).to_have_attribute("data-offline-ready", "1", timeout=15000)
    assert kept_on_tablet(page, senior_page)

    change_volunteer_status(josiane, Volunteer.Status.PAUSED, reason="Congé maladie", by=coordinator)
    page.reload()
    # The session was closed: signing in again shows only what sends the tablet's outbox.
    expect(page.get_by_label("Nom d’utilisateur")).to_be_visible()
    login("josiane")
    expect(page.get_by_role("heading", name="Votre accès aux dossiers des seniors est fermé")).to_be_visible()
    expect(page.get_by_text("Lucienne")).to_have_count(0)
    page.wait_for_function(
        "async (path) => !(await caches.match(new URL(path, location.href).href))", arg=senior_page
    )
    response = page.goto(f"{live_server.url}{senior_page}")
    assert response.status == 404

    change_volunteer_status(josiane, Volunteer.Status.ACTIVE, reason="Retour", by=coordinator)
    page.goto(f"{live_server.url}{reverse('visits:my_seniors')}")
    expect(page.get_by_role("heading", name="Mes seniors")).to_be_visible()
    expect(page.get_by_role("heading", name="Lucienne Dupré")).to_be_visible()
