"""The retention schedule of seniors' files: which files are due for anonymisation today,
each under its own rule, from its own start date, with its own setting (months).

| rule | start | setting |
|---|---|---|
| closed file | the closing date | `RETENTION_SENIOR_CLOSED_MONTHS` |
| declined file | the date of the refusal | `RETENTION_SENIOR_DECLINED_MONTHS` |
| never reached | the day it entered the pipeline (no contact ever succeeded) | `..._NEVER_REACHED_MONTHS` |
| only on the register | the day the person left the register | `RETENTION_REGISTER_LEFT_MONTHS` |

Someone still on the vulnerability register is kept while they are on it, whatever their
file's state: the register's own rule takes over once they leave it. The schedule lives
with the contacts because "never reached" is a word about them (a successful contact)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Exists, F, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from ccas_visits.lib.dates import months_before
from seniors.models import Senior
from visits.models import Call, Visit


@dataclass(frozen=True)
class Rule:
    key: str
    label: str
    setting: str


CLOSED = Rule("closed", _("closed on %(day)s"), "RETENTION_SENIOR_CLOSED_MONTHS")
DECLINED = Rule("declined", _("declined on %(day)s"), "RETENTION_SENIOR_DECLINED_MONTHS")
NEVER_REACHED = Rule(
    "never_reached",
    _("in the programme since %(day)s, never reached"),
    "RETENTION_SENIOR_NEVER_REACHED_MONTHS",
)
LEFT_REGISTER = Rule(
    "left_register", _("only on the register, left it on %(day)s"), "RETENTION_REGISTER_LEFT_MONTHS"
)
RULES = (CLOSED, DECLINED, NEVER_REACHED, LEFT_REGISTER)


@dataclass(frozen=True)
class RetentionCase:
    """One file due for anonymisation: the rule, the day its period started, and the day it
    ended."""

    senior: Senior
    rule: Rule
    started_on: datetime.date

    @property
    def due_on(self) -> datetime.date:
        return months_before(self.started_on, -self.months)

    @property
    def months(self) -> int:
        return getattr(settings, self.rule.setting)

    def describe(self) -> str:
        return str(self.rule.label) % {"day": self.started_on.strftime("%d/%m/%Y")}


def _limit(rule: Rule, today: datetime.date) -> datetime.date:
    return months_before(today, getattr(settings, rule.setting))


def is_kept_by_the_register() -> Q:
    """On the vulnerability register and not left it: the register needs the person's data."""
    return Q(register_entry__isnull=False, register_entry__left_on__isnull=True)


def has_never_been_reached() -> Q:
    """No successful contact ever: no visit, no call that reached the person."""
    calls = Call.objects.filter(senior=OuterRef("pk")).successful()
    visits = Visit.objects.filter(senior=OuterRef("pk"))
    return ~Q(Exists(calls)) & ~Q(Exists(visits))


def retention_cases(today: datetime.date) -> list[RetentionCase]:
    """Every file due for anonymisation on `today`, the oldest first: one query per rule."""
    pending = Senior.objects.filter(anonymised_at__isnull=True)
    in_programme = pending.exclude(is_kept_by_the_register())
    queries = [
        (CLOSED, "status_changed_on", in_programme.filter(status=Senior.Status.CLOSED)),
        (DECLINED, "status_changed_on", in_programme.filter(status=Senior.Status.DECLINED)),
        (
            NEVER_REACHED,
            "identified_on",
            in_programme.filter(
                has_never_been_reached(), status__in=(Senior.Status.IDENTIFIED, Senior.Status.CONTACTED)
            ),
        ),
        (
            LEFT_REGISTER,
            "register_entry__left_on",
            pending.filter(status=Senior.Status.REGISTER_ONLY, register_entry__left_on__isnull=False),
        ),
    ]
    cases = []
    for rule, start, seniors in queries:
        due = seniors.filter(**{f"{start}__lt": _limit(rule, today)}).annotate(rule_start=F(start))
        cases += [RetentionCase(senior, rule, senior.rule_start) for senior in due]
    return sorted(cases, key=lambda case: (case.started_on, case.senior.pk))
