from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VisitsConfig(AppConfig):
    name = "visits"
    verbose_name = _("Calls, visits and activities")

    def ready(self) -> None:
        from seniors.follow_up import provide
        from visits.follow_up import FOLLOW_UP

        # The seniors' pages show the contacts' figures and timeline from here (seniors/follow_up.py).
        provide(FOLLOW_UP)
