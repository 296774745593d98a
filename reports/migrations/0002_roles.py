"""Create the three roles as Groups with their model permissions."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

APPS = ("volunteers", "seniors", "visits", "reports")

VOLUNTEER_PERMISSIONS = [
    "view_senior",
    "add_call",
    "view_call",
    "add_visit",
    "view_visit",
    "add_need",
    "add_alert",
    "add_proposal",
    "view_activity",
    "view_activitysession",
    "view_serviceoffer",
]
MANAGER_PERMISSIONS = [
    "view_budget",
    "view_funding",
    "view_expenseline",
    "view_target",
]


def create_roles(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    coordinator, _ = Group.objects.get_or_create(name="coordinator")
    coordinator.permissions.set(Permission.objects.filter(content_type__app_label__in=APPS))
    volunteer, _ = Group.objects.get_or_create(name="volunteer")
    volunteer.permissions.set(
        Permission.objects.filter(content_type__app_label__in=APPS, codename__in=VOLUNTEER_PERMISSIONS)
    )
    manager, _ = Group.objects.get_or_create(name="manager")
    manager.permissions.set(
        Permission.objects.filter(content_type__app_label__in=APPS, codename__in=MANAGER_PERMISSIONS)
    )


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["coordinator", "volunteer", "manager"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("reports", "0001_initial"),
        ("volunteers", "0001_initial"),
        ("seniors", "0001_initial"),
        ("visits", "0001_initial"),
    ]
    operations = [migrations.RunPython(create_roles, remove_roles)]
