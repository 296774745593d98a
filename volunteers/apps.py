from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VolunteersConfig(AppConfig):
    name = "volunteers"
    verbose_name = _("Volunteers and pairs")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        import ccas_visits.lib.db  # noqa: F401 - registers UNACCENT on SQLite connections
        from volunteers.middleware import start_idle_clock_on_login

        user_logged_in.connect(start_idle_clock_on_login, dispatch_uid="start_idle_clock")
