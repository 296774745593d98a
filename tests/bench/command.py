"""`make bench` (`python -m tests.bench`): the key pages' latency under 1 and 20 concurrent
clients, and their SQL queries.

The app is served as in production (gunicorn, 2 workers, DEBUG off) on a free local port, with
tests.bench.settings adding only the floor page and plain-http cookies. Locust (headless)
drives the load, one page at a time; the queries are counted in-process against the same
database. The Markdown table is printed and written to bench-results/bench-<scale>.md."""

from __future__ import annotations

import argparse
import datetime
import json
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import requests  # installed with locust (dev extra)
from django.conf import settings
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse
from django.utils import timezone

from ccas_visits.lib.demo import SCALES
from reports.periods import Period
from seniors.models import Senior
from tests.bench.measures import (
    PageWeight,
    bilan_page_time,
    import_against_bulk_insert,
    pdf_against_weasyprint,
    volunteer_page_weight,
)
from tests.bench.urls import FLOOR_PATH
from visits.services import active_pair_of

RESULTS_DIR = Path(settings.BASE_DIR) / "bench-results"
LOCUSTFILE = Path(__file__).resolve().parent / "locustfile.py"
# The benchmark's own runner: what `make bench` calls, and the bilan timing's second process.
RUNNER = [sys.executable, "-m", "tests.bench"]


@dataclass
class Page:
    name: str
    username: str
    path: str
    method: str = "GET"
    body: dict = field(default_factory=dict)
    queries: int | None = None
    timings: dict[int, tuple[float, float, int, int]] = field(default_factory=dict)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def log_in(port: int, username: str, password: str = "demo") -> dict[str, str]:  # noqa: S107 - demo accounts
    """The session and CSRF cookies of a demo account, through the served login form, so that
    the clients measure pages, not password hashing."""
    base = f"http://127.0.0.1:{port}"
    session = requests.Session()
    session.get(f"{base}/connexion/", timeout=60)
    response = session.post(
        f"{base}/connexion/",
        data={
            "username": username,
            "password": password,
            "csrfmiddlewaretoken": session.cookies["csrftoken"],
        },
        headers={"Referer": f"{base}/connexion/"},
        timeout=60,
        allow_redirects=False,
    )
    if response.status_code != 302 or "sessionid" not in session.cookies:
        raise CommandError(f"The demo account {username} could not log in ({response.status_code}).")
    return session.cookies.get_dict()


def warm_up(port: int, page: Page, cookies: dict[str, str]) -> None:
    """A few requests before measuring, so that both workers have loaded the page's code."""
    for _attempt in range(4):
        if page.method == "GET":
            requests.get(f"http://127.0.0.1:{port}{page.path}", cookies=cookies, timeout=300)
        else:
            requests.post(
                f"http://127.0.0.1:{port}{page.path}",
                data=json.dumps(dict(page.body, uuid=str(uuid.uuid4()))),
                headers={"Content-Type": "application/json", "X-CSRFToken": cookies.get("csrftoken", "")},
                cookies=cookies,
                timeout=300,
            )


def last_full_half_year() -> Period:
    return Period.half_year_of(timezone.localdate()).previous_half_year()


def key_pages() -> list[Page]:
    """The pages measured, with the demo accounts and records they are asked for."""
    volunteer = User.objects.get(username="volunteer")
    seniors = Senior.objects.visible_to(volunteer).order_by("pk")
    senior = next((s for s in seniors if active_pair_of(volunteer, s) is not None), None)
    if senior is None:
        raise CommandError("The demo volunteer follows no senior: reseed the benchmark database.")
    pair = active_pair_of(volunteer, senior)
    period = last_full_half_year()
    dates = f"?start={period.start.isoformat()}&end={period.end.isoformat()}"
    visit = {
        "kind": "visit",
        "senior": senior.pk,
        "fields": {
            "visited_on": timezone.localdate().isoformat(),
            "duration_minutes": "60",
            "kind": "follow_up",
            "present": [str(pair.volunteer_a_id), str(pair.volunteer_b_id)],
        },
    }
    call = {"kind": "call", "senior": senior.pk, "fields": {"outcome": "reached", "note": ""}}
    coordinator_senior = Senior.objects.order_by("pk").values_list("pk", flat=True)[
        Senior.objects.count() // 2
    ]
    return [
        Page("floor (1 query)", "coordinator", "/" + FLOOR_PATH),
        Page("coordinator dashboard", "coordinator", reverse("dashboard")),
        Page("seniors list", "coordinator", reverse("seniors:senior_list")),
        Page(
            "seniors list, filtered",
            "coordinator",
            reverse("seniors:senior_list") + "?q=mar&status=followed&age_band=75_plus",
        ),
        Page("senior's page", "coordinator", reverse("seniors:senior_detail", args=[coordinator_senior])),
        Page("volunteer home", "volunteer", reverse("visits:my_seniors")),
        Page("visit form (GET)", "volunteer", reverse("visits:log_visit", args=[senior.pk])),
        Page("visit (POST, sync)", "volunteer", reverse("visits:sync"), "POST", visit),
        Page("call (POST, sync)", "volunteer", reverse("visits:sync"), "POST", call),
        Page("bilan HTML", "manager", reverse("reports:bilan") + dates),
        Page("bilan PDF", "manager", reverse("reports:bilan_file", args=["pdf"]) + dates),
        Page("budget PDF", "manager", reverse("reports:budget_file", args=["pdf"]) + dates),
    ]


def count_queries(pages: list[Page]) -> None:
    """Each page's SQL queries, in-process, on the database the server reads (second request:
    the first may fill per-process caches)."""
    clients: dict[str, Client] = {}
    with override_settings(
        ROOT_URLCONF="tests.bench.urls", ALLOWED_HOSTS=["testserver"], SECURE_SSL_REDIRECT=False
    ):
        for page in pages:
            if page.username not in clients:
                clients[page.username] = Client()
                clients[page.username].force_login(User.objects.get(username=page.username))
            client = clients[page.username]
            for _attempt in range(2):
                with CaptureQueriesContext(connection) as queries:
                    if page.method == "GET":
                        response = client.get(page.path)
                    else:
                        body = json.dumps(dict(page.body, uuid=str(uuid.uuid4())))
                        response = client.post(page.path, body, content_type="application/json")
            if response.status_code >= 400:
                raise CommandError(f"{page.name}: {page.path} answered {response.status_code}")
            page.queries = len(queries.captured_queries)


def weight_lines(weight: PageWeight) -> str:
    later = ", ".join(f"{name} {size / 1024:.1f} KB" for name, size in weight.later.items())
    return (
        f"Volunteer pages, compressed (gzip level 6): first load {weight.first_load / 1024:.1f} KB "
        f"(budget 150 KB) plus {weight.offline_copies / 1024:.1f} KB of seniors' pages kept for "
        f"offline use; later pages (HTML only, static files cached): {later} (budget 30 KB each).\n"
    )


class Command(BaseCommand):
    help = "Measure the key pages under load (gunicorn + locust) and their SQL queries."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", choices=sorted(SCALES), default=os.environ.get("BENCH_SCALE", "demo"))
        parser.add_argument("--seconds", type=int, default=int(os.environ.get("BENCH_SECONDS", "10")))
        parser.add_argument("--users", default=os.environ.get("BENCH_USERS", "1,20"))
        parser.add_argument("--only", default="", help="Measure only the pages whose name holds this.")
        parser.add_argument("--skip-load", action="store_true", help="Only the in-process figures.")
        parser.add_argument(
            "--history-years",
            type=int,
            default=None,
            help="Also time the bilan on a copy of this scale holding only N years of history "
            "(a second database, <name>_<N>y); 0 to skip. Default: 1 at large scale.",
        )
        parser.add_argument("--time-bilan", action="store_true", help=argparse.SUPPRESS)

    def handle(
        self,
        *args,
        scale: str,
        seconds: int,
        users: str,
        only: str,
        skip_load: bool,
        history_years: int | None,
        time_bilan: bool,
        **options,
    ) -> None:
        if history_years is None:
            history_years = 1 if scale == "large" else 0
        if connection.vendor != "postgresql":
            raise CommandError("The benchmark runs on PostgreSQL: set DATABASE_URL.")
        if time_bilan:  # one figure for the parent run, measured on this process's database
            self.stdout.write(json.dumps({"seconds": bilan_page_time(last_full_half_year())}))
            return
        call_command("migrate", interactive=False, verbosity=0)
        call_command("seed_demo", scale=scale, if_empty=True, stdout=self.stdout)
        pages = [p for p in key_pages() if not only or only in p.name or p.name.startswith("floor")]
        count_queries(pages)
        extra = self.in_process(scale, history_years)
        if skip_load:
            for page in pages:
                self.stdout.write(f"{page.name}: {page.queries} SQL queries")
            self.stdout.write(extra)
            return
        levels = [int(u) for u in users.split(",") if u]
        with tempfile.TemporaryDirectory(prefix="ccas-bench-") as tmp:
            env = self.server_env(Path(tmp))
            subprocess.run(  # noqa: S603 - fixed arguments
                [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], env=env, check=True
            )
            port = free_port()
            server = subprocess.Popen(  # noqa: S603 - fixed arguments
                [
                    sys.executable, "-m", "gunicorn", "ccas_visits.wsgi:application",
                    "--workers", "2", "--timeout", "300", "--log-level", "warning",
                    "--bind", f"127.0.0.1:{port}",
                ],
                env=env,
            )  # fmt: skip
            try:
                self.wait_for(port)
                sessions = {p.username: log_in(port, p.username) for p in pages}
                sessions.setdefault("volunteer", log_in(port, "volunteer"))
                weight = self.page_weight(port, sessions["volunteer"])
                for page in pages:
                    warm_up(port, page, sessions[page.username])
                    for level in levels:
                        page.timings[level] = self.load(
                            page, port, level, seconds, Path(tmp), sessions[page.username]
                        )
                        self.stderr.write(f"  {page.name} × {level}: {page.timings[level]}")
            finally:
                server.terminate()
                server.wait(timeout=30)
        table = self.table(pages, levels, scale, seconds) + extra + weight_lines(weight)
        self.stdout.write(table)
        RESULTS_DIR.mkdir(exist_ok=True)
        (RESULTS_DIR / f"bench-{scale}.md").write_text(table)

    def in_process(self, scale: str, history_years: int) -> str:
        """The figures measured in this process: bilan PDF against WeasyPrint alone, the
        register import against its floor, the bilan with less history."""
        whole, alone = pdf_against_weasyprint(last_full_half_year())
        lines = [
            "",
            f"Bilan PDF in-process (best of 3): {whole * 1000:.0f} ms in all, WeasyPrint alone on the "
            f"same HTML {alone * 1000:.0f} ms, ratio {whole / alone:.2f} (target ≤ 1.25).",
        ]
        self.stderr.write("  register import…")
        times = import_against_bulk_insert()
        lines.append(
            f"Register import of {times.rows:,} rows (best of 3, rolled back): preview "
            f"{times.preview * 1000:.0f} ms + confirm {times.confirm * 1000:.0f} ms, against "
            f"{times.floor * 1000:.0f} ms to read the file and bulk-insert its rows: ratio "
            f"{times.ratio:.1f} (target ≤ 3)."
        )
        if history_years:
            self.stderr.write(f"  bilan with {history_years} year(s) of history…")
            full = bilan_page_time(last_full_half_year())
            short = self.bilan_on_shorter_history(scale, history_years)
            lines.append(
                f"Bilan page over the last full half-year (best of 5): {full * 1000:.0f} ms with "
                f"{SCALES[scale].years} years of history, {short * 1000:.0f} ms with {history_years}: "
                f"ratio {full / short:.2f} (target ≤ 1.2)."
            )
        return "\n".join(lines) + "\n"

    def bilan_on_shorter_history(self, scale: str, years: int) -> float:
        """The bilan page's time on a second database seeded at the same scale with `years`
        of history (created and seeded on first use, then kept)."""
        url = os.environ["DATABASE_URL"]
        name = f"{connection.settings_dict['NAME']}_{years}y"
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            if cursor.fetchone() is None:
                cursor.execute(f'CREATE DATABASE "{name}"')
        env = dict(os.environ, DATABASE_URL=url.rsplit("/", 1)[0] + "/" + name)
        manage = [sys.executable, "manage.py"]
        subprocess.run([*manage, "migrate", "-v0"], env=env, check=True)  # noqa: S603 - fixed arguments
        subprocess.run(  # noqa: S603 - fixed arguments
            [*manage, "seed_demo", "--scale", scale, "--years", str(years), "--if-empty"], env=env, check=True
        )
        run = subprocess.run(  # noqa: S603 - fixed arguments
            [*RUNNER, "--time-bilan"], env=env, check=True, capture_output=True, text=True
        )
        return json.loads(run.stdout.strip().splitlines()[-1])["seconds"]

    def page_weight(self, port: int, cookies: dict[str, str]) -> PageWeight:
        volunteer = User.objects.get(username="volunteer")
        senior = next(s for s in Senior.objects.visible_to(volunteer) if active_pair_of(volunteer, s))

        def get(path: str) -> bytes:
            response = requests.get(f"http://127.0.0.1:{port}{path}", cookies=cookies, timeout=60)
            response.raise_for_status()
            return response.content

        return volunteer_page_weight(get, senior.pk)

    def server_env(self, tmp: Path) -> dict[str, str]:
        env = dict(os.environ)
        env.update(
            DJANGO_SETTINGS_MODULE="tests.bench.settings",
            # tests/ is not an installed package: gunicorn finds the settings from the project root.
            PYTHONPATH=str(settings.BASE_DIR),
            DEBUG="0",
            SECRET_KEY=secrets.token_urlsafe(60),
            ALLOWED_HOSTS="127.0.0.1",
            SECURE_SSL_REDIRECT="0",
            SECURE_HSTS_SECONDS="0",
            BENCH_STATIC_ROOT=str(tmp / "static"),
            DATABASE_URL=os.environ["DATABASE_URL"],
        )
        return env

    def wait_for(self, port: int) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.3)
        raise CommandError("gunicorn did not start within a minute.")

    def load(
        self, page: Page, port: int, users: int, seconds: int, tmp: Path, cookies: dict[str, str]
    ) -> tuple[float, float, int, int]:
        """Median and p95 (ms), requests and failures of one page under `users` clients."""
        prefix = tmp / f"locust-{users}"
        env = dict(os.environ, BENCH_PAGE=json.dumps(page.__dict__ | {"timings": {}, "cookies": cookies}))
        run = subprocess.run(  # noqa: S603 - fixed arguments
            [
                sys.executable, "-m", "locust", "-f", str(LOCUSTFILE), "--headless",
                "--host", f"http://127.0.0.1:{port}", "-u", str(users), "-r", str(users),
                "-t", f"{seconds}s", "--csv", str(prefix), "--only-summary", "--loglevel", "ERROR",
                "--stop-timeout", "30",
            ],
            env=env, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        # The final summary locust prints (it includes requests still running at the time limit,
        # which the CSV files can miss): the percentiles table, then the requests table.
        summary = run.stderr.split("Response time percentiles")
        if len(summary) == 2:
            counts = next((line for line in summary[0].splitlines() if f" {page.name} " in line), "")
            percentiles = next((line for line in summary[1].splitlines() if f" {page.name} " in line), "")
            if counts and percentiles:
                cells = percentiles.split(f" {page.name} ", 1)[1].split()
                count_cells = counts.split(f" {page.name} ", 1)[1].split()
                return (float(cells[0]), float(cells[5]), int(cells[-1]), int(count_cells[1].split("(")[0]))
        self.stderr.write(f"{page.name}: locust recorded no request.\n{run.stderr[-3000:]}")
        return (float("nan"), float("nan"), 0, 0)

    def table(self, pages: list[Page], levels: list[int], scale: str, seconds: int) -> str:
        floor = pages[0]
        head = ["page", "SQL queries"]
        for level in levels:
            head += [
                f"median ms ×{level}",
                f"p95 ms ×{level}",
                f"median / floor ×{level}",
                f"req (fail) ×{level}",
            ]
        lines = [
            f"## Benchmark, scale `{scale}` ({datetime.datetime.now(tz=datetime.UTC):%Y-%m-%d %H:%M} UTC)",
            "",
            f"gunicorn 2 workers, DEBUG off; locust headless, {seconds} s per page and level; "
            f"reports over {last_full_half_year().label}.",
            "",
            "| " + " | ".join(head) + " |",
            "|" + "---|" * len(head),
        ]
        for page in pages:
            cells = [page.name, str(page.queries)]
            for level in levels:
                median, p95, count, failures = page.timings[level]
                ratio = median / floor.timings[level][0] if floor.timings[level][0] else 0
                cells += [f"{median:.0f}", f"{p95:.0f}", f"{ratio:.1f}", f"{count} ({failures})"]
            lines.append("| " + " | ".join(cells) + " |")
        return "\n".join(lines) + "\n"
