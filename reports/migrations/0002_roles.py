"""Once created the three roles' groups from lists of its own. The roles and their permissions
now live in ccas_visits.lib.permissions, whose `sync_roles` sets the groups after every migrate
(post_migrate); this step stays in the history and does nothing."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("reports", "0001_initial"),
        ("volunteers", "0001_initial"),
        ("seniors", "0001_initial"),
        ("visits", "0001_initial"),
    ]
    operations = [migrations.RunPython(migrations.RunPython.noop, migrations.RunPython.noop)]
