"""`python -m tests.bench [--scale large] [--only NAME] …`: the benchmark, run from the project root
on the application's settings (DATABASE_URL names the benchmark's database). The options are those
of tests.bench.command."""

import os
import sys

import django


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ccas_visits.settings")
    django.setup()
    # Imported once Django is set up: the command reads the models and the settings.
    from tests.bench.command import Command

    Command().run_from_argv(["python -m", "tests.bench", *sys.argv[1:]])


if __name__ == "__main__":
    main()
