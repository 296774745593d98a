"""What every app's demo data shares: the scales, one random generator and its drawing helpers,
French names, the bulk insert and the erasing of the programme's data.

Each app's `demo.py` builds its own records from a `Demo`; reports.demo runs them in order."""

from __future__ import annotations

import csv
import datetime
import io
import random
from dataclasses import dataclass

from django.apps import apps
from django.core.management.color import no_style
from django.db import connection
from django.utils import timezone

from ccas_visits.lib.phones import normalise_phone, parse_phone


@dataclass(frozen=True)
class Scale:
    volunteers: int
    pairs: int
    seniors: int
    years: int
    visits_per_year: int
    calls_per_year: int


SCALES = {
    "demo": Scale(volunteers=90, pairs=45, seniors=130, years=2, visits_per_year=2600, calls_per_year=1800),
    "large": Scale(
        volunteers=600, pairs=300, seniors=20000, years=10, visits_per_year=40000, calls_per_year=25000
    ),
}

FIRST_NAMES_F = [
    "Marie",
    "Jeanne",
    "Monique",
    "Françoise",
    "Geneviève",
    "Odette",
    "Simone",
    "Hélène",
    "Josiane",
    "Colette",
    "Thérèse",
    "Brigitte",
    "Éliane",
    "Aïcha",
    "Fatima",
    "Agnès",
    "Chantal",
    "Nicole",
    "Lucienne",
    "Yvette",
    "Madeleine",
    "Gisèle",
    "Léa",
    "Chloé",
]
FIRST_NAMES_M = [
    "Jean",
    "Pierre",
    "Michel",
    "André",
    "Bernard",
    "Jacques",
    "René",
    "Gérard",
    "Marcel",
    "Raymond",
    "Lucien",
    "François",
    "Mohamed",
    "Amadou",
    "Joël",
    "Hervé",
    "Thierry",
    "Étienne",
    "Noël",
    "Hugo",
    "Lucas",
    "Yanis",
    "Jean-Pierre",
    "Jean-Claude",
]
LAST_NAMES = [
    "Martin",
    "Bernard",
    "Dubois",
    "Lefèvre",
    "Lefèvre-Dupré",
    "N'Diaye",
    "de La Tour",
    "Leroy",
    "Moreau",
    "Fournier",
    "Girard",
    "Lambert",
    "Bonnet",
    "Dupont",
    "Mercier",
    "Carpentier",
    "Lemaire",
    "Delattre",
    "Caron",
    "Vasseur",
    "Boucher",
    "Duchêne",
    "Benali",
    "Nguyen",
    "Da Silva",
    "Lecomte",
    "Masson",
    "Dumont",
    "Poulain",
    "Hérault",
    "D'Almeida",
    "Lenoir",
    "Saint-Just",
    "Gaudré",
    "Deschamps",
    "Petitjean",
    "Obry",
]

PROGRAMME_APPS = ("volunteers", "seniors", "visits", "reports")


class Demo:
    """One demo run: its scale, its dates and the one random generator every builder draws
    from (the builders run in a fixed order, so the same seed gives the same data)."""

    def __init__(self, *, seed: int, scale: Scale, password: str, today: datetime.date | None = None):
        self.rng = random.Random(seed)
        self.scale = scale
        self.password = password
        self.today = today or timezone.localdate()
        self.start = self.today.replace(year=self.today.year - scale.years)
        self.zone = timezone.get_current_timezone()
        self.now = timezone.now()
        # Nothing recorded in the future; every moment in Paris time.
        self.latest = timezone.localtime(self.now - datetime.timedelta(minutes=5))

    def name(self, sex: str) -> tuple[str, str]:
        first = self.rng.choice(FIRST_NAMES_F if sex == "F" else FIRST_NAMES_M)
        return first, self.rng.choice(LAST_NAMES)

    def phone(self) -> str:
        """A valid French number in E.164, as pages store them."""
        typed = "0" + self.rng.choice("3667") + "".join(self.rng.choice("0123456789") for _ in range(8))
        if parse_phone(typed) is None:
            typed = typed[:2] + "8" + typed[3:]  # 068…, 078…: ranges in use, and the same draws
        return normalise_phone(typed)

    def day_between(self, start: datetime.date, end: datetime.date) -> datetime.date:
        span = max((end - start).days, 0)
        return start + datetime.timedelta(days=self.rng.randint(0, span))

    def moment(self, day: datetime.date, first_hour: int = 9, last_hour: int = 17) -> datetime.datetime:
        at = datetime.time(self.rng.randint(first_hour, last_hour), self.rng.choice([0, 15, 30, 45]))
        return min(datetime.datetime.combine(day, at, tzinfo=self.zone), self.latest)

    def months(self, until: datetime.date) -> list[datetime.date]:
        """The first day of each month from the demo's start to `until`."""
        month, months = self.start.replace(day=1), []
        while month <= until:
            months.append(month)
            month = (month + datetime.timedelta(days=32)).replace(day=1)
        return months


def erase_programme_data() -> None:
    """Empty every table of the programme and the user accounts; roles (groups) stay."""
    models = [
        m
        for label in PROGRAMME_APPS
        for m in apps.get_app_config(label).get_models(include_auto_created=True)
    ]
    tables = [m._meta.db_table for m in models] + [
        "auth_user",
        "auth_user_groups",
        "auth_user_user_permissions",
        "django_admin_log",
        "django_session",
    ]
    if connection.vendor == "postgresql":
        # Deferred foreign-key checks still pending in this transaction would block TRUNCATE.
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    statements = connection.ops.sql_flush(no_style(), tables, reset_sequences=True, allow_cascade=True)
    connection.ops.execute_sql_flush(statements)


def insert_rows(model: type, rows: list[dict]) -> None:
    """Insert plain rows ({field attname: value}; a missing field takes its default) without
    building a model instance per row: COPY on PostgreSQL (the large scale's million rows),
    executemany elsewhere (the SQLite demo)."""
    if not rows:
        return
    fields = [f for f in model._meta.concrete_fields if f.attname in rows[0] or not f.primary_key]
    defaults = {
        f.attname: timezone.now()
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
        else f.get_default()
        for f in fields
    }
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            buffer = io.StringIO()
            writer = csv.writer(buffer)
            for row in rows:
                values = (row.get(f.attname, defaults[f.attname]) for f in fields)
                writer.writerow(["\\N" if value is None else value for value in values])
            buffer.seek(0)
            # NULL is written \N, so that an empty text stays an empty text.
            cursor.cursor.copy_expert(
                f"COPY {table} ({columns}) FROM STDIN WITH (FORMAT csv, NULL '\\N')", buffer
            )
        else:
            placeholders = ", ".join(["%s"] * len(fields))
            cursor.executemany(
                f"INSERT INTO {table} ({columns}) VALUES ({placeholders})",  # noqa: S608 - model names
                [
                    [f.get_db_prep_save(row.get(f.attname, defaults[f.attname]), connection) for f in fields]
                    for row in rows
                ],
            )


def reset_sequences(models: list[type]) -> None:
    """After rows inserted with their own ids, the next ids follow them."""
    connection.ops.execute_sql_flush(connection.ops.sequence_reset_sql(no_style(), models))
