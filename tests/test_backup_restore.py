"""The backup of docs/operations.md, restored into a fresh database, gives back the same programme:
every table's rows, the bilan and the budget summary, the access log's chain, the stored files.
The scripts run exactly as the hosting team runs them (docs/deploy/backup.sh and restore.sh)."""

import contextlib
import io
import os
import shutil
import subprocess
from pathlib import Path

import openpyxl
import psycopg2
import pytest
from django.core.management import call_command
from django.db import connection, connections
from django.utils import timezone
from psycopg2 import sql

from reports.exports import DOCUMENTS, render_document
from reports.periods import Period
from seniors.models import AccessLog

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(shutil.which("pg_dump") is None, reason="needs PostgreSQL's client tools"),
]

DEPLOY = Path(__file__).resolve().parent.parent / "docs" / "deploy"


@pytest.fixture(autouse=True)
def postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("backups are of PostgreSQL databases")


def url_of(name: str) -> str:
    s = connection.settings_dict
    return f"postgres://{s['USER']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{name}"


@contextlib.contextmanager
def fresh_database(name: str):
    admin = psycopg2.connect(url_of("postgres"))
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    try:
        yield url_of(name)
    finally:
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


@contextlib.contextmanager
def reading(name: str):
    """The application's queries, for a moment, on database `name`."""
    default = connections["default"]
    default.close()
    original = default.settings_dict["NAME"]
    default.settings_dict["NAME"] = name
    try:
        yield
    finally:
        default.close()
        default.settings_dict["NAME"] = original


def run(script: str, *args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(DEPLOY / script), *args],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        check=False,
    )


ROW_DIGEST = sql.SQL(
    "SELECT count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM {} t"
)


def table_fingerprints() -> dict[str, tuple[int, str]]:
    """Each table of the application: its row count and a digest of every row's content."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
        tables = [name for (name,) in cursor.fetchall()]
        prints = {}
        for table in tables:
            cursor.execute(ROW_DIGEST.format(sql.Identifier(table)))
            prints[table] = cursor.fetchone()
    return prints


def cells(xlsx: bytes) -> list[list[tuple]]:
    book = openpyxl.load_workbook(io.BytesIO(xlsx), read_only=True)
    return [list(sheet.iter_rows(values_only=True)) for sheet in book.worksheets]


def reports(periods: list[Period]) -> dict[tuple[str, Period], tuple[bytes, list]]:
    """The bilan and the budget summary of each period: the CSV as written, the XLSX's cells
    (the XLSX file itself carries the instant it was written)."""
    return {
        (kind, period): (
            render_document(DOCUMENTS[kind](period), "csv"),
            cells(render_document(DOCUMENTS[kind](period), "xlsx")),
        )
        for kind in DOCUMENTS
        for period in periods
    }


def test_a_restored_backup_gives_back_every_row_figure_and_file(tmp_path, settings, capsys):
    call_command("seed_demo", "--seed", "7", "--years", "1", "--password", "pw-demo")
    today = timezone.localdate()
    current = Period.half_year_of(today)
    closed = current.previous_half_year()
    media = tmp_path / "media"
    (media / "reports").mkdir(parents=True)
    (media / "reports" / "bilan-v1.pdf").write_bytes(b"%PDF-1.7 issued report")
    passphrase = tmp_path / "backup.pass"
    passphrase.write_text("correct horse battery staple\n")
    before = table_fingerprints()
    assert before["seniors_senior"][0] > 100 and before["visits_visit"][0] > 1000
    figures = reports([closed, current])
    log_rows = AccessLog.objects.count()

    backups = tmp_path / "backups"
    database = connection.settings_dict["NAME"]
    made = run(
        "backup.sh",
        DATABASE_URL=url_of(database),
        BACKUP_DIR=str(backups),
        MEDIA_ROOT=str(media),
        BACKUP_PASSPHRASE_FILE=str(passphrase),
    )
    assert made.returncode == 0, made.stderr
    dump = next(backups.glob("ccas-*.dump.gpg"))
    files = next(backups.glob("ccas-*-files.tar.gz.gpg"))
    # Encrypted at rest: nothing of the programme readable in the files as written.
    assert b"PGDMP" not in dump.read_bytes()[:64]
    assert not list(backups.glob("*.dump")), "no clear copy is left beside the encrypted one"

    restored_media = tmp_path / "restored-media"
    with fresh_database(f"{database}_restored") as target:
        restored = run(
            "restore.sh",
            str(dump),
            str(files),
            DATABASE_URL=target,
            MEDIA_ROOT=str(restored_media),
            BACKUP_PASSPHRASE_FILE=str(passphrase),
        )
        assert restored.returncode == 0, restored.stderr
        # A second restore into the same, now full, database is refused, not mixed in.
        again = run("restore.sh", str(dump), DATABASE_URL=target, BACKUP_PASSPHRASE_FILE=str(passphrase))
        assert again.returncode == 1 and "not empty" in again.stderr

        with reading(f"{database}_restored"):
            assert table_fingerprints() == before
            assert reports([closed, current]) == figures
            assert AccessLog.objects.count() == log_rows
            capsys.readouterr()
            call_command("verify_access_log")
            assert str(log_rows) in capsys.readouterr().out

    assert (restored_media / "reports" / "bilan-v1.pdf").read_bytes() == b"%PDF-1.7 issued report"


def test_a_backup_without_passphrase_is_a_plain_custom_format_dump(tmp_path):
    backups = tmp_path / "backups"
    made = run("backup.sh", DATABASE_URL=url_of(connection.settings_dict["NAME"]), BACKUP_DIR=str(backups))
    assert made.returncode == 0, made.stderr
    (dump,) = backups.glob("ccas-*.dump")
    assert dump.read_bytes()[:5] == b"PGDMP"
    assert not list(backups.glob("*files*")), "no files folder given, none archived"


def test_old_backups_are_removed_after_the_keeping_period(tmp_path):
    backups = tmp_path / "backups"
    backups.mkdir()
    old = backups / "ccas-20000101-020000.dump"
    old.write_bytes(b"old")
    os.utime(old, (946_692_000, 946_692_000))  # 1 January 2000
    unrelated = backups / "notes.txt"
    unrelated.write_text("kept")
    os.utime(unrelated, (946_692_000, 946_692_000))
    made = run(
        "backup.sh",
        DATABASE_URL=url_of(connection.settings_dict["NAME"]),
        BACKUP_DIR=str(backups),
        BACKUP_KEEP_DAYS="35",
    )
    assert made.returncode == 0, made.stderr
    assert not old.exists()
    assert unrelated.exists()
    assert len(list(backups.glob("ccas-*.dump"))) == 1
