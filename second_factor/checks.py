"""`manage.py check --deploy` warns when a production server lets staff in on a password alone."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def check_staff_second_factor(app_configs, **kwargs) -> list[Warning]:
    if settings.DEBUG or settings.STAFF_SECOND_FACTOR_REQUIRED:
        return []
    return [
        Warning(
            "STAFF_SECOND_FACTOR_REQUIRED is off with DEBUG off: coordinators and managers sign in "
            "with a password alone.",
            hint="Remove STAFF_SECOND_FACTOR_REQUIRED=0 from the environment.",
            id="second_factor.W001",
        )
    ]
