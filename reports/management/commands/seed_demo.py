import dataclasses

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from ccas_visits.lib.demo import SCALES, erase_programme_data
from reports.demo import build_demo
from seniors.models import Senior
from volunteers.models import Volunteer


class Command(BaseCommand):
    help = "Fill an empty database with realistic demo data and the three demo accounts."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=1, help="Random seed (same seed, same data).")
        parser.add_argument("--scale", choices=sorted(SCALES), default="demo")
        parser.add_argument("--password", default="demo", help="Password of the demo accounts.")
        parser.add_argument(
            "--years", type=int, help="Years of history (default: the scale's); the yearly volume stays."
        )
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing (and succeed) if the database holds data."
        )
        parser.add_argument(
            "--force", action="store_true", help="Erase the programme data and user accounts first."
        )

    def handle(
        self,
        *args,
        seed: int,
        scale: str,
        password: str,
        years: int | None,
        force: bool,
        if_empty: bool,
        **options,
    ) -> None:
        if years is not None and years < 1:
            raise CommandError(_("The history lasts at least one year."))
        has_data = Senior.objects.exists() or Volunteer.objects.exists()
        if has_data and if_empty and not force:
            self.stdout.write(_("The database already holds data: the demo data was not loaded again."))
            return
        if not force and has_data:
            raise CommandError(
                _(
                    "The database already holds data: nothing was added. "
                    "Use --force to erase it and load the demo data."
                )
            )
        if force:
            erase_programme_data()
        size = SCALES[scale] if years is None else dataclasses.replace(SCALES[scale], years=years)
        counts = build_demo(seed=seed, scale=size, password=password)
        self.stdout.write(
            _(
                "Demo data created: %(volunteers)s volunteers, %(pairs)s pairs, %(seniors)s seniors, "
                "%(calls)s calls, %(visits)s visits."
            )
            % counts
        )
        self.stdout.write(_("Demo logins (password: %(password)s):") % {"password": password})
        for username, role in [
            ("coordinator", _("coordinator")),
            ("volunteer", _("volunteer")),
            ("manager", _("manager")),
        ]:
            self.stdout.write(f"  {username:<12} {role}")
