"""The pieces of `make bench`: the floor page exists only in the benchmark's URLconf, and the
in-process query count works on a small dataset."""

import pytest
from django.test import override_settings
from django.urls import NoReverseMatch, reverse

from reports.bench_urls import FLOOR_PATH
from reports.management.commands.bench import Page, count_queries, last_full_half_year

pytestmark = pytest.mark.django_db


def test_the_floor_page_is_not_in_the_production_urls(coordinator_client):
    with pytest.raises(NoReverseMatch):
        reverse("bench_floor")
    assert coordinator_client.get("/" + FLOOR_PATH).status_code == 404


@override_settings(ROOT_URLCONF="reports.bench_urls")
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
    from reports.management.commands.bench import Command

    floor = Page("floor", "coordinator", "/f/", queries=3, timings={1: (10.0, 20.0, 100, 0)})
    page = Page("dashboard", "coordinator", "/d/", queries=12, timings={1: (45.0, 90.0, 30, 1)})
    table = Command().table([floor, page], [1], "demo", 5)
    assert "| dashboard | 12 | 45 | 90 | 4.5 | 30 (1) |" in table
