from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SecondFactorConfig(AppConfig):
    name = "second_factor"
    verbose_name = _("Second factor")

    def ready(self) -> None:
        from second_factor import checks  # noqa: F401 - registers the deployment check
