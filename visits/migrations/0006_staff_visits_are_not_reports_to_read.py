"""A visit logged by a coordinator is the coordinator's own note, not a report to read:
the visits already logged that way leave the queue of reports to read."""

from django.db import migrations
from django.db.models import F

COORDINATOR = "coordinator"  # ccas_visits.lib.permissions.COORDINATOR, as it was here


def mark_staff_visits_read(apps, schema_editor):
    Visit = apps.get_model("visits", "Visit")
    Visit.objects.filter(read_at__isnull=True, recorded_by__groups__name=COORDINATOR).update(
        read_at=F("recorded_at"), read_by=F("recorded_by")
    )


class Migration(migrations.Migration):
    dependencies = [("visits", "0005_contact_alerts_call_duration_need_answers")]

    operations = [migrations.RunPython(mark_staff_visits_read, migrations.RunPython.noop)]
