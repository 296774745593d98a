from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VolunteersConfig(AppConfig):
    name = "volunteers"
    verbose_name = _("Volunteers and pairs")

    def ready(self) -> None:
        import ccas_visits.db  # noqa: F401 - registers UNACCENT on SQLite connections
