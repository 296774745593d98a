"""Browser journeys in Debian's Chromium, driven by Playwright against the live server."""

import os
import shutil
from pathlib import Path

import pytest
from django.utils import timezone

# Playwright's sync API runs an event loop in the test thread.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def pytest_collection_modifyitems(config, items):
    if Path(CHROMIUM).exists() or shutil.which(CHROMIUM):
        return
    if os.environ.get("E2E_REQUIRED"):
        raise pytest.UsageError(f"Chromium not found at {CHROMIUM}: browser tests are required here.")
    skip = pytest.mark.skip(reason=f"Chromium not found at {CHROMIUM}: sudo apt-get install chromium")
    for item in items:
        if "e2e" in str(item.fspath):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-dev-shm-usage",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "fr-FR", "timezone_id": "Europe/Paris"}


@pytest.fixture
def clock_ticks() -> bool:
    # The live server and the browser wait on each other in real time: time flows from the frozen instant.
    return True


@pytest.fixture
def context(context, frozen_clock):
    # The browser has its own clock: start it at the server's (frozen, then flowing) now, so that a
    # date the page computes ("today" in a form, a due date) is the one the server computes.
    context.clock.install(time=timezone.now())
    return context


@pytest.fixture
def screenshot(page):
    ARTIFACTS.mkdir(exist_ok=True)

    def take(name: str) -> Path:
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


@pytest.fixture
def login(page, live_server):
    def log_in(username: str, password: str = "secret-pass-123") -> None:
        page.goto(f"{live_server.url}/connexion/")
        page.get_by_label("Nom d’utilisateur").fill(username)
        page.get_by_label("Mot de passe").fill(password)
        page.get_by_role("button", name="Se connecter").click()

    return log_in


@pytest.fixture
def accessibility_violations(live_server):
    """Serious and critical axe-core violations on the current page.

    axe is loaded from the application's own static files, so the Content-Security-Policy
    stays in force during the browser tests (an injected inline script would be refused)."""

    def check(page, exclude: tuple[str, ...] = ()) -> list[tuple[str, list]]:
        # Measure the page at rest: no hover colours under the last click, no transition midway.
        page.mouse.move(1, 1)
        page.add_style_tag(content="*, *::before, *::after { transition: none !important; }")
        page.add_script_tag(url=f"{live_server.url}/static/vendor/axe-core/axe.min.js")
        options = {"exclude": [[selector] for selector in exclude]}
        violations = page.evaluate("async (context) => (await axe.run(context)).violations", options)
        return [
            (v["id"], [node["target"] for node in v["nodes"]])
            for v in violations
            if v["impact"] in ("serious", "critical")
        ]

    return check
