from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SeniorsConfig(AppConfig):
    name = "seniors"
    verbose_name = _("Seniors")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed

        from seniors.models.access import log_failed_sign_in, log_sign_in, log_sign_out

        # Sign-ins, sign-outs and failed attempts go to the access log with the file openings.
        user_logged_in.connect(log_sign_in, dispatch_uid="access_log_sign_in")
        user_logged_out.connect(log_sign_out, dispatch_uid="access_log_sign_out")
        user_login_failed.connect(log_failed_sign_in, dispatch_uid="access_log_failed_sign_in")
