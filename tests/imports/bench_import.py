"""Times the preview and the confirmation of a 10,000-row register (no assertion).

Run against a migrated database; everything it writes is rolled back:
    DATABASE_URL=... .venv/bin/python tests/imports/bench_import.py [ROWS]
"""

import os
import sys
import time
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ccas_visits.settings")
django.setup()

from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from seniors.imports import import_seniors  # noqa: E402
from tests.imports.conftest import HEADERS, make_csv, make_xlsx  # noqa: E402

FIRST_NAMES = ["Josiane", "Amadou", "Hélène", "Jean-Pierre", "Odette", "Marcel", "Françoise", "Lucien"]


def letters(number: int) -> str:
    """0 -> 'aaaa', 1 -> 'aaab'...: names have no digits."""
    word = ""
    for _ in range(4):
        number, rest = divmod(number, 26)
        word = chr(97 + rest) + word
    return word


def register_rows(count: int) -> list[list[str]]:
    return [
        [
            f"Martin-{letters(index)}",
            FIRST_NAMES[index % len(FIRST_NAMES)],
            f"{1 + index % 28:02d}/{1 + index % 12:02d}/{1925 + index % 30}",
            f"{index % 200} rue de la République",
            "80000",
            "Amiens",
            f"06 12 {index % 100:02d} {index // 100 % 100:02d} 78",
            f"R-{index:05d}",
        ]
        for index in range(count)
    ]


def timed(label: str, data: bytes, **kwargs) -> None:
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        report = import_seniors(data, file_name="bench", source="register", **kwargs)
        elapsed = time.perf_counter() - start
    print(f"{label:<34} {elapsed:6.2f} s  {len(queries):4d} queries  {report.counts}")


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    rows = register_rows(count)
    headers = [*HEADERS, "N° registre"]
    files = {"xlsx": make_xlsx(rows, headers=headers), "csv": make_csv(rows, headers=headers, delimiter=";")}
    for kind, data in files.items():
        print(f"{count} rows, {kind}, {len(data) / 1024:.0f} KB")
        with transaction.atomic():
            timed("  preview (dry run)", data, dry_run=True)
            timed("  confirm (re-check + write)", data)
            timed("  same file again: preview", data, dry_run=True)
            timed("  same file again: confirm", data)
            transaction.set_rollback(True)


if __name__ == "__main__":
    main()
