"""Apply the personal-data retention periods; safe to run every night from cron."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ccas_visits.lib.dates import local_midnight, months_before
from seniors.models import AccessLog
from seniors.services import anonymise_senior
from visits.retention import RetentionCase, retention_cases
from visits.review import handled_reviews_before, purge_handled_reviews
from volunteers.services import anonymise_volunteer, volunteers_due_for_anonymisation


class Command(BaseCommand):
    help = _(
        "Anonymise the seniors' files past their retention periods (closed, declined, never "
        "reached, left the register) and volunteers gone for longer than theirs, and delete "
        "access logs and handled tablet records older than theirs."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help=_("Say what would be done, change nothing.")
        )

    def handle(self, *args, dry_run: bool, **options) -> None:
        today = timezone.localdate()
        cases = retention_cases(today)
        volunteers = list(volunteers_due_for_anonymisation(today))
        log_limit = months_before(today, settings.RETENTION_ACCESS_LOG_MONTHS)
        log_count = AccessLog.objects.filter(at__lt=local_midnight(log_limit)).count()
        review_limit = months_before(today, settings.RETENTION_TABLET_REVIEW_MONTHS)
        review_count = handled_reviews_before(review_limit).count()
        if not dry_run:
            with transaction.atomic():
                for case in cases:
                    anonymise_senior(case.senior)
                for volunteer in volunteers:
                    anonymise_volunteer(volunteer)
                # The old segment goes whole, behind a checkpoint the chain continues from.
                log_count = AccessLog.objects.purge_before(log_limit)
                review_count = purge_handled_reviews(review_limit)
        prefix = _("Dry run, nothing changed: ") if dry_run else ""
        volunteer_limit = months_before(today, settings.RETENTION_VOLUNTEER_LEFT_MONTHS)
        counts = [
            ngettext("%(count)d senior file anonymised.", "%(count)d senior files anonymised.", len(cases)),
            ngettext(
                "%(count)d volunteer gone before %(day)s anonymised.",
                "%(count)d volunteers gone before %(day)s anonymised.",
                len(volunteers),
            ),
            ngettext(
                "%(count)d access-log entry older than %(day)s deleted.",
                "%(count)d access-log entries older than %(day)s deleted.",
                log_count,
            ),
            ngettext(
                "%(count)d tablet record handled before %(day)s removed from the review queue.",
                "%(count)d tablet records handled before %(day)s removed from the review queue.",
                review_count,
            ),
        ]
        values = [
            (len(cases), None),
            (len(volunteers), volunteer_limit),
            (log_count, log_limit),
            (review_count, review_limit),
        ]
        lines = [
            text % {"count": count, "day": day.strftime("%d/%m/%Y") if day else ""}
            for text, (count, day) in zip(counts, values, strict=True)
        ]
        self.stdout.write(prefix + " ".join(lines))
        for case in cases:
            self.stdout.write(self._line(case))

    def _line(self, case: RetentionCase) -> str:
        """One file, by its number (no name in a cron mail): its rule, start and end."""
        return _("  file no. %(id)s: %(what)s, kept %(months)d months, until %(due)s") % {
            "id": case.senior.pk,
            "what": case.describe(),
            "months": case.months,
            "due": case.due_on.strftime("%d/%m/%Y"),
        }
