import calendar
import datetime
from zoneinfo import ZoneInfo

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# The dates the programme deals in: a birth date, a call, a report's period. Outside them a
# typed date is a typing error, and near Python's own limits (9999-12-31, 0001-01-01) the next
# day or the day in UTC does not exist: every form and filter refuses them, in French.
FIRST_YEAR, LAST_YEAR = 1900, 2100


def months_before(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` months earlier (the month's last day if it is shorter)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def months_after(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` months later (the month's last day if it is shorter)."""
    return months_before(day, -months)


def local_midnight(day: datetime.date) -> datetime.datetime:
    """The first instant of `day` in the project's time zone (Europe/Paris): a day runs from
    its midnight to the next one's, whatever the offset that day."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def paris() -> ZoneInfo:
    """The project's time zone (Europe/Paris), in which every local day is counted."""
    return ZoneInfo(settings.TIME_ZONE)


def within_programme_years(value: datetime.date | datetime.datetime | None) -> None:
    if value is not None and not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise ValidationError(
            _("Give a date between %(first)s and %(last)s."),
            code="out_of_range",
            params={"first": FIRST_YEAR, "last": LAST_YEAR},
        )


def bound_form_dates() -> None:
    """Every date and date-and-time field of every form (the application's, the lists'
    filters, the admin's) refuses a year outside FIRST_YEAR..LAST_YEAR. Called when the
    applications are ready, before any form field exists."""
    forms.DateField.default_validators = [within_programme_years]
    forms.DateTimeField.default_validators = [within_programme_years]
