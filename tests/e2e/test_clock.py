"""The browser's clock is the server's: both start at the suite's frozen "today" and flow from there."""

import datetime

import pytest
from django.utils import timezone

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_browser_and_the_server_agree_on_today(page, live_server, now_instant):
    page.goto(f"{live_server.url}/connexion/")
    browser_now = datetime.datetime.fromisoformat(page.evaluate("new Date().toISOString()"))
    assert abs(browser_now - timezone.now()) < datetime.timedelta(minutes=1)
    assert abs(browser_now - now_instant) < datetime.timedelta(minutes=10)
    # The browser runs in Paris time too: its calendar day is the server's local date.
    assert page.evaluate("new Date().toLocaleDateString('sv-SE')") == timezone.localdate().isoformat()
