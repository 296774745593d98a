"""A server error reaches the people who must fix it — e-mail, Sentry, the logs — and tells them
where it happened, never a senior's name, what was typed, or who asked by name."""

import json
import logging
import sys

import pytest
import sentry_sdk
from django.core import mail
from django.db import IntegrityError
from django.test import Client
from django.urls import include, path
from sentry_sdk.transport import Transport

from ccas_visits.lib.errors import JsonFormatter, start_error_reporting

# Written in two parts: the source lines around the failing view travel with the report.
SECRET = "Dup" + "ré"


def failing_view(request):
    raise IntegrityError(f"duplicate key value violates unique constraint DETAIL: Key (last_name)=({SECRET})")


urlpatterns = [path("echec/", failing_view), path("", include("ccas_visits.urls"))]


@pytest.fixture
def failing_site(settings, coordinator):
    settings.ROOT_URLCONF = __name__
    settings.ADMINS = [("", "dsi@ville.example.fr")]
    client = Client(raise_request_exception=False)
    coordinator.username = "josiane.lefevre"
    coordinator.save()
    client.force_login(coordinator)
    return client


def send_the_failing_request(client):
    response = client.post(f"/echec/?q={SECRET}", {"note": f"Mme {SECRET} a faim"})
    assert response.status_code == 500


def test_the_administrators_get_an_email_saying_where_without_personal_data(failing_site):
    send_the_failing_request(failing_site)
    (email,) = mail.outbox
    assert email.to == ["dsi@ville.example.fr"]
    assert "IntegrityError" in email.body
    assert "failing_view" in email.body and "/echec/" in email.body
    text = email.subject + email.body + "".join(str(a) for a in email.alternatives)
    for personal in (SECRET, "a faim", "josiane"):
        assert personal not in text


class Captured(Transport):
    events: list = []

    def capture_envelope(self, envelope):
        for item in envelope.items:
            if item.type == "event":
                self.events.append(item.payload.json)


@pytest.fixture
def sentry():
    Captured.events = []
    start_error_reporting(
        "https://key@errors.example.fr/1", environment="test", release="0", transport=Captured
    )
    yield Captured.events
    sentry_sdk.init(dsn=None)


def test_sentry_gets_the_stack_and_the_path_but_no_personal_data(failing_site, sentry):
    send_the_failing_request(failing_site)
    sentry_sdk.flush()
    (event,) = [e for e in sentry if e.get("exception")]
    exception = event["exception"]["values"][-1]
    assert exception["type"] == "IntegrityError"
    assert any(frame["function"] == "failing_view" for frame in exception["stacktrace"]["frames"])
    assert event["transaction"] == "/echec/"  # the URL pattern: where, not who
    dumped = json.dumps(event, ensure_ascii=False)
    for personal in (SECRET, "a faim", "josiane", "sessionid", "csrftoken"):
        assert personal not in dumped


def test_a_log_line_is_one_json_object_without_the_exception_text():
    try:
        raise ValueError(f"invalid name {SECRET}")
    except ValueError:
        record = logging.LogRecord("visits", logging.ERROR, __file__, 1, "Record refused", (), sys.exc_info())
    line = JsonFormatter().format(record)
    entry = json.loads(line)
    assert (entry["level"], entry["logger"], entry["message"], entry["exception"]) == (
        "ERROR",
        "visits",
        "Record refused",
        "ValueError",
    )
    assert entry["where"][-1].endswith("in test_a_log_line_is_one_json_object_without_the_exception_text")
    assert SECRET not in line
