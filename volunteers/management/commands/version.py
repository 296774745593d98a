from django.core.management.base import BaseCommand

from ccas_visits.version import VERSION


class Command(BaseCommand):
    help = "Print the application's version (see CHANGELOG.md)."

    def handle(self, *args, **options) -> None:
        self.stdout.write(VERSION)
