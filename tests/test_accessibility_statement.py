"""The accessibility statement (RGAA): public, in the RGAA's form, linked from every page."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_statement_is_public_and_in_the_rgaa_form(client, settings):
    settings.ACCESSIBILITY_CONTACT_EMAIL = "accessibilite@ccas-exemple.fr"
    page = client.get(reverse("accessibility")).content.decode()
    assert "<title>Accessibilité : partiellement conforme" in page
    for part in ("État de conformité", "Résultats des tests", "Non-conformités", "Voies de recours"):
        assert part in page
    assert "établie le 3 décembre 2026" in page
    assert 'href="mailto:accessibilite@ccas-exemple.fr"' in page
    assert "Libre réponse 71120" in page and "75342 Paris CEDEX 07" in page
    assert 'href="https://formulaire.defenseurdesdroits.fr/"' in page


def test_without_a_contact_address_the_statement_says_how_to_reach_the_ccas(client, settings):
    settings.ACCESSIBILITY_CONTACT_EMAIL = ""
    settings.CCAS_NAME = "CCAS de Villeneuve"
    page = client.get(reverse("accessibility")).content.decode()
    assert "mailto:" not in page
    assert "Contactez CCAS de Villeneuve" in page


def test_every_page_links_to_the_statement(client, coordinator_client, volunteer_a_client):
    link = f'href="{reverse("accessibility")}"'
    assert link in client.get(reverse("login")).content.decode()
    assert link in coordinator_client.get(reverse("dashboard")).content.decode()
    assert link in volunteer_a_client.get(reverse("visits:my_seniors")).content.decode()
