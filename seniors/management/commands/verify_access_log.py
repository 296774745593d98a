"""Check that no row of the access log was changed, removed or slipped in since it was written."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from seniors.models.access import verify_chain


class Command(BaseCommand):
    help = _("Check the access log's chain of hashes and name the first broken row.")

    def handle(self, *args, **options) -> None:
        check = verify_chain()
        if not check.is_intact:
            raise CommandError(
                _(
                    "The access log was altered: row %(id)d does not follow the one before it "
                    "(%(rows)d rows checked before it)."
                )
                % {"id": check.first_broken_id, "rows": check.rows}
            )
        self.stdout.write(_("The access log is intact: %(rows)d rows checked.") % {"rows": check.rows})
