"""Page weight of the volunteer pages, as a tablet on a weak connection receives them.

Each URL the browser loaded is fetched again with the volunteer's session and gzip-compressed
here (level 6, what a web server sends), since the test server does not compress. Run with
`-s` to see the figures; they are also written to test-artifacts/page-weight.txt."""

import gzip

import pytest
from playwright.sync_api import expect

from ccas_visits.lib.permissions import VOLUNTEER
from tests.e2e.conftest import ARTIFACTS
from tests.factories import PairFactory, SeniorFactory, UserFactory, VisitFactory, VolunteerFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

FIRST_LOAD_BUDGET = 150 * 1024
LATER_PAGE_BUDGET = 30 * 1024
SENIORS = 5  # a pair follows 3 to 5 seniors (Amiens: 120 seniors for 45 pairs)


def compressed_size(page, url: str) -> int:
    return len(gzip.compress(page.request.get(url).body(), compresslevel=6))


def loaded_while(page, action) -> list:
    """The responses the page received over the network while `action` ran."""
    responses = []

    def keep(response) -> None:
        responses.append(response)

    page.on("response", keep)
    action()
    page.wait_for_load_state("networkidle")
    page.remove_listener("response", keep)
    return responses


def test_volunteer_pages_stay_light(page, live_server, login):
    user = UserFactory(username="josiane", role=VOLUNTEER)
    pair = PairFactory(volunteer_a=VolunteerFactory(user=user))
    seniors = [SeniorFactory(pair=pair) for _ in range(SENIORS)]
    for senior in seniors:
        VisitFactory(senior=senior, note="Bonne visite", reply="Merci")
    page.set_viewport_size({"width": 768, "height": 1024})
    lines = []

    home = loaded_while(page, lambda: login("josiane"))
    expect(page.locator("#tablet")).to_have_attribute("data-offline-ready", "1", timeout=15000)
    page.wait_for_load_state("networkidle")
    first, kept, counted = 0, 0, set()
    # Fetched by the browser outside the page's requests: the service worker and the manifest.
    extra = [live_server.url + "/suivi/sw.js", live_server.url + "/suivi/manifest.webmanifest"]
    for url, kind in [(r.url, r.request.resource_type) for r in home if r.status < 300] + [
        (url, "worker") for url in extra
    ]:
        if (
            "/connexion/" in url
            or (kind == "fetch" and "/static/" in url)
            or (url, kind == "fetch") in counted
        ):
            # The login page is not a volunteer page; the static files kept for offline use
            # are the ones just loaded, taken from the browser's cache.
            continue
        counted.add((url, kind == "fetch"))
        size = compressed_size(page, url)
        is_offline_copy = kind == "fetch"
        kept += size if is_offline_copy else 0
        first += 0 if is_offline_copy else size
        lines.append(
            f"  {'kept offline' if is_offline_copy else 'first load  '} {size / 1024:6.1f} KB  {url}"
        )
    lines.insert(0, f"First load of the home page: {first / 1024:.1f} KB compressed (budget 150 KB)")
    lines.append(f"Pages kept for offline use in the background ({SENIORS} seniors): {kept / 1024:.1f} KB")
    lines.append(f"First load and offline copies together: {(first + kept) / 1024:.1f} KB")

    later = {}
    senior = seniors[0]
    for name, path in (
        ("senior page", f"/suivi/mes-seniors/{senior.pk}/"),
        ("call form", f"/suivi/mes-seniors/{senior.pk}/appel/"),
        ("visit form", f"/suivi/mes-seniors/{senior.pk}/visite/"),
        ("home again", "/suivi/mes-seniors/"),
    ):
        responses = loaded_while(page, lambda path=path: page.goto(live_server.url + path))
        # Static files come from the tablet's cache (served by the service worker): not sent again.
        sent = [r for r in responses if r.request.resource_type == "document" or not r.from_service_worker]
        sent = [r for r in sent if r.request.resource_type != "fetch" and r.status < 300]
        later[name] = sum(compressed_size(page, r.url) for r in sent)
        lines.append(
            f"Later page, {name}: {later[name] / 1024:.1f} KB compressed ({len(sent)} file(s), budget 30 KB)"
        )

    report = "\n".join(lines)
    print("\n" + report)
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "page-weight.txt").write_text(report + "\n")
    assert first <= FIRST_LOAD_BUDGET
    assert all(size <= LATER_PAGE_BUDGET for size in later.values()), later
