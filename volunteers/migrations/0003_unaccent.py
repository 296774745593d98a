"""The PostgreSQL extension behind accent-insensitive search (ccas_visits.lib.db)."""

from django.db import migrations


def create_extension(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")


class Migration(migrations.Migration):
    dependencies = [("volunteers", "0002_history")]
    operations = [migrations.RunPython(create_extension, migrations.RunPython.noop)]
