"""Every page a coordinator or a volunteer can open passes axe-core (no serious or critical
violation). The pages come from the access matrix, so a new page is swept as soon as it is
given its entry there."""

import pytest
from django.urls import reverse

from tests.security.test_access_matrix import MATRIX, VISITORS, world  # noqa: F401 - fixture

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# Files (PDF, spreadsheets), fragments returned to htmx and browser-only resources.
NOT_PAGES = {
    "visits:campaign_counts",
    "seniors:senior_timeline",
    "visits:service_worker",
    "visits:manifest",
    "seniors:access_request",
    "otp_webauthn:js-i18n-catalog",
    "health",  # the hosting team's plain-text or JSON report
}


def pages_for(visitor: str) -> list[str]:
    column = VISITORS.index(visitor)
    return sorted(
        name
        for name, spec in MATRIX.items()
        if spec.answers[column] == 200
        and name not in NOT_PAGES
        and not name.endswith(("_file", "export"))
        and not name.startswith("password_reset")
    )


def sweep(page, live_server, world, accessibility_violations, names: list[str]) -> dict:  # noqa: F811
    failures = {}
    for name in names:
        spec = MATRIX[name]
        url = reverse(name, kwargs=spec.kwargs(world) if spec.kwargs else None) + spec.query
        response = page.goto(f"{live_server.url}{url}")
        assert response.ok, (name, response.status)
        assert page.url.endswith(url), (name, page.url)  # not sent to the login page
        if violations := accessibility_violations(page):
            failures[name] = violations
    return failures


def test_every_coordinator_page_passes_axe(page, live_server, login, world, accessibility_violations):  # noqa: F811
    page.set_viewport_size({"width": 1280, "height": 800})
    login("coord")
    names = pages_for("coordinator")
    assert len(names) > 40
    assert sweep(page, live_server, world, accessibility_violations, names) == {}


def test_every_volunteer_page_passes_axe(page, live_server, login, world, accessibility_violations):  # noqa: F811
    page.set_viewport_size({"width": 768, "height": 1024})
    login("benevole_a")
    names = pages_for("volunteer_a")
    assert "visits:log_visit" in names
    assert sweep(page, live_server, world, accessibility_violations, names) == {}


def test_every_manager_page_passes_axe(page, live_server, login, world, manager, accessibility_violations):  # noqa: F811
    login(manager.username)
    assert sweep(page, live_server, world, accessibility_violations, pages_for("manager")) == {}
