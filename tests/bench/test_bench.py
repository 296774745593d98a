"""The pieces of `make bench`: the floor page exists only in the benchmark's URLconf, and the
in-process query count works on a small dataset."""

from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.test import override_settings
from django.urls import NoReverseMatch, reverse

from ccas_visits.lib.permissions import VOLUNTEER
from seniors.imports import import_seniors
from seniors.models import RegisterEntry, Senior
from tests.bench.command import Command, Page, count_queries, last_full_half_year
from tests.bench.measures import bare_insert, compressed, register_file, volunteer_page_weight
from tests.bench.urls import FLOOR_PATH
from tests.factories import PairFactory, SeniorFactory, UserFactory, VolunteerFactory

pytestmark = pytest.mark.django_db


def test_the_floor_page_is_not_in_the_production_urls(coordinator_client):
    with pytest.raises(NoReverseMatch):
        reverse("bench_floor")
    assert coordinator_client.get("/" + FLOOR_PATH).status_code == 404


@override_settings(ROOT_URLCONF="tests.bench.urls")
def test_the_floor_page_needs_a_login_and_does_one_query(client, coordinator_client):
    assert client.get("/" + FLOOR_PATH).status_code == 302
    assert coordinator_client.get("/" + FLOOR_PATH).status_code == 200


def test_the_query_count_of_each_page_is_measured(coordinator):
    coordinator.username = "coordinator"
    coordinator.save(update_fields=["username"])
    pages = [
        Page("floor", "coordinator", "/" + FLOOR_PATH),
        Page("dashboard", "coordinator", reverse("dashboard")),
    ]
    count_queries(pages)
    # The floor: session, user, the one query (and whatever the middleware reads per request).
    assert pages[0].queries is not None and pages[0].queries >= 3
    assert pages[1].queries > pages[0].queries


def test_the_reports_are_measured_over_the_last_full_half_year():
    period = last_full_half_year()
    assert (period.end - period.start).days in range(180, 185)


def test_the_table_shows_each_page_and_its_ratio_to_the_floor():
    floor = Page("floor", "coordinator", "/f/", queries=3, timings={1: (10.0, 20.0, 100, 0)})
    page = Page("dashboard", "coordinator", "/d/", queries=12, timings={1: (45.0, 90.0, 30, 1)})
    table = Command().table([floor, page], [1], "demo", 5)
    assert "| dashboard | 12 | 45 | 90 | 4.5 | 30 (1) |" in table


def test_the_benchmark_register_imports_cleanly_and_its_floor_writes_the_same_rows():
    data = register_file(60)
    report = import_seniors(data, file_name="registre.csv", source="register", dry_run=True)
    assert report.counts == {"create": 60, "update": 0, "unchanged": 0, "refused": 0}
    assert bare_insert(data) == 60
    assert Senior.objects.count() == RegisterEntry.objects.count() == 60
    assert Senior.objects.filter(register_entry__register_id="BENCH-00059").exists()


def test_the_volunteer_pages_weigh_their_html_static_files_and_offline_copies(client):
    user = UserFactory(role=VOLUNTEER)
    pair = PairFactory(volunteer_a=VolunteerFactory(user=user))
    seniors = [SeniorFactory(pair=pair) for _ in range(3)]
    client.force_login(user)
    fetched = []

    def get(path: str) -> bytes:
        fetched.append(path)
        if path.startswith(settings.STATIC_URL):  # the test client serves no static file
            return Path(finders.find(path.removeprefix(settings.STATIC_URL))).read_bytes()
        response = client.get(path)
        assert response.status_code == 200, path
        return b"".join(response.streaming_content) if response.streaming else response.content

    weight = volunteer_page_weight(get, seniors[0].pk)
    home = compressed(get(reverse("visits:my_seniors")))
    assert any(path.startswith("/static/") and path.endswith(".css") for path in fetched)
    assert reverse("visits:senior", args=[seniors[2].pk]) in fetched  # an offline copy
    assert weight.first_load > home + 10_000  # the static files count on the first load only
    assert weight.offline_copies > 0
    assert set(weight.later) == {"senior page", "call form", "visit form", "home again"}
    assert 0 < weight.later["senior page"] < weight.first_load
