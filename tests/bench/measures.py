"""The in-process measurements of `make bench`, beside the pages under load: the bilan PDF
against WeasyPrint alone, a register import against reading the file and bulk-inserting its
rows, the bilan's time on a database, and the volunteer pages' weight as a tablet gets them.

Everything written here is rolled back; every time is the best of several rounds (the least
disturbed by the rest of the machine)."""

from __future__ import annotations

import csv
import datetime
import gzip
import io
import json
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from unittest import mock

from django.contrib.auth.models import User
from django.db import connection, transaction
from django.test import Client
from django.test.utils import override_settings
from django.urls import reverse
from django.utils import timezone

from reports import exports
from reports.periods import Period
from seniors.imports import import_seniors
from seniors.models import RegisterEntry, Senior

REGISTER_HEADERS = [
    "Nom",
    "Prénom",
    "Date de naissance",
    "Adresse",
    "Code postal",
    "Ville",
    "Téléphone",
    "N° registre",
]
FIRST_NAMES = ["Josiane", "Amadou", "Hélène", "Jean-Pierre", "Odette", "Marcel", "Françoise", "Lucien"]


def best_of(rounds: int, action: Callable[[], object]) -> float:
    """The shortest of `rounds` runs of `action`, in seconds."""
    times = []
    for _round in range(rounds):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return min(times)


# --- The bilan PDF against WeasyPrint alone ------------------------------------------------


def pdf_against_weasyprint(period: Period, rounds: int = 3) -> tuple[float, float]:
    """Seconds of the whole bilan PDF (data, template, WeasyPrint) and of WeasyPrint alone
    on the same final HTML."""

    captured: dict = {}
    real_html = exports.HTML

    def capture(*args, **kwargs):
        captured.update(kwargs)
        return real_html(*args, **kwargs)

    def whole() -> None:
        with mock.patch.object(exports, "HTML", capture):
            exports.render_document(exports.bilan_document(period), "pdf")

    whole_time = best_of(rounds, whole)
    alone_time = best_of(rounds, lambda: real_html(**captured).write_pdf())
    return whole_time, alone_time


# --- The bilan page on this database -------------------------------------------------------


def bilan_page_time(period: Period, rounds: int = 5) -> float:
    """Seconds for the manager's bilan page (figures and HTML), in-process."""
    client = Client()
    client.force_login(User.objects.get(username="manager"))
    path = reverse("reports:bilan") + f"?start={period.start.isoformat()}&end={period.end.isoformat()}"
    with override_settings(ALLOWED_HOSTS=["testserver"], SECURE_SSL_REDIRECT=False):
        client.get(path)  # templates and translations loaded

        def get() -> None:
            response = client.get(path)
            assert response.status_code == 200, response.status_code  # noqa: S101 - a broken page is no figure

        return best_of(rounds, get)


# --- A register import against the bare read and bulk insert -------------------------------


def _letters(number: int) -> str:
    """0 -> 'aaaa', 1 -> 'aaab'...: names without digits, all different."""
    word = ""
    for _ in range(4):
        number, rest = divmod(number, 26)
        word = chr(97 + rest) + word
    return word


def register_file(count: int) -> bytes:
    """A town's register as a CCAS exports it: semicolons, French dates and phones."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(REGISTER_HEADERS)
    for index in range(count):
        writer.writerow(
            [
                f"Martin-{_letters(index)}",
                FIRST_NAMES[index % len(FIRST_NAMES)],
                f"{1 + index % 28:02d}/{1 + index % 12:02d}/{1925 + index % 30}",
                f"{index % 200} rue de la République",
                "80000",
                "Amiens",
                f"06 12 {index % 100:02d} {index // 100 % 100:02d} 78",
                f"BENCH-{index:05d}",
            ]
        )
    return buffer.getvalue().encode("utf-8")


def bare_insert(data: bytes) -> int:
    """The floor: decode and split the file, then bulk-insert its seniors and register
    entries, with no checking, matching or history."""
    today = timezone.localdate()
    rows = list(csv.reader(io.StringIO(data.decode("utf-8")), delimiter=";"))[1:]
    seniors = Senior.objects.bulk_create(
        [
            Senior(
                last_name=row[0],
                first_name=row[1],
                birth_date=datetime.date(*map(int, reversed(row[2].split("/")))),
                address=row[3],
                postal_code=row[4],
                city=row[5],
                phone=row[6],
                source=Senior.Source.REGISTER,
                identified_on=today,
            )
            for row in rows
        ],
        batch_size=1000,
    )
    RegisterEntry.objects.bulk_create(
        [
            RegisterEntry(
                senior=senior,
                register_id=row[7],
                basis=RegisterEntry.Basis.AGE_65,
                requested_by=RegisterEntry.RequestedBy.SELF,
                registered_on=today,
            )
            for senior, row in zip(seniors, rows, strict=True)
        ],
        batch_size=1000,
    )
    return len(rows)


@dataclass
class ImportTimes:
    rows: int
    preview: float
    confirm: float
    floor: float

    @property
    def ratio(self) -> float:
        return (self.preview + self.confirm) / self.floor


def import_against_bulk_insert(count: int = 10_000, rounds: int = 3) -> ImportTimes:
    """Seconds of the two steps of a first import of `count` register rows (preview, then
    confirm) and of the floor, each round rolled back."""
    data = register_file(count)
    admin = User.objects.filter(username="coordinator").first()

    def rolled_back(action: Callable[[], object]) -> Callable[[], None]:
        def run() -> None:
            with transaction.atomic():
                action()
                transaction.set_rollback(True)

        return run

    def preview() -> None:
        report = import_seniors(data, file_name="registre.csv", source="register", dry_run=True)
        assert not report.has_refusals  # noqa: S101 - a refused row would time nothing real

    def confirm() -> None:
        import_seniors(data, file_name="registre.csv", source="register", user=admin)

    times = ImportTimes(
        rows=count,
        preview=best_of(rounds, rolled_back(preview)),
        confirm=best_of(rounds, rolled_back(confirm)),
        floor=best_of(rounds, rolled_back(lambda: bare_insert(data))),
    )
    # The rolled-back rows stay behind as dead tuples until a vacuum: clear them now, or the
    # pages measured next would scan them.
    tables = [
        m._meta.db_table for m in (Senior, Senior.history.model, RegisterEntry, RegisterEntry.history.model)
    ]
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE " + ", ".join(connection.ops.quote_name(t) for t in tables))
    return times


# --- Page weight of the volunteer pages -----------------------------------------------------

STATIC_LINK = re.compile(r'(?:href|src)="(/static/[^"]+)"')


@dataclass
class PageWeight:
    first_load: int  # home page, its static files, manifest, service worker, icons
    offline_copies: int  # the seniors' pages the tablet keeps for offline use
    later: dict[str, int]  # a later page: its HTML only (static files come from the cache)


def compressed(body: bytes) -> int:
    """Bytes on the wire from a server compressing at gzip's usual level."""
    return len(gzip.compress(body, compresslevel=6))


def volunteer_page_weight(get: Callable[[str], bytes], senior_id: int) -> PageWeight:
    """`get(path)` returns a served page's body, with the volunteer's session."""
    home_path = reverse("visits:my_seniors")
    home = get(home_path)
    html = home.decode()
    assets = set(STATIC_LINK.findall(html))
    manifest = get(reverse("visits:manifest"))
    assets |= {icon["src"] for icon in json.loads(manifest).get("icons", [])}
    first = compressed(home) + sum(compressed(get(path)) for path in assets)
    first += compressed(manifest) + compressed(get(reverse("visits:service_worker")))
    offline = re.search(r'data-offline-urls="([^"]*)"', html)
    urls = json.loads(offline.group(1).replace("&quot;", '"')) if offline else []
    kept = sum(compressed(get(url)) for url in urls if not url.startswith("/static/") and url != home_path)
    later = {
        name: compressed(get(reverse(route, args=[senior_id])))
        for name, route in (
            ("senior page", "visits:senior"),
            ("call form", "visits:log_call"),
            ("visit form", "visits:log_visit"),
        )
    }
    later["home again"] = compressed(get(home_path))
    return PageWeight(first_load=first, offline_copies=kept, later=later)
