import calendar
import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone


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
