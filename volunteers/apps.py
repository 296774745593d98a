from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VolunteersConfig(AppConfig):
    name = "volunteers"
    verbose_name = _("Volunteers and pairs")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in
        from django.db.models.signals import post_migrate

        import ccas_visits.lib.db  # noqa: F401 - registers UNACCENT on SQLite connections
        from ccas_visits.lib.dates import bound_form_dates
        from ccas_visits.lib.permissions import sync_roles
        from volunteers.middleware import start_idle_clock_on_login

        bound_form_dates()
        user_logged_in.connect(start_idle_clock_on_login, dispatch_uid="start_idle_clock")
        # The roles' groups follow ccas_visits.lib.permissions after every migrate (and every
        # flush between transactional tests), as Django's own permissions do.
        post_migrate.connect(sync_roles, sender=self, dispatch_uid="sync_roles")
