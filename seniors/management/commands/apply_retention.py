"""Apply the personal-data retention periods; safe to run every night from cron."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ccas_visits.lib.dates import local_midnight, months_before
from seniors.models import AccessLog
from seniors.services import anonymise_senior, seniors_due_for_anonymisation
from volunteers.services import anonymise_volunteer, volunteers_due_for_anonymisation


class Command(BaseCommand):
    help = _(
        "Anonymise seniors closed and volunteers gone for longer than their retention periods, "
        "and delete access logs older than theirs."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help=_("Say what would be done, change nothing.")
        )

    def handle(self, *args, dry_run: bool, **options) -> None:
        today = timezone.localdate()
        seniors = list(seniors_due_for_anonymisation(today))
        volunteers = list(volunteers_due_for_anonymisation(today))
        log_limit = months_before(today, settings.RETENTION_ACCESS_LOG_MONTHS)
        log_count = AccessLog.objects.filter(at__lt=local_midnight(log_limit)).count()
        if not dry_run:
            with transaction.atomic():
                for senior in seniors:
                    anonymise_senior(senior)
                for volunteer in volunteers:
                    anonymise_volunteer(volunteer)
                # The old segment goes whole, behind a checkpoint the chain continues from.
                log_count = AccessLog.objects.purge_before(log_limit)
        prefix = _("Dry run, nothing changed: ") if dry_run else ""
        self.stdout.write(
            prefix
            + _(
                "%(seniors)d senior file(s) closed before %(senior_limit)s anonymised, "
                "%(volunteers)d volunteer(s) gone before %(volunteer_limit)s anonymised, "
                "%(logs)d access-log entr(y/ies) older than %(log_limit)s deleted."
            )
            % {
                "seniors": len(seniors),
                "senior_limit": months_before(today, settings.RETENTION_SENIOR_CLOSED_MONTHS).strftime(
                    "%d/%m/%Y"
                ),
                "volunteers": len(volunteers),
                "volunteer_limit": months_before(today, settings.RETENTION_VOLUNTEER_LEFT_MONTHS).strftime(
                    "%d/%m/%Y"
                ),
                "logs": log_count,
                "log_limit": log_limit.strftime("%d/%m/%Y"),
            }
        )
