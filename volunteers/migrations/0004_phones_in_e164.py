"""Phone numbers stored in E.164 (+33612345678), through the phonenumbers library."""

import ccas_visits.lib.phones
import volunteers.validators
from django.db import migrations

from ccas_visits.lib.phones import phones_to_e164


def to_e164(apps, schema_editor):
    """Stored numbers in E.164; one that is not a valid number is kept as typed (never lost),
    and pages mark it "to check"."""
    phones_to_e164(apps.get_model("volunteers", "Volunteer"), ("phone",))
    phones_to_e164(apps.get_model("volunteers", "HistoricalVolunteer"), ("phone",))


class Migration(migrations.Migration):
    dependencies = [
        ("volunteers", "0003_unaccent"),
    ]

    operations = [
        migrations.AlterField(
            model_name="historicalvolunteer",
            name="phone",
            field=ccas_visits.lib.phones.PhoneNumberField(
                blank=True,
                max_length=20,
                validators=[volunteers.validators.validate_phone],
                verbose_name="phone",
            ),
        ),
        migrations.AlterField(
            model_name="volunteer",
            name="phone",
            field=ccas_visits.lib.phones.PhoneNumberField(
                blank=True,
                max_length=20,
                validators=[volunteers.validators.validate_phone],
                verbose_name="phone",
            ),
        ),
        migrations.RunPython(to_e164, migrations.RunPython.noop),
    ]
