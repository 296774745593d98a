"""Dates that cannot be in the future, enforced by PostgreSQL.

SQLite (the demo database) refuses now() in a CHECK, so there model validation
alone guards these rules. A margin of one hour absorbs tablets' clock drift."""

from django.db import migrations

CHECKS = [
    ("visits_visit", "visit_not_in_future", "visited_at <= now() + interval '1 hour'"),
    ("visits_call", "call_not_in_future", "called_at <= now() + interval '1 hour'"),
    ("seniors_senior", "senior_born_in_past", "birth_date <= current_date"),
]


def add_checks(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, name, condition in CHECKS:
        schema_editor.execute(f"ALTER TABLE {table} ADD CONSTRAINT {name} CHECK ({condition})")


def drop_checks(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, name, _condition in CHECKS:
        schema_editor.execute(f"ALTER TABLE {table} DROP CONSTRAINT IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("visits", "0001_initial"), ("seniors", "0001_initial")]
    operations = [migrations.RunPython(add_checks, drop_checks)]
