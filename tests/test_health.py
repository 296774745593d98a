"""The hosting team's health endpoint: what it checks, who may ask, what it never says."""

import pytest
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder

from tests.factories import SeniorFactory

URL = "/sante/"


@pytest.mark.django_db
def test_a_healthy_server_says_so_to_the_monitoring_address_without_login(client):
    response = client.get(URL, HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    report = response.json()
    assert set(report.values()) == {"OK"}
    assert [name.split("(")[0] for name in report] == ["Database", "Migrations", "Storage", "Disk"]


@pytest.mark.django_db
def test_a_browser_gets_the_plain_text_report(client):
    response = client.get(URL)
    assert response["Content-Type"].startswith("text/plain")
    assert "Database(alias='default'): OK" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("address", ["203.0.113.5", "2001:db8::1", "not-an-address", ""])
def test_any_other_address_is_told_the_page_does_not_exist(client, coordinator, address):
    client.force_login(coordinator)
    response = client.get(URL, REMOTE_ADDR=address)
    assert response.status_code == 404
    assert "Database" not in response.content.decode()


@pytest.mark.django_db
def test_a_forwarded_for_header_does_not_open_it(client):
    response = client.get(URL, REMOTE_ADDR="203.0.113.5", HTTP_X_FORWARDED_FOR="127.0.0.1")
    assert response.status_code == 404


@pytest.mark.django_db
def test_a_configured_network_may_ask(client, settings):
    settings.HEALTH_CHECK_ALLOWED_IPS = ["10.20.0.0/16"]
    assert client.get(URL, REMOTE_ADDR="10.20.3.4").status_code == 200
    assert client.get(URL, REMOTE_ADDR="10.21.3.4").status_code == 404
    assert client.get(URL).status_code == 404  # 127.0.0.1 is no longer listed


@pytest.mark.django_db
def test_a_full_disk_is_reported(client, settings):
    settings.HEALTH_CHECK_MAX_DISK_PERCENT = 0.0001
    response = client.get(URL, HTTP_ACCEPT="application/json")
    assert response.status_code == 500
    disk = next(value for name, value in response.json().items() if name.startswith("Disk"))
    assert "disk usage" in disk


@pytest.mark.django_db(transaction=True)
def test_an_upgrade_not_migrated_is_reported(client):
    recorder = MigrationRecorder(connection)
    last = recorder.migration_qs.filter(app="reports").order_by("-id").first()
    last.delete()
    try:
        response = client.get(URL, HTTP_ACCEPT="application/json")
        assert response.status_code == 500
        migrations = next(v for name, v in response.json().items() if name.startswith("Migrations"))
        assert migrations == "Unavailable: migrations not applied: 1 (run manage.py migrate)"
    finally:
        recorder.record_applied(last.app, last.name)


@pytest.mark.django_db
def test_the_report_names_services_never_people(client):
    SeniorFactory(first_name="Lucienne", last_name="Dupré")
    body = client.get(URL, HTTP_ACCEPT="application/json").content.decode()
    assert "Lucienne" not in body and "Dupré" not in body
