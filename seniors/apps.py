from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SeniorsConfig(AppConfig):
    name = "seniors"
    verbose_name = _("Seniors")
