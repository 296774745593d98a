"""Volunteers sort as French people expect (ccas_visits.lib.db.person_order), and each pair gets a short number that never changes ("Binôme Martin – Nguyen (n° 12)"):
existing pairs are numbered 1, 2, 3… in the order they were created."""

from django.db import migrations, models

import ccas_visits.lib.db


def number_existing_pairs(apps, schema_editor):
    Pair = apps.get_model("volunteers", "Pair")
    HistoricalPair = apps.get_model("volunteers", "HistoricalPair")
    for number, pair in enumerate(Pair.objects.order_by("id"), start=1):
        Pair.objects.filter(pk=pair.pk).update(number=number)
        HistoricalPair.objects.filter(id=pair.pk).update(number=number)


class Migration(migrations.Migration):
    dependencies = [("volunteers", "0006_civic_missions_and_associations")]

    operations = [
        migrations.AlterModelOptions(
            name="volunteer",
            options={
                "ordering": [
                    ccas_visits.lib.db.SortName("last_name"),
                    ccas_visits.lib.db.SortName("first_name"),
                    "pk",
                ],
                "verbose_name": "volunteer",
                "verbose_name_plural": "volunteers",
            },
        ),
        migrations.AddField(
            model_name="pair",
            name="number",
            field=models.PositiveIntegerField(null=True, editable=False, verbose_name="number"),
        ),
        migrations.AddField(
            model_name="historicalpair",
            name="number",
            field=models.PositiveIntegerField(null=True, editable=False, verbose_name="number"),
        ),
        migrations.RunPython(number_existing_pairs, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="pair",
            name="number",
            field=models.PositiveIntegerField(
                editable=False,
                help_text="Given at creation, never reused: tells two pairs of the same names apart.",
                unique=True,
                verbose_name="number",
            ),
        ),
        migrations.AlterField(
            model_name="historicalpair",
            name="number",
            field=models.PositiveIntegerField(
                db_index=True,
                editable=False,
                help_text="Given at creation, never reused: tells two pairs of the same names apart.",
                verbose_name="number",
            ),
        ),
        migrations.AlterModelOptions(
            name="pair",
            options={"ordering": ["number"], "verbose_name": "pair", "verbose_name_plural": "pairs"},
        ),
        migrations.AlterField(
            model_name="pair",
            name="name",
            field=models.CharField(
                blank=True,
                help_text="Optional, shown after the members' names (a neighbourhood, for example).",
                max_length=100,
                verbose_name="nickname",
            ),
        ),
        migrations.AlterField(
            model_name="historicalpair",
            name="name",
            field=models.CharField(
                blank=True,
                help_text="Optional, shown after the members' names (a neighbourhood, for example).",
                max_length=100,
                verbose_name="nickname",
            ),
        ),
    ]
